import { and, count, eq, inArray } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog, customers, sessions, verifiedSessions } from "@/lib/db/schema";
import { cookieHeader, hiddenFields, postForm } from "../e2e/support/form-post";
import { startPortal, type Portal, type PortalInstance } from "../e2e/support/portal-server";

/**
 * Attack (issue 17, S27, S45): bursts at the second step over HTTP, on two instances of the
 * production build sharing one PostgreSQL database. The password alone gives only a pending
 * sign-in; of 20 simultaneous submissions of the right code exactly one makes a session, and a
 * burst of wrong codes gets 5 comparisons before the account locks, right code included.
 */
const winner = { username: "onecode", email: "onecode@example.test", name: "One Code", password: "onecode lantern orchard ridge" };
const guessed = { username: "guessed", email: "guessed@example.test", name: "Guessed", password: "guessed lantern orchard ridge" };

let portal: Portal;
let second: PortalInstance;
beforeAll(async () => {
  // The per-IP limit is raised so that the account's own lock is what refuses the codes.
  portal = await startPortal([winner, guessed], { RATE_LIMIT_SCALE: "100" }, {
    seed: async () => (await db()).update(customers).set({ mfaEmailCodeRequired: true }).where(inArray(customers.username, [winner.username, guessed.username])),
  });
  second = await portal.startInstance();
});
afterAll(async () => {
  await portal?.stop();
});

/** The password step over HTTP: the browser's cookie for the pending sign-in, and the mailed code. */
async function passwordStep(person: typeof winner): Promise<{ cookie: string; code: string }> {
  const before = portal.receiver.messages.length;
  const answer = await postForm(portal.baseUrl, "/signin", "signin-form", [["username", person.username], ["password", person.password]]);
  expect(answer.location).toMatch(/^\/signin\/two-step\?/);
  const [{ n }] = await (await db()).select({ n: count() }).from(sessions).innerJoin(customers, eq(customers.id, sessions.customerId)).where(eq(customers.username, person.username));
  expect(n).toBe(0);
  const mail = await portal.receiver.waitFor((m) => m.envelopeTo.includes(person.email) && portal.receiver.messages.indexOf(m) >= before && /code$/.test(m.subject ?? ""));
  return { cookie: cookieHeader(answer.setCookies), code: mail.text!.match(/\b(\d{6})\b/)![1] };
}

const TWO_STEP_PATH = "/signin/two-step?callbackUrl=%2F";

/** The second step's form, read once while the sign-in is pending, then posted as often as asked. */
async function codePoster(cookie: string) {
  const hidden = await hiddenFields(portal.baseUrl, TWO_STEP_PATH, "second-step-form", cookie);
  return async (instance: PortalInstance, code: string) => {
    const body = new FormData();
    for (const [name, value] of hidden) body.append(name, value);
    body.append("code", code);
    const response = await fetch(`${instance.baseUrl}${TWO_STEP_PATH}`, { method: "POST", body, redirect: "manual", headers: { origin: instance.baseUrl, cookie } });
    return { location: response.headers.get("location"), body: await response.text() };
  };
}

async function customerId(person: typeof winner): Promise<string> {
  const [row] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.username, person.username));
  return row.id;
}

describe("attack: one right code sent 20 times at once, split over two instances", () => {
  it("makes exactly one session, which passed two-step verification", async () => {
    const { cookie, code } = await passwordStep(winner);
    const post = await codePoster(cookie);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? second : portal, code)));
    expect(answers.filter((answer) => answer.location === "/")).toHaveLength(1);
    const id = await customerId(winner);
    const rows = await (await db()).select({ id: sessions.id }).from(sessions).where(eq(sessions.customerId, id));
    expect(rows).toHaveLength(1);
    expect(await (await db()).select().from(verifiedSessions).where(eq(verifiedSessions.sessionId, rows[0].id))).toHaveLength(1);
  });
});

describe("attack: a burst of wrong codes at one pending sign-in", () => {
  it("compares at most 5, locks the account, and refuses the right code that follows", async () => {
    const { cookie, code } = await passwordStep(guessed);
    const wrong = code === "000000" ? "111111" : "000000";
    const post = await codePoster(cookie);
    await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 ? second : portal, wrong)));
    const id = await customerId(guessed);
    const [{ failed }] = await (await db())
      .select({ failed: count() })
      .from(auditLog)
      .where(and(eq(auditLog.customerId, id), eq(auditLog.event, "second_step_failed")));
    expect(failed).toBe(5);
    const right = await post(portal, code);
    expect(right.location).toBeNull();
    expect(right.body).toContain("Too many attempts");
    expect(await (await db()).select().from(sessions).where(eq(sessions.customerId, id))).toHaveLength(0);
  });
});
