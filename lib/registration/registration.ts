import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import AlreadyRegisteredEmail from "@/emails/already-registered";
import ConfirmRegistrationEmail from "@/emails/confirm-registration";
import { recordAudit } from "@/lib/audit";
import { DAY, HOUR, now } from "@/lib/clock";
import { config } from "@/lib/config";
import { PublicError } from "@/lib/customers/account-fields";
import { insertCustomer } from "@/lib/customers/customers";
import { findCustomerByEmail } from "@/lib/customers/lookup";
import { db, type Transaction, type Executor } from "@/lib/db";
import { pendingRegistrations, type Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { consumeLimit } from "@/lib/http/rate-limit";
import { enqueueJob, type JobPayload } from "@/lib/jobs/queue";
import { enqueueMail } from "@/lib/mail/outbox";
import { renderEmail } from "@/lib/mail/render";
import { checkMailedToken, mailedLinkCookieName } from "@/lib/auth/mailed-links";
import { hashPassword } from "@/lib/auth/password-hash";
import { reserveUsernameTry } from "@/lib/registration/username-tries";
import { normalizePassword } from "@/lib/auth/password-policy";
import { createEmailToken, hashEmailToken } from "@/lib/auth/tokens";

/**
 * "Register" (issue 14; the pending_registrations table is owned here). Held to the bar of
 * "Forgot your password?": every submission that passes the form's checks gets the same answer,
 * costs the same (the password is hashed either way, the rest happens after the response), and
 * only the mail differs — a confirmation link for a new address, "you already have an account"
 * for a known one. The account is created when the link is followed, not before (see the schema).
 */
export const REGISTRATION_JOB = "registration.request";
const LINK_LIFETIME_MS = 24 * HOUR;
const PENDING_KEPT_MS = 7 * DAY;

export type Registration = { email: string; username: string; password: string; locale: string; acceptedTerms: boolean };

export function registrationCookieName(): string {
  return mailedLinkCookieName("registration");
}

/** Records a registration to be worked out after the response (S16, S17: the same work for every address). */
export async function requestRegistration(registration: Registration, meta: RequestMeta) {
  const { termsVersion } = config().registration;
  const payload: JobPayload = {
    email: registration.email,
    username: registration.username,
    // S3: the stored hash is of the NFKC form, the form sign-in verifies.
    passwordHash: await hashPassword(normalizePassword(registration.password)),
    locale: registration.locale,
    termsVersion: registration.acceptedTerms ? (termsVersion ?? null) : null,
    termsAcceptedAt: registration.acceptedTerms ? now().toISOString() : null,
    ip: meta.ip,
  };
  await enqueueJob(await db(), REGISTRATION_JOB, payload);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The job behind a registration: the address's owner gets the one mail that fits. */
export async function processRegistration(payload: JobPayload, tx: Transaction) {
  const email = text(payload.email);
  const username = text(payload.username);
  const passwordHash = text(payload.passwordHash);
  const locale = text(payload.locale);
  if (!email || !username || !passwordHash) return;
  // Silent, like S18: an address gets at most 3 registration mails an hour, whoever asks.
  if ((await consumeLimit("registrationMailsPerAddress", email.toLowerCase(), tx)).limited) return;

  const existing = await findCustomerByEmail(email, tx);
  if (existing) {
    const mail = await renderEmail(
      "already-registered",
      AlreadyRegisteredEmail,
      { username: existing.username, signInUrl: `${config().appUrl}/signin`, resetUrl: `${config().appUrl}/forgot-password` },
      existing.locale ?? locale,
    );
    await enqueueMail(tx, existing.email, mail);
    return;
  }

  const token = createEmailToken();
  const createdAt = now();
  const expiresAt = new Date(createdAt.getTime() + LINK_LIFETIME_MS);
  // One live link per address: a newer registration replaces an older one.
  await tx.delete(pendingRegistrations).where(and(sql`lower(${pendingRegistrations.email}) = lower(${email})`, isNull(pendingRegistrations.usedAt)));
  await tx.insert(pendingRegistrations).values({
    tokenHash: hashEmailToken(token),
    email,
    username,
    passwordHash,
    locale,
    termsVersion: text(payload.termsVersion),
    termsAcceptedAt: text(payload.termsAcceptedAt) ? new Date(text(payload.termsAcceptedAt)!) : null,
    createdAt,
    expiresAt,
  });
  const mail = await renderEmail(
    "confirm-registration",
    ConfirmRegistrationEmail,
    { username, confirmUrl: `${config().appUrl}/register/confirm/${token}`, expiresInHours: LINK_LIFETIME_MS / HOUR },
    locale,
  );
  await enqueueMail(tx, email, mail, { deliverUntil: expiresAt, supersedeKey: `registration:${email.toLowerCase()}` });
  await recordAudit({ event: "registration_requested", meta: { ip: text(payload.ip) ?? "unknown", userAgent: null } }, tx);
}

export type PendingRegistration = typeof pendingRegistrations.$inferSelect;

async function findValidRegistration(token: string): Promise<PendingRegistration | null> {
  const [row] = await (await db())
    .select()
    .from(pendingRegistrations)
    .where(and(eq(pendingRegistrations.tokenHash, hashEmailToken(token)), isNull(pendingRegistrations.usedAt), gt(pendingRegistrations.expiresAt, now())))
    .limit(1);
  return row ?? null;
}

export function checkRegistrationLink(token: unknown, meta: RequestMeta, stage: "link" | "page" | "form") {
  return checkMailedToken(token, meta, findValidRegistration, { event: "registration_token_rejected", stage });
}

export type RegistrationOutcome =
  | { ok: true; customer: Customer }
  | { ok: false; reason: "invalid_link" | "already_registered" }
  | { ok: false; reason: "username_taken"; username: string }
  | { ok: false; reason: "too_many_tries"; retryAfterSeconds: number };

class UsernameTaken extends Error {}

/**
 * Following the link: the token is used up by one atomic UPDATE in the transaction that creates
 * the customer, with the address confirmed (the link proved it) — of any number of simultaneous
 * submissions exactly one creates the account (S11). If the username was taken meanwhile, nothing
 * is used up and the page asks for another (only the address's owner sees that), a limited number
 * of times (rule R1, lib/registration/username-tries.ts).
 */
export async function completeRegistration(token: unknown, meta: RequestMeta, username?: string): Promise<RegistrationOutcome> {
  const pending = await checkRegistrationLink(token, meta, "form");
  if (!pending) return { ok: false, reason: "invalid_link" };
  const chosen = username ?? pending.username;
  const attempt = await reserveUsernameTry(`registration:${pending.id}`, meta);
  if (attempt.limited) return { ok: false, reason: "too_many_tries", retryAfterSeconds: attempt.retryAfterSeconds };
  let outcome: RegistrationOutcome;
  try {
    outcome = await (await db()).transaction(async (tx) => {
      const time = now();
      const [used] = await tx
        .update(pendingRegistrations)
        .set({ usedAt: time })
        .where(and(eq(pendingRegistrations.id, pending.id), isNull(pendingRegistrations.usedAt), gt(pendingRegistrations.expiresAt, time)))
        .returning();
      if (!used) return { ok: false as const, reason: "invalid_link" as const };
      if (await findCustomerByEmail(used.email, tx)) return { ok: false as const, reason: "already_registered" as const };
      try {
        const customer = await insertCustomer(
          { username: chosen, email: used.email, passwordHash: used.passwordHash, emailVerified: time, locale: used.locale, termsVersion: used.termsVersion, termsAcceptedAt: used.termsAcceptedAt },
          tx,
        );
        await recordAudit({ event: "registration_completed", customerId: customer.id, meta }, tx);
        return { ok: true as const, customer };
      } catch (error) {
        if (error instanceof PublicError && error.field === "username") throw new UsernameTaken();
        throw error;
      }
    });
  } catch (error) {
    if (!(error instanceof UsernameTaken)) {
      await attempt.giveBack();
      throw error;
    }
    return { ok: false, reason: "username_taken", username: chosen };
  }
  await attempt.giveBack();
  return outcome;
}

/** Registrations never confirmed are gone after 7 days; used ones too. */
export async function prunePendingRegistrations(executor?: Executor) {
  await (executor ?? (await db())).delete(pendingRegistrations).where(lt(pendingRegistrations.createdAt, new Date(now().getTime() - PENDING_KEPT_MS)));
}
