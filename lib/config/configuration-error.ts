import { DEFAULT_RESPONSE_TARGETS } from "@/lib/support/response-targets";
import { attachmentTypeNames } from "./environment";

// What to put in a variable, for the start-up message that names it.
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
  EXTRA_LOCALES_DIR: "a directory of language folders besides locales/ (each <language>/messages.json), e.g. /srv/portal/locales",
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
