jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { eq } from "drizzle-orm";
import { replyToCaseAction } from "@/app/support/cases/[id]/actions";
import { createCaseAction } from "@/app/support/cases/new/actions";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { endSessionOf } from "@/lib/auth/sessions";
import { advanceClock, DAY, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { auditLog, keptDrafts } from "@/lib/db/schema";
import { createCase } from "@/lib/support/cases";
import { draftCookieName, keptDraftCount, pruneKeptDrafts, takeDraft } from "@/lib/support/kept-drafts";
import { makeCustomer, reloadCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 26: nothing typed is lost — a reply or a new case posted after the session ended (rules D1–D4). */
withTestDatabase();
afterEach(resetClock);
const idle = { status: "idle" } as const;
const words = "My meter shows 0000 since the storm on Tuesday; the display is blank at night.";

type Person = Awaited<ReturnType<typeof makeCustomer>>;

async function customerWithCase() {
  const customer = await makeCustomer();
  const supportCase = await createCase(await reloadCustomer(customer.id), { subject: "Blank meter", category: "not-working", description: "The meter display is blank." }, "en");
  return { customer, caseId: supportCase.id };
}

/** This browser signed in as `person`, and then the session ended elsewhere (its cookie is still there). */
async function sessionEnded(person: Person) {
  const claims = await actAs(person);
  expect(await endSessionOf(person.id, claims!.sid)).toBe(true);
}

/** The same browser signs in again as `person`: a new session, and the browser's other cookies kept. */
async function signedInAgainAs(person: Person) {
  const draftCookie = request.cookies.get(draftCookieName());
  await actAs(person);
  if (draftCookie) request.cookies.set(draftCookieName(), draftCookie);
}

describe(`a reply posted after the session ended, on ${testDatabaseLabel()} (issue 26)`, () => {
  it("is kept, Sign in says why, and signing in again in the same browser gives it back once", async () => {
    const { customer, caseId } = await customerWithCase();
    await sessionEnded(customer);
    expect(await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })))).toBe(`redirect /signin?kept=reply&callbackUrl=%2Fsupport%2Fcases%2F${caseId}`);
    expect(request.cookies.get(draftCookieName())).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // D3: the database holds neither the words nor the browser's cookie.
    const [row] = await (await db()).select().from(keptDrafts).where(eq(keptDrafts.customerId, customer.id));
    expect(row.sealed).not.toContain("storm");
    expect(row.browserHash).not.toBe(request.cookies.get(draftCookieName()));
    // Never audited or logged with its words.
    const audited = await (await db()).select().from(auditLog).where(eq(auditLog.customerId, customer.id));
    expect(JSON.stringify(audited)).not.toContain("storm");

    await signedInAgainAs(customer);
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toEqual({ kind: "reply", caseId, text: words });
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toBeNull();
    // One press sends it.
    expect(await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })))).toBe(`redirect /support/cases/${caseId}?replied=1`);
  });

  it("is given back once to twenty tabs restoring at once", async () => {
    const { customer, caseId } = await customerWithCase();
    await sessionEnded(customer);
    await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })));
    await signedInAgainAs(customer);
    const taken = await Promise.all(Array.from({ length: 20 }, () => takeDraft(customer.id, { kind: "reply", caseId })));
    expect(taken.filter((draft) => draft !== null)).toHaveLength(1);
    expect(await keptDraftCount(customer.id)).toBe(0);
  });

  it("is never shown to another account signing in on the same browser, nor to the same customer in another browser", async () => {
    const { customer, caseId } = await customerWithCase();
    const other = await makeCustomer();
    await sessionEnded(customer);
    await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })));
    const browser = request.cookies.get(draftCookieName())!;

    await signedInAgainAs(other);
    expect(await takeDraft(other.id, { kind: "reply", caseId })).toBeNull();
    // Another browser (a cookie of its own, or none) gets nothing either.
    await actAs(customer);
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toBeNull();
    request.cookies.set(draftCookieName(), "A".repeat(43));
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toBeNull();
    // A draft for another place (another case, a new case) is not this one.
    request.cookies.set(draftCookieName(), browser);
    expect(await takeDraft(customer.id, { kind: "reply", caseId: caseId + 1000 })).toBeNull();
    expect(await takeDraft(customer.id, { kind: "case" })).toBeNull();
    // Still there for its customer in its browser.
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toMatchObject({ text: words });
  });

  it("is not kept without a sealed session cookie: none, or one the browser made up", async () => {
    const { customer, caseId } = await customerWithCase();
    await actAs(null);
    expect(await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })))).toBe(`redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F${caseId}`);
    request.cookies.set(sessionCookieName(), `eyJ${"x".repeat(200)}`);
    expect(await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })))).toBe(`redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F${caseId}`);
    // Bad input never 500s: no case number, an empty reply.
    expect(await answerOf(replyToCaseAction(idle, form({ case: "x", text: words })))).toBe("redirect /signin?callbackUrl=%2Fsupport%2Fcases");
    await sessionEnded(customer);
    expect(await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: "   " })))).toBe(`redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F${caseId}`);
    expect(await keptDraftCount(customer.id)).toBe(0);
  });

  it("expires after 24 hours and is removed; a customer keeps at most 10", async () => {
    const { customer, caseId } = await customerWithCase();
    await sessionEnded(customer);
    await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })));
    advanceClock(DAY + MINUTE);
    await signedInAgainAs(customer);
    expect(await takeDraft(customer.id, { kind: "reply", caseId })).toBeNull();
    await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: "typed again later" })));
    await sessionEnded(customer);
    for (let i = 0; i < 12; i += 1) await answerOf(replyToCaseAction(idle, form({ case: String(caseId + i), text: `reply ${i}` })));
    // The same form again replaces its draft; the oldest beyond 10 go.
    expect(await keptDraftCount(customer.id)).toBe(10);
    advanceClock(2 * DAY);
    await pruneKeptDrafts();
    expect(await keptDraftCount(customer.id)).toBe(0);
  });
});

describe(`Create Case posted after the session ended, on ${testDatabaseLabel()} (issue 26)`, () => {
  it("keeps the subject, category and description for the same customer, once", async () => {
    const customer = await makeCustomer();
    await sessionEnded(customer);
    const typed = { subject: "No power since noon", category: "not-working", description: "The whole street is dark." };
    expect(await answerOf(createCaseAction(idle, form(typed)))).toBe("redirect /signin?kept=case&callbackUrl=%2Fsupport%2Fcases%2Fnew");
    await signedInAgainAs(customer);
    expect(await takeDraft(customer.id, { kind: "case" })).toEqual({ kind: "case", ...typed });
    expect(await takeDraft(customer.id, { kind: "case" })).toBeNull();
  });
});
