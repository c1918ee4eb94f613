import { and, eq, sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { GET } from "@/app/reset-password/[token]/route";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { createEmailToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { resetLinkIn, withSmtpReceiver } from "../support/mail";
import { stampedPeer } from "../support/peer";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();

/** Opens an emailed link as the route handler sees it, from a given client address. */
async function openLink(token: string, ip: string) {
  const request = new NextRequest(`https://portal.example.test/reset-password/${token}`, { headers: stampedPeer(ip) });
  const response = await GET(request, { params: Promise.resolve({ token }) });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith("__Host-portal.reset="));
  return { response, carriesToken: Boolean(cookie && cookie.includes(token)) };
}

async function goodToken(): Promise<string> {
  const customer = await makeCustomer();
  await requestPasswordReset(customer.email, freshMeta(), "en");
  await backgroundWork().run();
  return resetLinkIn(await receiver.waitFor((m) => m.envelopeTo.includes(customer.email))).token;
}

/** Tokens that were looked up in the database for a client (a rejection that was not throttled). */
async function tokensCheckedFor(ip: string) {
  const [row] = await (await db())
    .select({ count: sql<number>`count(*)`.mapWith(Number) })
    .from(auditLog)
    .where(and(eq(auditLog.event, "reset_token_rejected"), eq(auditLog.ip, ip), sql`(${auditLog.details}->>'throttled')::boolean = false`));
  return row.count;
}

describe(`opening the emailed link, on ${testDatabaseLabel()}`, () => {
  it("moves a good token into a short-lived cookie and redirects to a URL without it (S13)", async () => {
    const token = await goodToken();
    const { response, carriesToken } = await openLink(token, "192.0.2.10");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("https://portal.example.test/reset-password");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(carriesToken).toBe(true);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith("__Host-portal.reset="))!;
    expect(cookie).toMatch(/Max-Age=600/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
    // Opening the link consumes nothing: it can be opened again (mail scanners open links too).
    expect((await openLink(token, "192.0.2.10")).carriesToken).toBe(true);
  });

  it("stops checking tokens from a client after 10 bad ones in 15 minutes, but not for others (S14)", async () => {
    const good = await goodToken();
    for (let i = 0; i < 10; i += 1) expect((await openLink(createEmailToken(), "192.0.2.66")).carriesToken).toBe(false);
    expect((await openLink(good, "192.0.2.66")).carriesToken).toBe(false);
    expect((await openLink(good, "192.0.2.67")).carriesToken).toBe(true);
  });
});

describe(`attack: guessing reset tokens in a burst, on ${testDatabaseLabel()} (S14, S45)`, () => {
  it("looks up at most 10 of 180 simultaneous bad tokens from one client", async () => {
    await Promise.all(Array.from({ length: 180 }, () => openLink(createEmailToken(), "192.0.2.90")));
    expect(await tokensCheckedFor("192.0.2.90")).toBe(10);
  });

  it("refuses the form's submission too once the client is throttled, even with a good token", async () => {
    const good = await goodToken();
    const meta = { ...freshMeta(), ip: "192.0.2.91" };
    for (let i = 0; i < 10; i += 1) await openLink(createEmailToken(), meta.ip);
    expect(await resetPassword(good, "a new passphrase for a good link", meta)).toEqual({ ok: false, reason: "invalid_link" });
    expect((await resetPassword(good, "a new passphrase for a good link", freshMeta())).ok).toBe(true);
  });

  it("counts bad submissions of the form against the same limit as bad links", async () => {
    const meta = { ...freshMeta(), ip: "192.0.2.92" };
    const submissions = await Promise.all(Array.from({ length: 30 }, () => resetPassword(createEmailToken(), "whatever passphrase here", meta)));
    expect(submissions.every((outcome) => !outcome.ok)).toBe(true);
    expect(await tokensCheckedFor(meta.ip)).toBe(10);
    expect((await openLink(await goodToken(), meta.ip)).carriesToken).toBe(false);
  });
});
