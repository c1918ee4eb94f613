import { hostname } from "node:os";
import type { CountryCode } from "libphonenumber-js/min";
import { ConfigurationError } from "./configuration-error";
import { databaseTls } from "./database-tls";
import { attachmentTypeNames, type AttachmentTypeName, type Environment } from "./environment";
import { identityProviders } from "./identity-providers";
import { supportTime } from "./support-time";
import { twoStepKey } from "./two-step-key";

/** The settings the portal runs with, built from a validated environment. */

// Note: a fixed development secret keeps sessions valid across dev reloads; it is refused in production.
export const DEVELOPMENT_AUTH_SECRET = "development-only-secret-do-not-use-in-production-0000";

const MB = 1024 * 1024;

export type PortalConfig = ReturnType<typeof buildConfig>;

export function buildConfig(env: Environment) {
  const production = env.NODE_ENV === "production";
  if (production && !env.APP_URL) throw new ConfigurationError("APP_URL", "is required in production");
  if (production && !env.AUTH_SECRET) throw new ConfigurationError("AUTH_SECRET", "is required in production");
  if (production && !env.DATABASE_URL && !env.EMBEDDED_DATABASE) {
    throw new ConfigurationError(
      "DATABASE_URL",
      "is required in production (or set EMBEDDED_DATABASE=1 to run on the embedded database on purpose)",
    );
  }
  if (production && !env.SMTP_URL) throw new ConfigurationError("SMTP_URL", "is required in production");
  // Issue 29: a placeholder address in every page and security notice sends customers nowhere.
  if (production && !env.SUPPORT_EMAIL) throw new ConfigurationError("SUPPORT_EMAIL", "is required in production");
  const authSecret = env.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET;

  // Development follows the port next dev actually listens on.
  const appUrl = new URL(env.APP_URL ?? `http://localhost:${env.PORT ?? 3000}`);
  const companyName = env.COMPANY_NAME ?? "Alliant Power";
  const smtpHost = env.SMTP_URL ? new URL(env.SMTP_URL).hostname : undefined;
  return {
    production,
    environment: env.NODE_ENV,
    appUrl: appUrl.origin,
    // Browsers treat loopback as a secure context, so Secure cookies work in development too.
    secureCookies: appUrl.protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(appUrl.hostname),
    authSecret,
    database: env.DATABASE_URL
      ? { kind: "postgres" as const, url: env.DATABASE_URL, tls: databaseTls(env) }
      : { kind: "embedded" as const, directory: env.EMBEDDED_DATABASE_DIR ?? ".data/pglite" },
    mail: {
      smtpUrl: env.SMTP_URL,
      smtpHost,
      from: env.MAIL_FROM ?? `${env.PORTAL_NAME ?? "Customer Portal"} <no-reply@${appUrl.hostname}>`,
      // The dev mailbox exists only outside production and only when no mail server is configured.
      devMailbox: !production && !env.SMTP_URL,
      devMailboxDirectory: env.DEV_MAILBOX_DIR ?? ".data/mailbox",
      // On Vercel no process outlives a request: the cron route drains the outbox instead.
      backgroundDrainSeconds: env.VERCEL ? 0 : env.OUTBOX_POLL_SECONDS,
      // Issue 28: unset, case mails and Contact us answers carry no reply address and nothing reads a mailbox.
      replyAddress: env.SUPPORT_REPLY_ADDRESS ?? null,
      inboundImapUrl: env.INBOUND_IMAP_URL ?? null,
      inboundPollSeconds: env.INBOUND_POLL_SECONDS,
      inboundReopenClosed: env.INBOUND_REOPEN_CLOSED ?? true,
      // Unset: POST /api/inbound-mail answers 404, as if it did not exist.
      inboundWebhookSecret: env.INBOUND_WEBHOOK_SECRET ?? null,
    },
    branding: {
      companyName,
      // The one name where a name must serve every language (authenticator apps, passkeys, the
      // sender); pages and mail name the portal in the reader's language (lib/i18n/portal-name.ts).
      portalName: env.PORTAL_NAME ?? "Customer Portal",
      // A chosen name is a brand: the same in every language. Unset, each catalog has its own.
      chosenPortalName: env.PORTAL_NAME ?? null,
      // Unset: pages and mail leave the phone line out rather than show a made-up number.
      supportPhone: env.SUPPORT_PHONE ?? null,
      supportEmail: env.SUPPORT_EMAIL ?? `support@${appUrl.hostname}`,
      // Unset: the catalogs' own words for the default hours, in each language.
      supportHours: env.SUPPORT_HOURS ?? null,
    },
    support: supportTime(env),
    // Languages from a folder outside the build: a translation tried without rebuilding, and the
    // pseudo-language the tests render every screen in. A folder of locales/ wins over one here.
    extraLocalesDirectory: env.EXTRA_LOCALES_DIR ?? null,
    // Issue 26: times are shown in the reader's zone — chosen on Account, else the browser's — and in this one otherwise.
    portalTimeZone: env.PORTAL_TIME_ZONE ?? "UTC",
    passwordMinLength: env.PASSWORD_MIN_LENGTH,
    resetTokenTtlMinutes: env.RESET_TOKEN_TTL_MINUTES,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
    // On Vercel the platform starts the server (no `node --require`) and its proxy sets X-Forwarded-For.
    onVercel: Boolean(env.VERCEL),
    rateLimitScale: env.RATE_LIMIT_SCALE,
    cronSecret: env.CRON_SECRET,
    // Which server holds a lease on mail or a job: the same host and port after a restart is the
    // same instance, and takes its leases back at once instead of waiting for them to lapse. The
    // workers of one PORTAL_WORKERS start share host and port, so each worker's slot is part of it.
    instanceId: `${hostname()}:${env.PORT ?? "-"}${env.PORTAL_WORKER_SLOT === undefined ? "" : `/${env.PORTAL_WORKER_SLOT}`}`,
    // Issue 25: this process's slot among the workers of a PORTAL_WORKERS start (server/start.cjs).
    workerSlot: env.PORTAL_WORKER_SLOT === undefined ? undefined : Number(env.PORTAL_WORKER_SLOT),
    demoAccount: !production && (env.DEMO_ACCOUNT ?? env.NODE_ENV === "development"),
    // Issue 16: a phone number typed without "+<country>" is read as a number of this country.
    phoneDefaultCountry: (env.PHONE_DEFAULT_COUNTRY ?? "US") as CountryCode,
    registration: {
      // Open in development, so a newcomer can try it; by invitation in production unless chosen.
      mode: env.REGISTRATION ?? (production ? ("invitation" as const) : ("open" as const)),
      requireConfirmedEmail: env.REQUIRE_CONFIRMED_EMAIL ?? true,
      termsUrl: env.TERMS_URL,
      // The version recorded with each acceptance; defaults to the address itself.
      termsVersion: env.TERMS_VERSION ?? env.TERMS_URL,
    },
    twoStep: {
      // Issue 17: "required" sends everyone without a second step to set one up at sign-in; staff
      // roles always need one, whatever this says.
      policy: env.MFA ?? ("optional" as const),
      encryptionKey: twoStepKey(env, authSecret),
    },
    // Issue 29: pino's level; "info" gives a line per request, mail, job and background pass.
    logLevel: env.LOG_LEVEL ?? ("info" as const),
    // JSON for a log collector in production; a line a person reads in development.
    logFormat: env.LOG_FORMAT ?? (production ? ("json" as const) : ("pretty" as const)),
    operations: {
      // Issue 29: /api/health/ready answers 503 past these; 0 or unset turns a check off.
      readiness: {
        maxMailWaitSeconds: env.READY_MAX_MAIL_WAIT_SECONDS,
        maxJobWaitSeconds: env.READY_MAX_JOB_WAIT_SECONDS,
        maxDeadMail: env.READY_MAX_DEAD_MAIL ?? null,
        maxDeadJobs: env.READY_MAX_DEAD_JOBS ?? null,
      },
      // Vercel names the deployed commit itself; elsewhere the deployment passes it in.
      commit: env.GIT_COMMIT ?? env.VERCEL_GIT_COMMIT_SHA ?? null,
      // Unset: /api/metrics does not exist (404).
      metricsToken: env.METRICS_TOKEN ?? null,
    },
    attachments: {
      maxFileBytes: env.ATTACHMENT_MAX_FILE_MB * MB,
      maxFiles: env.ATTACHMENT_MAX_FILES,
      maxMessageBytes: env.ATTACHMENT_MAX_MESSAGE_MB * MB,
      types: env.ATTACHMENT_TYPES ? [...new Set(env.ATTACHMENT_TYPES.split(",").map((type) => type.trim() as AttachmentTypeName))] : [...attachmentTypeNames],
      // Unset: files are kept in the database (both PostgreSQL and the embedded one).
      directory: env.ATTACHMENTS_DIR ?? null,
      readSeconds: env.ATTACHMENT_READ_SECONDS,
      // Unset: files are not scanned for malware. tcp://host:port of a clamd.
      clamavUrl: env.CLAMAV_URL ?? null,
    },
    externalSignIn: {
      providers: identityProviders(env),
      // Off by default: linking by email trusts the provider's word that it verified the address.
      linkByEmail: env.EXTERNAL_LINK_BY_EMAIL ?? false,
      registration: env.EXTERNAL_REGISTRATION ?? false,
    },
  };
}
