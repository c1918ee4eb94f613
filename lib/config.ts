import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { isSupportedCountry, type CountryCode } from "libphonenumber-js/min";
import { z } from "zod";
import { isTimeZone } from "@/lib/i18n/times";
import { parseBusinessHours, parseHolidays } from "@/lib/support/business-hours";
import { DEFAULT_RESPONSE_TARGETS, parseResponseTargets } from "@/lib/support/response-targets";

/**
 * The portal's settings, read once from the environment and validated.
 * Note: this is the only module that reads process.env (style rule 4); a bad value stops the
 * start with the variable's name and what to put in it.
 */

// Note: a fixed development secret keeps sessions valid across dev reloads; it is refused in production.
const DEVELOPMENT_AUTH_SECRET = "development-only-secret-do-not-use-in-production-0000";

// Empty strings count as unset, so a blank line in .env behaves like a missing one.
const optionalString = z.preprocess((value) => (value === "" ? undefined : value), z.string().optional());
const flag = z.preprocess(
  (value) => (value === "" || value === undefined ? undefined : value),
  z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "1" || value === "true")),
);
const integer = (fallback: number, min: number, max: number) =>
  z.preprocess(
    (value) => (value === "" || value === undefined ? undefined : Number(value)),
    z.number().int().min(min).max(max).default(fallback),
  );

// Unset (or empty) means "no limit"; a value is a whole number in the range.
const optionalInteger = (min: number, max: number) =>
  z.preprocess((value) => (value === "" || value === undefined ? undefined : Number(value)), z.number().int().min(min).max(max).optional());
/** The kinds of file a case may carry (issue 26); which of them are accepted is ATTACHMENT_TYPES. */
export const attachmentTypeNames = ["png", "jpeg", "gif", "webp", "heic", "pdf", "txt", "csv"] as const;
export type AttachmentTypeName = (typeof attachmentTypeNames)[number];
const MB = 1024 * 1024;

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AUTH_SECRET: optionalString.pipe(z.string().min(32).optional()),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_SSL: optionalString.pipe(z.enum(["verify-full", "require", "disable"]).optional()),
  DATABASE_CA: optionalString,
  EMBEDDED_DATABASE: flag,
  EMBEDDED_DATABASE_DIR: optionalString,
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: optionalString,
  COMPANY_NAME: optionalString,
  PORTAL_NAME: optionalString,
  SUPPORT_PHONE: optionalString,
  SUPPORT_EMAIL: optionalString.pipe(z.email().optional()),
  SUPPORT_HOURS: optionalString,
  PORTAL_TIME_ZONE: optionalString.pipe(z.string().refine(isTimeZone, "not an IANA time zone name").optional()),
  SUPPORT_HOLIDAYS_FILE: optionalString,
  SUPPORT_RESPONSE_TARGETS: optionalString,
  PASSWORD_MIN_LENGTH: integer(15, 8, 64),
  RESET_TOKEN_TTL_MINUTES: integer(60, 5, 24 * 60),
  TRUSTED_PROXY_HOPS: integer(0, 0, 10),
  RATE_LIMIT_SCALE: integer(1, 1, 100_000),
  CRON_SECRET: optionalString.pipe(z.string().min(32).optional()),
  OUTBOX_POLL_SECONDS: integer(10, 0, 3600),
  DEMO_ACCOUNT: flag,
  DEV_MAILBOX_DIR: optionalString,
  OIDC_PROVIDERS: optionalString,
  AUTH_MICROSOFT_ENTRA_ID_ID: optionalString,
  AUTH_MICROSOFT_ENTRA_ID_SECRET: optionalString,
  AUTH_MICROSOFT_ENTRA_ID_ISSUER: optionalString.pipe(z.url().optional()),
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  EXTERNAL_LINK_BY_EMAIL: flag,
  EXTERNAL_REGISTRATION: flag,
  VERCEL: optionalString,
  PORT: optionalString,
  // Set by server/start.cjs in each worker of a PORTAL_WORKERS start (issue 25), never by hand.
  PORTAL_WORKER_SLOT: optionalString.pipe(z.string().regex(/^\d{1,2}$/).optional()),
  REGISTRATION: optionalString.pipe(z.enum(["open", "invitation", "off"]).optional()),
  REQUIRE_CONFIRMED_EMAIL: flag,
  TERMS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  TERMS_VERSION: optionalString.pipe(z.string().max(40).optional()),
  PHONE_DEFAULT_COUNTRY: optionalString.pipe(z.string().refine((code) => isSupportedCountry(code), "not a country phone numbers are known for").optional()),
  MFA: optionalString.pipe(z.enum(["optional", "required"]).optional()),
  MFA_ENCRYPTION_KEY: optionalString,
  READY_MAX_MAIL_WAIT_SECONDS: integer(900, 0, 7 * 24 * 3600),
  READY_MAX_JOB_WAIT_SECONDS: integer(600, 0, 7 * 24 * 3600),
  READY_MAX_DEAD_MAIL: optionalInteger(0, 1_000_000),
  READY_MAX_DEAD_JOBS: optionalInteger(0, 1_000_000),
  METRICS_TOKEN: optionalString.pipe(z.string().min(32).optional()),
  LOG_FORMAT: optionalString.pipe(z.enum(["json", "pretty"]).optional()),
  LOG_LEVEL: optionalString.pipe(z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional()),
  GIT_COMMIT: optionalString.pipe(z.string().regex(/^[0-9a-f]{7,40}$/i, "a commit hash").optional()),
  VERCEL_GIT_COMMIT_SHA: optionalString,
  // Note: 25 MB is the ceiling the request gate (server/request-gate.cjs) and the server actions'
  // body limit (next.config.mjs) leave room for; the settings can only lower it.
  ATTACHMENT_MAX_FILE_MB: integer(10, 1, 25),
  ATTACHMENT_MAX_FILES: integer(5, 1, 20),
  ATTACHMENT_MAX_MESSAGE_MB: integer(25, 1, 25),
  ATTACHMENT_TYPES: optionalString.pipe(
    z
      .string()
      .refine((list) => list.split(",").every((type) => attachmentTypeNames.includes(type.trim() as AttachmentTypeName)), `a comma-separated list of: ${attachmentTypeNames.join(", ")}`)
      .optional(),
  ),
  ATTACHMENTS_DIR: optionalString,
  CLAMAV_URL: optionalString.pipe(z.url({ protocol: /^tcp$/ }).optional()),
  SUPPORT_REPLY_ADDRESS: optionalString.pipe(z.string().regex(/^[^@\s{}]*\{token\}[^@\s{}]*@[^@\s{}]+$/, "an address with {token} before the @").optional()),
  INBOUND_IMAP_URL: optionalString.pipe(z.url({ protocol: /^imaps?$/ }).optional()),
  INBOUND_POLL_SECONDS: integer(60, 5, 3600),
  INBOUND_REOPEN_CLOSED: flag,
  INBOUND_WEBHOOK_SECRET: optionalString.pipe(z.string().min(32).optional()),
});

