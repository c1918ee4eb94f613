import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { cookieHeader, hiddenFields } from "../e2e/support/form-post";
import { freePort, startPortal, type Portal } from "../e2e/support/portal-server";

/**
 * Attack: choosing one's own client address (S28, issue 11 item 4). The peer address is stamped by
 * the preload before Next.js serves anything — including requests that arrive while the server
 * is still starting — and a forged stamp or X-Forwarded-For never counts.
 */
let portal: Portal;
let startedWhileSending: Promise<void>;
const forged = { "x-portal-peer": "6.6.6.6", "x-forwarded-for": "7.7.7.7" };

beforeAll(async () => {
  const port = await freePort();
  // Hammer the port with forged headers from before the server listens until it answers.
  let running = true;
  startedWhileSending = (async () => {
    while (running) {
      await fetch(`http://localhost:${port}/signin`, { headers: forged }).catch(() => undefined);
    }
  })();
  portal = await startPortal([], {}, { port });
  running = false;
  await startedWhileSending;
});
afterAll(async () => {
  await portal?.stop();
});

describe("attack: a forged client address", () => {
  it("records sign-in failures under the TCP peer, never under a forged header, from the first request on", async () => {
    const hidden = await hiddenFields(portal.baseUrl, "/signin", "signin-form");
    const attempts = Array.from({ length: 20 }, async () => {
      const form = new FormData();
      for (const [name, value] of hidden) form.append(name, value);
      form.append("username", "nobody-at-all");
      form.append("password", "a password for nobody");
      const answer = await fetch(`${portal.baseUrl}/signin`, { method: "POST", body: form, headers: { ...forged, origin: portal.baseUrl }, redirect: "manual" });
      const text = await answer.text();
      return text.includes("Invalid username or password.") ? "refused" : `${answer.status}: ${text.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").slice(0, 300)}`;
    });
    expect(await Promise.all(attempts)).toEqual(Array(20).fill("refused"));
    const rows = await (await db()).select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.event, "sign_in_failed"));
    expect(rows.length).toBe(20);
    for (const row of rows) expect(["127.0.0.1", "::1", "::ffff:127.0.0.1"]).toContain(row.ip);
  });

  it("throttles the 21st failure from the same peer however the headers rotate", async () => {
    const hidden = await hiddenFields(portal.baseUrl, "/signin", "signin-form");
    const form = new FormData();
    for (const [name, value] of hidden) form.append(name, value);
    form.append("username", "nobody-at-all");
    form.append("password", "a password for nobody");
    const answer = await fetch(`${portal.baseUrl}/signin`, {
      method: "POST",
      body: form,
      headers: { "x-portal-peer": "1.2.3.4", "x-forwarded-for": "9.9.9.9", origin: portal.baseUrl, cookie: cookieHeader([]) },
    });
    expect(await answer.text()).toContain("Too many attempts.");
  });
});
