jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { eq } from "drizzle-orm";
import { staffWorkAction } from "@/app/staff/cases/[id]/actions";
import { replyToCaseAction } from "@/app/support/cases/[id]/actions";
import type { FormState } from "@/lib/http/form";
import { createCaseAction } from "@/app/support/cases/new/actions";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { recoverAccount } from "@/lib/auth/recovery";
import { endSessionOf } from "@/lib/auth/sessions";
import { advanceClock, DAY, MINUTE, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { attachmentBlobs, auditLog, caseAttachments, keptDrafts, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { acceptUploads, listCaseAttachments } from "@/lib/support/attachments/attachments";
import { createCase } from "@/lib/support/cases";
import { replyAsCustomer } from "@/lib/support/customer-replies";
import { and, isNull } from "drizzle-orm";
import { draftCookieName, keptDraftCount, pruneKeptDrafts, takeDraft } from "@/lib/support/kept-drafts";
import { makeCustomer, reloadCustomer } from "../support/customers";
import { makeStaffMember } from "../support/staff";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { setCustomerRole } from "@/lib/customers/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 26: nothing typed is lost — a reply or a new case posted after the session ended (rules D1–D5). */
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

  it("is kept for a case number up to 2^31 − 1; one past it, which names no case, keeps nothing and is no 500", async () => {
    const { customer } = await customerWithCase();
    await sessionEnded(customer);
    expect(await answerOf(replyToCaseAction(idle, form({ case: "2147483647", text: words })))).toBe("redirect /signin?kept=reply&callbackUrl=%2Fsupport%2Fcases%2F2147483647");
    // 2^31: past what kept_drafts.case_id (an integer) holds; the insert failed with a 500 before.
    expect(await answerOf(replyToCaseAction(idle, form({ case: "2147483648", text: words })))).toBe("redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F2147483648");
    // With a file in the form: refused before any file is stored for the customer.
    expect(await answerOf(replyToCaseAction(idle, formWithFiles({ case: "2147483648", text: words }, [pdf("meter.pdf")])))).toBe("redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F2147483648");
    expect(await filesOf(customer.id)).toEqual([]);
    expect(await keptDraftCount(customer.id)).toBe(1);
    await signedInAgainAs(customer);
    expect(await takeDraft(customer.id, { kind: "reply", caseId: 2147483647 })).toEqual({ kind: "reply", caseId: 2147483647, text: words });
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

/** A PDF the customer attaches. */
const pdf = (name: string, size = 2000) => {
  const data = Buffer.alloc(size, 0x20);
  data.write("%PDF-1.4\n");
  return new File([new Uint8Array(data)], name, { type: "application/pdf" });
};

/** A form with its text fields, files in the form itself, and the ids of files sent ahead. */
function formWithFiles(fields: Record<string, string>, files: File[], uploaded: string[] = []): FormData {
  const data = form(fields);
  for (const file of files) data.append("files", file);
  for (const id of uploaded) data.append("uploaded", id);
  return data;
}

const filesOf = async (customerId: string) => (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, customerId));

describe(`files of a form posted after the session ended, on ${testDatabaseLabel()} (issue 26)`, () => {
  it("a reply's files — sent ahead and in the form — are kept with it, given back once to twenty tabs at once, and sent with one press", async () => {
    const { customer, caseId } = await customerWithCase();
    // Sent ahead while the session still lived (with JavaScript).
    const ahead = await acceptUploads(customer, [pdf("meter-photo.pdf", 3000)]);
    if (!ahead.ok) throw new Error("upload refused");
    await sessionEnded(customer);
    const posted = formWithFiles({ case: String(caseId), text: words }, [pdf("invoice.pdf")], ahead.ids);
    expect(await answerOf(replyToCaseAction(idle, posted))).toBe(`redirect /signin?kept=reply&callbackUrl=%2Fsupport%2Fcases%2F${caseId}`);
    // Held by the draft: on no case, and no message can take them while the session is gone.
    const held = await filesOf(customer.id);
    expect(held.map((row) => [row.fileName, row.caseId, row.keptDraftId !== null]).sort()).toEqual([
      ["invoice.pdf", null, true],
      ["meter-photo.pdf", null, true],
    ]);

    await signedInAgainAs(customer);
    const taken = await Promise.all(Array.from({ length: 20 }, () => takeDraft(customer.id, { kind: "reply", caseId })));
    const restored = taken.filter((draft) => draft !== null);
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({ kind: "reply", caseId, text: words });
    const files = restored[0]!.files ?? [];
    expect(files.map((file) => [file.fileName, file.size]).sort()).toEqual([
      ["invoice.pdf", 2000],
      ["meter-photo.pdf", 3000],
    ]);
    // Released: waiting uploads again, for a day from now.
    expect(await (await db()).select().from(caseAttachments).where(and(eq(caseAttachments.uploadedBy, customer.id), isNull(caseAttachments.keptDraftId)))).toHaveLength(2);

    expect(await answerOf(replyToCaseAction(idle, formWithFiles({ case: String(caseId), text: words }, [], files.map((file) => file.id))))).toBe(`redirect /support/cases/${caseId}?replied=1`);
    expect((await listCaseAttachments(caseId, { includeInternal: false })).map((file) => file.fileName).sort()).toEqual(["invoice.pdf", "meter-photo.pdf"]);
  });

  it("a draft's files go with it: when it expires and is removed, and when a later post of the same form replaces it", async () => {
    const { customer, caseId } = await customerWithCase();
    await sessionEnded(customer);
    await answerOf(replyToCaseAction(idle, formWithFiles({ case: String(caseId), text: words }, [pdf("first.pdf")])));
    const [first] = await filesOf(customer.id);
    // Posted again (the form sent once more): the new draft holds the file the first one held, and a new one.
    await answerOf(replyToCaseAction(idle, formWithFiles({ case: String(caseId), text: `${words} Again.` }, [pdf("second.pdf")], [first.id])));
    expect(await keptDraftCount(customer.id)).toBe(1);
    expect((await filesOf(customer.id)).map((row) => row.fileName).sort()).toEqual(["first.pdf", "second.pdf"]);
    // Another form's draft without files replaces nothing of these.
    await answerOf(createCaseAction(idle, form({ subject: "Another thing", category: "question", description: "Typed later." })));
    expect(await filesOf(customer.id)).toHaveLength(2);

    advanceClock(DAY + MINUTE);
    await pruneKeptDrafts();
    expect(await keptDraftCount(customer.id)).toBe(0);
    expect(await filesOf(customer.id)).toEqual([]);
    expect(await (await db()).select().from(attachmentBlobs).where(eq(attachmentBlobs.key, first.storageKey))).toEqual([]);
  });

  it("never gives the files to another account on the same browser; a refused file is not kept and the customer is told to attach it again", async () => {
    const { customer, caseId } = await customerWithCase();
    const other = await makeCustomer();
    await sessionEnded(customer);
    const executable = new File([new Uint8Array(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]))], "photo.jpg", { type: "image/jpeg" });
    // Another customer's upload id named in the form is not taken either.
    const theirs = await acceptUploads(other, [pdf("theirs.pdf")]);
    if (!theirs.ok) throw new Error("upload refused");
    await answerOf(replyToCaseAction(idle, formWithFiles({ case: String(caseId), text: words }, [pdf("ok.pdf"), executable], theirs.ids)));
    expect((await filesOf(customer.id)).map((row) => row.fileName)).toEqual(["ok.pdf"]);
    expect((await filesOf(other.id)).map((row) => row.keptDraftId)).toEqual([null]);

    await signedInAgainAs(other);
    expect(await takeDraft(other.id, { kind: "reply", caseId })).toBeNull();
    await signedInAgainAs(customer);
    const draft = await takeDraft(customer.id, { kind: "reply", caseId });
    expect(draft).toMatchObject({ kind: "reply", text: words, filesDropped: true });
    expect(draft!.files!.map((file) => file.fileName)).toEqual(["ok.pdf"]);
  });

  it("Create Case keeps its files too, and the case is created with them after signing in", async () => {
    const customer = await makeCustomer();
    await sessionEnded(customer);
    const typed = { subject: "No power since noon", category: "not-working", description: "The whole street is dark." };
    expect(await answerOf(createCaseAction(idle, formWithFiles(typed, [pdf("street.pdf")])))).toBe("redirect /signin?kept=case&callbackUrl=%2Fsupport%2Fcases%2Fnew");
    await signedInAgainAs(customer);
    const draft = await takeDraft(customer.id, { kind: "case" });
    expect(draft).toMatchObject({ kind: "case", ...typed, files: [{ fileName: "street.pdf", size: 2000 }] });
    const created = await answerOf(createCaseAction(idle, formWithFiles(typed, [], draft!.files!.map((file) => file.id))));
    const newCase = Number(/\/support\/cases\/(\d+)/.exec(String(created))?.[1]);
    expect((await listCaseAttachments(newCase, { includeInternal: false })).map((file) => file.fileName)).toEqual(["street.pdf"]);
  });
});

describe(`a form posted with a session a recovery ended, on ${testDatabaseLabel()} (issue 26, rule D5, S49)`, () => {
  it.each(["way_in_not_me", "sign_out_everywhere"] as const)(
    "after %s keeps nothing — no words, no files, no upload allowance spent, the customer's own draft not pushed out — however many posts arrive at once",
    async (path) => {
      const { customer, caseId } = await customerWithCase();
      // The customer's own draft from before, kept the ordinary way (the session ended by time).
      await sessionEnded(customer);
      await answerOf(replyToCaseAction(idle, form({ case: String(caseId), text: words })));
      expect(await keptDraftCount(customer.id)).toBe(1);

      // A cookie of a session that is then taken back: it may be a thief's.
      await actAs(customer);
      await (await db()).transaction((tx) => recoverAccount(tx, customer.id, path));
      const posts = Array.from({ length: 12 }, (_, i) => formWithFiles({ case: String(caseId), text: `${words} ${i}` }, [pdf(`thief-${i}.pdf`)]));
      const answers = await Promise.all(posts.map((posted) => answerOf(replyToCaseAction(idle, posted))));
      expect(new Set(answers)).toEqual(new Set([`redirect /signin?callbackUrl=%2Fsupport%2Fcases%2F${caseId}`]));
      const created = await answerOf(createCaseAction(idle, formWithFiles({ subject: "Refund", category: "billing", description: words }, [pdf("thief-case.pdf")])));
      expect(String(created)).not.toContain("kept=");

      expect(await filesOf(customer.id)).toEqual([]);
      expect(await keptDraftCount(customer.id)).toBe(1);
    },
  );
});

describe(`an agent's reply or note posted after the session ended, on ${testDatabaseLabel()} (issue 26 on the staff side)`, () => {
  // The page's selects as drawn (`shown-`) and as sent: the agent changed none of them unless a test says so.
  const unchanged = { status: "open", priority: "normal", agent: "", "shown-status": "open", "shown-priority": "normal", "shown-agent": "" };
  const work = (caseId: number, fields: Record<string, string>, files: File[] = []) =>
    staffWorkAction(idle as FormState<string>, formWithFiles({ case: String(caseId), kind: "reply", ...unchanged, seen: "0", ...fields }, files));

  it("is kept, Sign in says why, and the case's staff page gives it back once — a note as a note", async () => {
    const { caseId } = await customerWithCase();
    const agent = await makeStaffMember("agent");
    await sessionEnded(agent);
    const note = "Checked the install log: the unit was replaced on the 3rd.";
    expect(await answerOf(work(caseId, { kind: "note", text: note }))).toBe(`redirect /signin?kept=note&callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    // Nothing was done to the case without a session.
    const written = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, caseId), eq(supportCaseEvents.authorId, agent.id)));
    expect(written).toHaveLength(0);

    await signedInAgainAs(agent);
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toEqual({ kind: "staffWork", caseId, note: true, text: note, seen: 0 });
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toBeNull();
    // The customer's own reply form on that case never sees it.
    expect(await takeDraft(agent.id, { kind: "reply", caseId })).toBeNull();
  });

  it("keeps what the agent's page had shown, so Save after signing in again warns of the customer's reply that came meanwhile", async () => {
    const { customer, caseId } = await customerWithCase();
    const agent = await makeStaffMember("agent");
    const shown = Math.max(...(await (await db()).select({ id: supportCaseEvents.id }).from(supportCaseEvents).where(eq(supportCaseEvents.caseId, caseId))).map((event) => event.id));
    await sessionEnded(agent);
    const text = "An engineer will call tomorrow morning.";
    await answerOf(work(caseId, { text, seen: String(shown) }));
    // The customer writes while the agent signs in again.
    expect(await replyAsCustomer(await reloadCustomer(customer.id), caseId, "Never mind, it works again.")).toMatchObject({ ok: true });
    await signedInAgainAs(agent);
    const restored = await takeDraft(agent.id, { kind: "staffWork", caseId });
    expect(restored).toEqual({ kind: "staffWork", caseId, note: false, text, seen: shown });
    // The restored form sends the kept event back: the reply is not sent over the customer's new words.
    const saved = await work(caseId, { text, seen: String((restored as { seen: number }).seen) });
    expect(saved).toMatchObject({ status: "error", values: { override: "1" } });
    const replies = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, caseId), eq(supportCaseEvents.authorId, agent.id)));
    expect(replies).toHaveLength(0);
  });

  it("keeps the status, priority and assignee the agent changed — with the words or alone — and Save after signing in applies them", async () => {
    const { caseId } = await customerWithCase();
    const agent = await makeStaffMember("agent");
    await sessionEnded(agent);
    const text = "Replaced the unit; closing this.";
    expect(await answerOf(work(caseId, { text, status: "closed", agent: agent.id }))).toBe(`redirect /signin?kept=reply&callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    await signedInAgainAs(agent);
    // Only what was changed: the priority the page showed is not kept.
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toEqual({ kind: "staffWork", caseId, note: false, text, seen: 0, choices: { status: "closed", agent: agent.id } });

    // Choices alone are kept too, and Sign in says "changes", not "what you wrote".
    await sessionEnded(agent);
    expect(await answerOf(work(caseId, { text: "", priority: "urgent" }))).toBe(`redirect /signin?kept=changes&callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    await signedInAgainAs(agent);
    const restored = await takeDraft(agent.id, { kind: "staffWork", caseId });
    expect(restored).toEqual({ kind: "staffWork", caseId, note: false, text: "", seen: 0, choices: { priority: "urgent" } });
    // The restored form sends the kept choice against the case as it is now: Save applies it.
    expect(await answerOf(work(caseId, { text: "", ...(restored as { choices: Record<string, string> }).choices }))).toBe(`redirect /staff/cases/${caseId}?done=saved`);
    const [row] = await (await db()).select({ priority: supportCases.priority }).from(supportCases).where(eq(supportCases.id, caseId));
    expect(row.priority).toBe("urgent");

    // A choice the form cannot offer (a tampered form) keeps the words without any choice.
    await sessionEnded(agent);
    await answerOf(work(caseId, { text: "Words kept.", status: "deleted", priority: "high" }));
    await signedInAgainAs(agent);
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toEqual({ kind: "staffWork", caseId, note: false, text: "Words kept.", seen: 0 });
    // Nothing typed and nothing changed: nothing kept.
    await sessionEnded(agent);
    expect(await answerOf(work(caseId, { text: "  " }))).toBe(`redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    expect(await keptDraftCount(agent.id)).toBe(0);
  });

  it("keeps no choice from a page that does not say what it showed, nor one that could not be read", async () => {
    const { caseId } = await customerWithCase();
    const agent = await makeStaffMember("agent");
    // A page drawn by the release before (no shown- fields): its selects may be stale, so restoring them would undo others' changes.
    await sessionEnded(agent);
    const stale = form({ case: String(caseId), kind: "reply", text: "", status: "waiting for you", priority: "low", agent: "", seen: "0" });
    expect(await answerOf(staffWorkAction(idle as FormState<string>, stale))).toBe(`redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    expect(await keptDraftCount(agent.id)).toBe(0);
    // An assignee sent twice is unreadable, not "Nobody" (the page showed the case as the agent's).
    const twice = formWithFiles({ case: String(caseId), kind: "reply", text: "Words kept.", ...unchanged, agent: agent.id, "shown-agent": agent.id, priority: "high", seen: "0" }, []);
    twice.append("agent", agent.id);
    await answerOf(staffWorkAction(idle as FormState<string>, twice));
    await signedInAgainAs(agent);
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toEqual({ kind: "staffWork", caseId, note: false, text: "Words kept.", seen: 0, choices: { priority: "high" } });
  });

  it("keeps nothing, and is no 500, for the largest case number the form accepts (15 digits)", async () => {
    const agent = await makeStaffMember("agent");
    await sessionEnded(agent);
    const caseId = 999_999_999_999_999;
    expect(await answerOf(work(caseId, { text: "A reply to a case number past 2^31." }))).toBe(`redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    expect(await keptDraftCount(agent.id)).toBe(0);
  });

  it("keeps its words but not its files, and says so; keeps nothing for someone who is not an agent", async () => {
    const { customer, caseId } = await customerWithCase();
    const agent = await makeStaffMember("agent");
    await sessionEnded(agent);
    await answerOf(work(caseId, { text: "The corrected invoice is attached." }, [pdf("invoice.pdf")]));
    await signedInAgainAs(agent);
    expect(await takeDraft(agent.id, { kind: "staffWork", caseId })).toEqual({ kind: "staffWork", caseId, note: false, text: "The corrected invoice is attached.", seen: 0, filesDropped: true });
    expect(await filesOf(agent.id)).toEqual([]);

    // A customer's ended session posting to the staff form: nothing kept, and Sign in says nothing of it.
    await sessionEnded(customer);
    expect(await answerOf(work(caseId, { text: "Not an agent." }))).toBe(`redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
    expect(await keptDraftCount(customer.id)).toBe(0);
  });
  it.each(["its role was taken away", "it was disabled", "it was taken back (This wasn't me)"] as const)(
    "keeps nothing for an agent whose account %s after the session ended (D2, D5, S49)",
    async (what) => {
      const { caseId } = await customerWithCase();
      const agent = await makeStaffMember("agent");
      await sessionEnded(agent);
      if (what === "its role was taken away") await setCustomerRole(agent.id, "customer");
      else if (what === "it was disabled") await setAccountDisabled(agent.id, true);
      else await (await db()).transaction((tx) => recoverAccount(tx, agent.id, "way_in_not_me"));
      expect(await answerOf(work(caseId, { text: "Words from a session that should keep nothing." }))).toBe(`redirect /signin?callbackUrl=%2Fstaff%2Fcases%2F${caseId}`);
      expect(await keptDraftCount(agent.id)).toBe(0);
    },
  );
});