type Environment = Record<string, string | undefined>;


const descriptions: Record<string, string> = {
  APP_URL: "the portal's public origin, e.g. https://portal.example.com",
  AUTH_SECRET: "a random secret of at least 32 characters, e.g. the output of `openssl rand -base64 32`",
  DATABASE_URL: "a PostgreSQL connection string, e.g. postgres://user:password@host:5432/portal",
  DATABASE_SSL: "verify-full (the default for a server on another host), require (encrypt without checking the certificate) or disable",
  DATABASE_CA: "the PEM text of the certificate authority that signed the database server's certificate, or the path of a file holding it",
  SMTP_URL: "the mail server, e.g. smtps://user:password@smtp.example.com:465",
  SUPPORT_EMAIL: "the support mailbox customers may write to, e.g. support@example.com",
  SUPPORT_HOURS: 'the support team\'s working days, hours and time zone, e.g. "Mon-Fri 08:00-18:00 America/Chicago"',
  PORTAL_TIME_ZONE: "the IANA time zone that times are shown in for a reader whose zone is not known, e.g. America/Chicago",
  SUPPORT_HOLIDAYS_FILE: "the path of a text file with one holiday a line as YYYY-MM-DD (a name after the date and # comments are allowed)",
  SUPPORT_RESPONSE_TARGETS: `first/next response targets in working time for every priority, e.g. "${DEFAULT_RESPONSE_TARGETS}"`,
  ATTACHMENT_TYPES: `a comma-separated list of the kinds of file cases accept, from: ${attachmentTypeNames.join(", ")}`,
  ATTACHMENTS_DIR: "a directory the portal may write to, e.g. /var/lib/portal/attachments (unset: files are kept in the database)",
  CLAMAV_URL: "the clamd to scan files with, e.g. tcp://127.0.0.1:3310",
  SUPPORT_REPLY_ADDRESS: "the address customers answer case mails (and Contact us answers) at, with {token} where the token goes, e.g. support+{token}@example.com",
  INBOUND_IMAP_URL: "the mailbox replies arrive in, e.g. imaps://user:password@imap.example.com/INBOX",
  INBOUND_POLL_SECONDS: "seconds between looks at the inbound mailbox when the server has no IDLE (5 to 3600)",
  INBOUND_REOPEN_CLOSED: "true (a customer's reply by mail reopens a closed case) or false (it is held for staff)",
  INBOUND_WEBHOOK_SECRET: "a random secret of at least 32 characters an inbound-mail provider signs POST /api/inbound-mail with",
  CRON_SECRET: "a random secret of at least 32 characters that the scheduler sends as a Bearer token",
  REGISTRATION: "open (anyone may register), invitation (only with an invitation code) or off",
  TERMS_URL: "the address of the terms and privacy notice new customers accept, e.g. https://example.com/terms",
  OIDC_PROVIDERS: 'a JSON list such as [{"id":"corp","name":"Contoso staff","issuer":"https://login.example.com","clientId":"…","clientSecret":"…"}]',
  PHONE_DEFAULT_COUNTRY: "the two-letter country code (ISO 3166-1) that phone numbers written without +country are read in, e.g. US",
  MFA: "optional (customers choose whether to use two-step verification) or required (everyone sets it up at their next sign-in)",
  MFA_ENCRYPTION_KEY: "32 random bytes in base64 or hex, e.g. the output of `openssl rand -base64 32`",
  METRICS_TOKEN: "a random secret of at least 32 characters that Prometheus sends as a Bearer token, e.g. the output of `openssl rand -base64 32`",
  LOG_FORMAT: "json (one JSON object a line) or pretty (a readable line)",
  LOG_LEVEL: "one of trace, debug, info, warn, error, fatal or silent",
  GIT_COMMIT: "the commit hash of the release being run, e.g. the output of `git rev-parse HEAD`",
  MAIL_FROM: "the sender of the portal's mail, e.g. \"Customer Portal <no-reply@example.com>\"",
};

