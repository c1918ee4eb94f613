import { and, desc, eq } from "drizzle-orm";
import { resetPasswordAction } from "@/app/reset-password/actions";
import { requestPasswordReset, resetCookieName, resetPassword } from "@/lib/auth/password-reset";
import { passkeySignInOptions, signInWithPasskey } from "@/lib/auth/two-step/passkeys";
import { resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "./customers";
import { resetLinkIn, withSmtpReceiver } from "./mail";
import { request } from "./request-mocks";
import { answerOf, form } from "./server-actions";
import type { SoftwarePasskey } from "./software-passkey";
import type { SmtpReceiver } from "./smtp-receiver";
import { withTestDatabase } from "./test-database";

/**
 * What the tests of taking an account back share (issue 22, S49): the owner's reset through a real
 * mail, the "This wasn't me" link of the address-change notice, and a passkey sign-in in a fresh
 * browser. Each test still says what it expects of them.
 */

export type Person = Awaited<ReturnType<typeof makeCustomer>>;

/**
 * A test file's database and SMTP receiver; after each test the clock, the browser's cookies and
 * the rate limits are as they were, so no test's account or limits reach the next.
 */
export function withRecoveryTest(): SmtpReceiver {
  withTestDatabase();
  const receiver = withSmtpReceiver();
  afterEach(async () => {
    resetClock();
    request.cookies.clear();
    await clearLimits();
  });
  return receiver;
}

/** "Forgot your password?" for the owner: the token of the reset link the receiver got (only a mail sent after this asked counts). */
async function mailedResetToken(receiver: SmtpReceiver, owner: Person): Promise<string> {
  const before = receiver.messages.length;
  await requestPasswordReset(owner.email, freshMeta(), "en");
  await backgroundWork().run();
  const mail = await receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(owner.email) && (m.subject ?? "").toLowerCase().includes("reset"));
  return resetLinkIn(mail).token;
}

/** The owner's way back: a reset link mailed to their address, followed, with a new password; returns the password. */
export async function ownerResets(receiver: SmtpReceiver, owner: Person, password = "a brand new harbour lantern"): Promise<string> {
  expect((await resetPassword(await mailedResetToken(receiver, owner), password, freshMeta(), "en")).ok).toBe(true);
  return password;
}

/** The same through the reset page's action, in a new browser; the browser's cookies stay in `request` and are returned. */
export async function resetInNewBrowser(receiver: SmtpReceiver, owner: Person, password: string): Promise<Map<string, string>> {
  const token = await mailedResetToken(receiver, owner);
  request.cookies.clear();
  request.cookies.set(resetCookieName(), token);
  expect(await answerOf(resetPasswordAction({ status: "idle" }, form({ password, confirmPassword: password })))).toBe("redirect /reset-password/done");
  return new Map(request.cookies);
}

/** Goes back to a browser whose cookies were kept. */
export function useBrowser(cookies: Map<string, string>) {
  request.cookies.clear();
  for (const [name, value] of cookies) request.cookies.set(name, value);
}

/** The token of "This wasn't me" in the newest security notice to the owner (an address change asked for); throws if none was queued. */
export async function notMeToken(owner: Pick<Person, "email">): Promise<string> {
  const [notice] = await (await db())
    .select({ text: outbox.text })
    .from(outbox)
    .where(and(eq(outbox.recipient, owner.email), eq(outbox.template, "security-alert")))
    .orderBy(desc(outbox.id))
    .limit(1);
  const token = notice?.text?.match(/\/email-change\/not-me\/([A-Za-z0-9_-]{43})/)?.[1];
  if (!token) throw new Error("no \"This wasn't me\" link mailed to the owner");
  return token;
}

/** "Sign in with a passkey" in a fresh browser, the check alone (no session): the customer it opens, or null. */
export async function passkeySignIn(passkey: SoftwarePasskey) {
  request.cookies.clear();
  return (await signInWithPasskey(passkey.answer(JSON.stringify(await passkeySignInOptions()))))?.customer ?? null;
}
