import { NextRequest } from "next/server";
import { GET } from "@/app/reset-password/[token]/route";
import { PEER_ADDRESS_HEADER } from "@/lib/http/client-ip";
import { createResetToken } from "@/lib/auth/reset-tokens";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { runMailWork } from "@/lib/jobs/worker";
import { freshMeta, makeCustomer } from "../support/customers";
import { resetLinks } from "../support/smtp-receiver";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();

/** Opens an emailed link as the route handler sees it, from a given client address. */
async function openLink(token: string, ip: string) {
  const request = new NextRequest(`https://portal.example.test/reset-password/${token}`, { headers: { [PEER_ADDRESS_HEADER]: ip } });
  const response = await GET(request, { params: Promise.resolve({ token }) });
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith("__Host-portal.reset="));
  return { response, carriesToken: Boolean(cookie && cookie.includes(token)) };
}

describe(`opening the emailed link, on ${testDatabaseLabel()}`, () => {
  it("moves a good token into a short-lived cookie and redirects to a URL without it (S13)", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta());
    await runMailWork();
    const [link] = resetLinks(await receiver.waitFor((m) => m.envelopeTo.includes(customer.email)));
    const token = link.split("/").pop()!;
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
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta());
    await runMailWork();
    const [link] = resetLinks(await receiver.waitFor((m) => m.envelopeTo.includes(customer.email)));
    const good = link.split("/").pop()!;

    for (let i = 0; i < 10; i += 1) expect((await openLink(createResetToken(), "192.0.2.66")).carriesToken).toBe(false);
    expect((await openLink(good, "192.0.2.66")).carriesToken).toBe(false);
    expect((await openLink(good, "192.0.2.67")).carriesToken).toBe(true);
  });
});
