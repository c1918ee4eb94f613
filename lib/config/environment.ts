import { statSync } from "node:fs";
import { isSupportedCountry } from "libphonenumber-js/min";
import { z } from "zod";
import { isTimeZone } from "@/lib/i18n/times";

/** Every variable the portal reads, with its type, range and default (parsed once by ./index.ts). */

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

function isDirectory(value: string): boolean {
  try {
    return statSync(value).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The kinds of file a case may carry (issue 26); which of them are accepted is ATTACHMENT_TYPES.
 * Their types, for storing and for the picker, are in lib/support/attachments/file-kind.ts.
 */
export const attachmentTypeNames = ["png", "jpeg", "gif", "webp", "heic", "pdf", "txt", "csv"] as const;
export type AttachmentTypeName = (typeof attachmentTypeNames)[number];

export const environmentSchema = z.object({
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
  // How long one upload's body may take to arrive (issue 26): the default lets a 10 MB file come at
  // 60 kB/s, a slow phone's connection, and stops a body trickled on purpose from holding its place.
  ATTACHMENT_READ_SECONDS: integer(180, 1, 3600),
  CLAMAV_URL: optionalString.pipe(z.url({ protocol: /^tcp$/ }).optional()),
  SUPPORT_REPLY_ADDRESS: optionalString.pipe(z.string().regex(/^[^@\s{}]*\{token\}[^@\s{}]*@[^@\s{}]+$/, "an address with {token} before the @").optional()),
  INBOUND_IMAP_URL: optionalString.pipe(z.url({ protocol: /^imaps?$/ }).optional()),
  INBOUND_POLL_SECONDS: integer(60, 5, 3600),
  INBOUND_REOPEN_CLOSED: flag,
  INBOUND_WEBHOOK_SECRET: optionalString.pipe(z.string().min(32).optional()),
  EXTRA_LOCALES_DIR: optionalString.pipe(z.string().refine(isDirectory, "not a directory").optional()),
});

/** The environment after validation: what every part of the settings is built from. */
export type Environment = z.infer<typeof environmentSchema>;
