import PasswordChangedEmail from "@/emails/password-changed";
import SecurityAlertEmail, { type SecurityAlertKind } from "@/emails/security-alert";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { findCustomerById } from "@/lib/customers/lookup";
import type { Executor, Transaction } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { describeDevice } from "@/lib/http/user-agent";
import { enqueueJob, type JobPayload } from "@/lib/jobs/queue";
import { enqueueMail } from "@/lib/mail/outbox";
import { formatEventTime, mailText, renderEmail } from "@/lib/mail/render";
import { mailTimeZone } from "@/lib/i18n/time-zone";

/**
 * Mail that tells customers about changes to their account's security, always to the address on
 * the account and in the customer's language (the one on their record, else the one the change
 * was made in). S41: after every password reset and change; what happened, when, from where, and
 * what to do if it was not them.
 */
function noticeLanguage(customer: Customer, requestLocale: string | undefined) {
  return customer.locale ?? requestLocale ?? null;
}

/** "Chrome on Windows", in the mail's language. */
function deviceWords(userAgent: string | null, locale: string | null) {
  const t = mailText(locale);
  const { browser, system } = describeDevice(userAgent);
  return t("device", { browser: browser ?? t("unknownBrowser"), system: system ?? t("unknownSystem") });
}

export async function sendPasswordChangedNotice(tx: Executor, customer: Customer, how: "reset" | "changed", meta: RequestMeta, requestLocale?: string) {
  const locale = noticeLanguage(customer, requestLocale);
  const email = await renderEmail(
    "password-changed",
    PasswordChangedEmail,
    {
      username: customer.username,
      name: customer.name,
      how,
      when: formatEventTime(now(), locale, mailTimeZone(customer)),
      browser: deviceWords(meta.userAgent, locale),
      ip: meta.ip,
      resetUrl: `${config().appUrl}/forgot-password`,
    },
    locale,
  );
  await enqueueMail(tx, customer.email, email);
}

export type SecurityAlert = {
  kind: SecurityAlertKind;
  /** The address to write to when it is not the account's current one (the old or new address of an email change). */
  to?: string;
  provider?: string;
  newEmail?: string;
  minutes?: number;
  notMeUrl?: string;
  /** When it happened, for an alert mailed by a job after the event (default: now). */
  at?: Date;
};

/**
 * Issue 16: a security alert — a sign-in from a new browser, an external account connected or
 * disconnected, a lockout, an email change — through the outbox, in the transaction that decided it.
 */
export async function sendSecurityAlert(tx: Executor, customer: Customer, alert: SecurityAlert, meta: RequestMeta, requestLocale?: string) {
  const locale = noticeLanguage(customer, requestLocale);
  const { kind, to, at, ...details } = alert;
  const email = await renderEmail(
    "security-alert",
    SecurityAlertEmail,
    {
      kind,
      username: customer.username,
      name: customer.name,
      when: formatEventTime(at ?? now(), locale, mailTimeZone(customer)),
      browser: deviceWords(meta.userAgent, locale),
      ip: meta.ip,
      resetUrl: `${config().appUrl}/forgot-password`,
      ...details,
    },
    locale,
    { kind },
  );
  await enqueueMail(tx, to ?? customer.email, email);
}

/**
 * The lockout alert is mailed by a job, after the response: rendering it inside the failed sign-in
 * would make the 5th failure on a real account slower than any failure on a made-up one (S26).
 */
export const LOCKOUT_ALERT_JOB = "security-alert.lockout";

export async function queueLockoutAlert(executor: Executor, customerId: string, lock: { kind: "locked" | "blocked"; minutes?: number }, meta: RequestMeta) {
  await enqueueJob(executor, LOCKOUT_ALERT_JOB, { customerId, kind: lock.kind, minutes: lock.minutes ?? null, ip: meta.ip, userAgent: meta.userAgent });
}

/**
 * The job: at most one lock alert an hour per account, however often it is locked; the block after
 * 100 failures happens once (password attempts stop until a reset), so its alert always goes.
 */
export async function processLockoutAlert(payload: JobPayload, tx: Transaction) {
  const customer = typeof payload.customerId === "string" ? await findCustomerById(payload.customerId, tx) : undefined;
  if (!customer || customer.disabled) return;
  const kind = payload.kind === "blocked" ? "blocked" : "locked";
  if (kind === "locked" && (await consumeLimit("lockoutAlertsPerAccount", customer.id, tx)).limited) return;
  const meta = { ip: String(payload.ip ?? ""), userAgent: typeof payload.userAgent === "string" ? payload.userAgent : null };
  await sendSecurityAlert(tx, customer, { kind, minutes: typeof payload.minutes === "number" ? payload.minutes : undefined }, meta);
}