export class ConfigurationError extends Error {
  constructor(readonly variable: string, detail: string) {
    const hint = descriptions[variable] ? ` Set it to ${descriptions[variable]}.` : "";
    super(`Configuration: ${variable} ${detail}.${hint}`);
    this.name = "ConfigurationError";
  }
}

export type PortalConfig = ReturnType<typeof buildConfig>;

/** An external identity provider the sign-in page offers. */
export type IdentityProvider = {
  id: string;
  name: string;
  kind: "oidc" | "microsoft-entra-id" | "google";
  issuer?: string;
  clientId: string;
  clientSecret: string;
};

const oidcProvidersSchema = z.array(
  z.object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, "ids are lower-case letters, digits and dashes"),
    name: z.string().min(1).max(60),
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
  }),
);

function identityProviders(env: z.infer<typeof environmentSchema>): IdentityProvider[] {
  const providers: IdentityProvider[] = [];
  if (env.OIDC_PROVIDERS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.OIDC_PROVIDERS);
    } catch {
      throw new ConfigurationError("OIDC_PROVIDERS", "is not valid JSON");
    }
    const result = oidcProvidersSchema.safeParse(parsed);
    if (!result.success) throw new ConfigurationError("OIDC_PROVIDERS", `is invalid (${result.error.issues[0].message})`);
    providers.push(...result.data.map((provider) => ({ ...provider, kind: "oidc" as const })));
  }
  if (env.AUTH_MICROSOFT_ENTRA_ID_ID && env.AUTH_MICROSOFT_ENTRA_ID_SECRET) {
    providers.push({
      id: "microsoft-entra-id",
      name: "Microsoft",
      kind: "microsoft-entra-id",
      issuer: env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      clientId: env.AUTH_MICROSOFT_ENTRA_ID_ID,
      clientSecret: env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    });
  }
  if (env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET) {
    providers.push({ id: "google", name: "Google", kind: "google", clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET });
  }
  return providers;
}

/**
 * The key that seals authenticator-app secrets and keys the hashes of sign-in and recovery codes
 * (issue 17). Production needs its own; development derives one from AUTH_SECRET (itself a fixed
 * development secret unless set), so codes and secrets survive dev reloads.
 */
