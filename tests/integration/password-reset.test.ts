import { eq } from "drizzle-orm";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { setCustomerDisabled } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { outbox, passwordResetTokens } from "@/lib/db/schema";
import { runMailWork } from "@/lib/jobs/worker";
import { findValidResetLink, requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { hashResetToken } from "@/lib/auth/reset-tokens";
import { isSessionLive, newSessionClaims } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { resetLinks } from "../support/smtp-receiver";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

/** Steps 2–4 of the guide: ask for a link and take it from the mail that arrives. */
async function requestLink(email: string) {
  const before = receiver.to(email).length;
  await requestPasswordReset(email, freshMeta());
  await runMailWork();
  const mail = await receiver.waitFor((m) => m.envelopeTo.includes(email) && receiver.to(email).indexOf(m) >= before && m.subject!.startsWith("Reset"));
  const [link] = resetLinks(mail);
  return { mail, link, token: link.split("/").pop()! };
}

describe(`Forgot your password?, on ${testDatabaseLabel()}`, () => {
  it("mails a known address exactly one link, on APP_URL's origin, to the stored address (S15, S19, S43)", async () => {
    const customer = await makeCustomer();
    const { mail, link } = await requestLink(customer.email.toUpperCase() === customer.email ? customer.email : customer.email);
    expect(resetLinks(mail)).toHaveLength(1);
    expect(new URL(link).origin).toBe("https://portal.example.test");
    expect(mail.envelopeTo).toEqual([customer.email]);
    expect(mail.text).toContain(customer.username);
    expect(mail.text).toContain("expires in 60 minutes and works once");
    expect(mail.text).toContain("If you didn't ask for this, you can ignore this email; your password has not changed.");
    expect(mail.html).toBeTruthy();
  });

  it("sends nothing for an unknown or a disabled address", async () => {
    const disabled = await makeCustomer();
    await setCustomerDisabled(disabled.id, true);
    const count = receiver.messages.length;
    await requestPasswordReset("nobody@example.test", freshMeta());
    await requestPasswordReset(disabled.email, freshMeta());
    await runMailWork();
    expect(receiver.messages.length).toBe(count);
  });

  it("sends a locked-out customer a link, and the reset lifts the lock (S20, S24)", async () => {
    const customer = await makeCustomer();
    for (let i = 0; i < 5; i += 1) await signInWithPassword(customer.username, "wrong wrong wrong", freshMeta());
    const { token } = await requestLink(customer.email);
    expect((await resetPassword(token, "a fresh unlocked passphrase", freshMeta())).ok).toBe(true);
    expect((await signInWithPassword(customer.username, "a fresh unlocked passphrase", freshMeta())).ok).toBe(true);
    expect((await reloadCustomer(customer.id)).emailVerified).not.toBeNull();
  });

  it("changes nothing on the account until the link is used (S20)", async () => {
    const customer = await makeCustomer();
    await requestLink(customer.email);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
  });

  it("sends at most 3 mails an hour to one account (S18)", async () => {
    const customer = await makeCustomer();
    for (let i = 0; i < 3; i += 1) await requestLink(customer.email);
    await requestPasswordReset(customer.email, freshMeta());
    await runMailWork();
    expect(receiver.to(customer.email)).toHaveLength(3);
    advanceClock(61 * MINUTE);
    await requestLink(customer.email);
    expect(receiver.to(customer.email)).toHaveLength(4);
  });

  it("stores only the token's hash, with the address it was sent to (S8)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const rows = await (await db()).select().from(passwordResetTokens).where(eq(passwordResetTokens.customerId, customer.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashResetToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0].emailAtIssue).toBe(customer.email);
  });

  it("erases the delivered mail's body from the outbox, so no link lingers", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const rows = await (await db()).select().from(outbox).where(eq(outbox.recipient, customer.email));
    expect(rows.every((row) => row.status === "sent" && row.html === null && row.text === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("accepts the link at 59 minutes and refuses it at 61 (S10)", async () => {
    const early = await makeCustomer();
    const late = await makeCustomer();
    const first = await requestLink(early.email);
    const second = await requestLink(late.email);
    advanceClock(59 * MINUTE);
    expect(await findValidResetLink(first.token)).not.toBeNull();
    expect((await resetPassword(first.token, "fifty nine minutes in", freshMeta())).ok).toBe(true);
    advanceClock(2 * MINUTE);
    expect(await findValidResetLink(second.token)).toBeNull();
    expect(await resetPassword(second.token, "sixty one minutes in", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("voids the first link when a second is requested (S12)", async () => {
    const customer = await makeCustomer();
    const first = await requestLink(customer.email);
    const second = await requestLink(customer.email);
    expect(await resetPassword(first.token, "the first link's password", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
    expect((await resetPassword(second.token, "the second link's password", freshMeta())).ok).toBe(true);
  });

  it("voids the link when the customer is disabled (S9, S12)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    await setCustomerDisabled(customer.id, true);
    expect(await resetPassword(token, "a disabled customer's try", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("gives exactly one success to twenty concurrent submissions of one link (S11)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => resetPassword(token, `concurrent passphrase number ${i}`, freshMeta())),
    );
    const winners = outcomes.flatMap((outcome, i) => (outcome.ok ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok)).toHaveLength(19);
    expect((await signInWithPassword(customer.username, `concurrent passphrase number ${winners[0]}`, freshMeta())).ok).toBe(true);
    expect(await resetPassword(token, "a later sequential reuse", freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
  });

  it("ends every session from before the reset, swaps the passwords and sends the notice (S22, S23, S41)", async () => {
    const customer = await makeCustomer();
    const before = newSessionClaims(customer, false);
    expect(await isSessionLive(before)).toBe(true);
    const { token } = await requestLink(customer.email);
    expect((await resetPassword(token, "my shiny new passphrase", freshMeta())).ok).toBe(true);
    expect(await isSessionLive(before)).toBe(false);
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(false);
    expect((await signInWithPassword(customer.username, "my shiny new passphrase", freshMeta())).ok).toBe(true);

    await runMailWork();
    const notice = await receiver.waitFor((m) => m.envelopeTo.includes(customer.email) && /password was changed/.test(m.subject ?? ""));
    expect(notice.text).toMatch(/reset on .* UTC, from Chrome on Linux/);
    expect(notice.text).toContain("1-800-555-0100");
    expect(notice.text).not.toContain("my shiny new passphrase");
    expect(resetLinks(notice)).toHaveLength(0);
  });

  it("applies the password policy to the new password and keeps the link usable (S21)", async () => {
    const customer = await makeCustomer();
    const { token } = await requestLink(customer.email);
    expect(await resetPassword(token, "passwordpassword", freshMeta())).toMatchObject({ ok: false, reason: "policy" });
    expect(await resetPassword(token, "short", freshMeta())).toMatchObject({ ok: false, reason: "policy" });
    expect((await resetPassword(token, "a long enough passphrase", freshMeta())).ok).toBe(true);
  });
});