function twoStepKey(env: z.infer<typeof environmentSchema>, authSecret: string): Buffer {
  const given = env.MFA_ENCRYPTION_KEY?.trim();
  if (!given) {
    if (env.NODE_ENV === "production") throw new ConfigurationError("MFA_ENCRYPTION_KEY", "is required in production");
    return createHash("sha256").update(`portal two-step development key:${authSecret}`).digest();
  }
  // Strictly 64 hex digits or 43 base64 characters (and "="): Node's base64 decoder skips what it
  // does not know, so a passphrase could otherwise decode to 32 bytes by chance.
  const key = /^[0-9a-fA-F]{64}$/.test(given) ? Buffer.from(given, "hex") : /^[A-Za-z0-9+/]{43}=?$/.test(given) ? Buffer.from(given, "base64") : Buffer.alloc(0);
  if (key.length !== 32) throw new ConfigurationError("MFA_ENCRYPTION_KEY", "is not 32 bytes in base64 or hex");
  return key;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", ""]);

/** How the PostgreSQL connection is protected (S39): verified TLS unless the server is on this machine. */
export type DatabaseTls = { mode: "verify-full" | "require" | "disable"; ca?: string };

function databaseTls(env: z.infer<typeof environmentSchema>): DatabaseTls {
  const loopback = LOOPBACK_HOSTS.has(new URL(env.DATABASE_URL!).hostname);
  const mode = env.DATABASE_SSL ?? (loopback ? "disable" : "verify-full");
  let ca = env.DATABASE_CA;
  if (ca && !ca.includes("-----BEGIN")) {
    try {
      ca = readFileSync(ca, "utf8");
    } catch {
      throw new ConfigurationError("DATABASE_CA", "names a file that cannot be read");
    }
  }
  return { mode, ca };
}

// Unset SUPPORT_HOURS: the hours every catalog names by default ("Monday to Friday, 8 am to 6 pm"), in UTC.
const DEFAULT_SUPPORT_HOURS = "Mon-Fri 08:00-18:00 UTC";

/** Issue 27: the working time that response targets count in, and the targets themselves. */
function supportTime(env: z.infer<typeof environmentSchema>) {
  let holidays: string[] = [];
  if (env.SUPPORT_HOLIDAYS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.SUPPORT_HOLIDAYS_FILE, "utf8");
    } catch {
      throw new ConfigurationError("SUPPORT_HOLIDAYS_FILE", "names a file that cannot be read");
    }
    try {
      holidays = parseHolidays(text);
    } catch (error) {
      throw new ConfigurationError("SUPPORT_HOLIDAYS_FILE", `is invalid (${(error as Error).message})`);
    }
  }
  const attempt = <T,>(variable: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new ConfigurationError(variable, `is invalid (${(error as Error).message})`);
    }
  };
  return {
    hours: attempt("SUPPORT_HOURS", () => parseBusinessHours(env.SUPPORT_HOURS ?? DEFAULT_SUPPORT_HOURS, holidays)),
    responseTargets: attempt("SUPPORT_RESPONSE_TARGETS", () => parseResponseTargets(env.SUPPORT_RESPONSE_TARGETS ?? DEFAULT_RESPONSE_TARGETS)),
  };
}

function buildConfig(env: z.infer<typeof environmentSchema>) {
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

/** Validates an environment and returns the settings; throws ConfigurationError naming the variable. */
export function parseConfig(environment: Environment): PortalConfig {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0]);
    throw new ConfigurationError(variable, `is invalid (${issue.message})`);
  }
  const config = buildConfig(result.data);
  if (config.production && config.authSecret === DEVELOPMENT_AUTH_SECRET) {
    throw new ConfigurationError("AUTH_SECRET", "is the development secret, which production refuses");
  }
  return config;
}

let current: PortalConfig | undefined;

/** The running portal's settings (validated on first use). */
export function config(): PortalConfig {
  if (!current) {
    current = parseConfig(process.env);
    // S15: Auth.js derives its own URL from request headers unless AUTH_URL is set; pin it to APP_URL.
    process.env.AUTH_URL = `${current.appUrl}/api/auth`;
  }
  return current;
}

/** Tests change settings through the environment and then call this. */
export function reloadConfig(): PortalConfig {
  current = undefined;
  return config();
}
