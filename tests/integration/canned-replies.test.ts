jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { count, desc, eq } from "drizzle-orm";
import * as cannedActions from "@/app/staff/canned-replies/actions";
import { db } from "@/lib/db";
import { auditLog, cannedReplies } from "@/lib/db/schema";
import { StaffOnly, type StaffMember } from "@/lib/staff/access";
import { CANNED_REPLIES_PER_LANGUAGE, deleteCannedReply, fillCannedReply, listCannedReplies, saveCannedReply } from "@/lib/support/canned-replies";
import { actAs, answerOf, form } from "../support/server-actions";
import { makeStaffMember, staffActor } from "../support/staff";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 27: canned replies — a short list of reply templates per language that admins keep, with
 * {name} and {case} filled in when an agent inserts one.
 */
withTestDatabase();

let admin: StaffMember;
let agent: StaffMember;
beforeAll(async () => {
  admin = await makeStaffMember("admin");
  agent = await makeStaffMember("agent");
});
beforeEach(async () => {
  await (await db()).delete(cannedReplies);
});

const idle = { status: "idle" as const };

async function repliesIn(locale: string) {
  const [row] = await (await db()).select({ n: count() }).from(cannedReplies).where(eq(cannedReplies.locale, locale));
  return row.n;
}

describe(`canned replies, on ${testDatabaseLabel()}`, () => {
  it("an admin adds, changes and deletes one through the screen's actions, each audited", async () => {
    await actAs(admin);
    expect(await answerOf(cannedActions.saveCannedReplyAction(idle, form({ reply: "", locale: "es", title: "Lectura del contador", body: "Hola {name}: sobre su caso {case}, …" })))).toBe(
      "redirect /staff/canned-replies?done=added",
    );
    const [added] = await listCannedReplies();
    expect(added).toMatchObject({ locale: "es", title: "Lectura del contador", updatedBy: admin.id });

    expect(await answerOf(cannedActions.saveCannedReplyAction(idle, form({ reply: String(added.id), locale: "es", title: "Lectura del contador", body: "Hola {name}, gracias." })))).toBe(
      "redirect /staff/canned-replies?done=saved",
    );
    expect((await listCannedReplies())[0].body).toBe("Hola {name}, gracias.");

    expect(await answerOf(cannedActions.deleteCannedReplyAction(form({ reply: String(added.id) })))).toBe("redirect /staff/canned-replies?done=deleted");
    expect(await listCannedReplies()).toEqual([]);
    // Deleting it again says it had gone, and records nothing more.
    expect(await answerOf(cannedActions.deleteCannedReplyAction(form({ reply: String(added.id) })))).toBe("redirect /staff/canned-replies?refused=gone");

    const events = await (await db()).select().from(auditLog).where(eq(auditLog.actorId, admin.id)).orderBy(desc(auditLog.id));
    expect(events.map((event) => event.event)).toEqual(["canned_reply_deleted", "canned_reply_saved", "canned_reply_saved"]);
  });

  it("refuses a language the portal does not speak, an empty title and a title the language already has, beside the fields", async () => {
    await actAs(admin);
    const bad = await cannedActions.saveCannedReplyAction(idle, form({ reply: "", locale: "xx", title: "", body: "" }));
    expect(bad.status).toBe("error");
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["body", "locale", "title"]);
    await saveCannedReply(admin, null, { locale: "en", title: "Meter reading", body: "Hello {name}." }, staffActor(admin));
    const taken = await cannedActions.saveCannedReplyAction(idle, form({ reply: "", locale: "en", title: "METER READING", body: "Another." }));
    expect(taken.fieldErrors?.title).toBe("Another canned reply in this language has that title.");
    // The same title in another language is another template.
    expect(await saveCannedReply(admin, null, { locale: "es", title: "Meter reading", body: "Hola {name}." }, staffActor(admin))).toMatchObject({ ok: true });
  });

  it("is for admins: an agent's save or delete is a 404 from the screen and refused by lib/", async () => {
    const { id } = (await saveCannedReply(admin, null, { locale: "en", title: "Kept", body: "Hello {name}." }, staffActor(admin))) as { id: number };
    await actAs(agent);
    expect(await answerOf(cannedActions.saveCannedReplyAction(idle, form({ reply: "", locale: "en", title: "Agent's", body: "Mine." })))).toBe("not found");
    expect(await answerOf(cannedActions.deleteCannedReplyAction(form({ reply: String(id) })))).toBe("not found");
    await expect(saveCannedReply(agent, null, { locale: "en", title: "Agent's", body: "Mine." }, staffActor(agent))).rejects.toThrow(StaffOnly);
    await expect(deleteCannedReply(agent, id, staffActor(agent))).rejects.toThrow(StaffOnly);
    expect((await listCannedReplies()).map((reply) => reply.title)).toEqual(["Kept"]);
  });

  it(`keeps the list short: of 10 additions at once to a language one short of ${CANNED_REPLIES_PER_LANGUAGE}, exactly one is saved`, async () => {
    for (let i = 1; i < CANNED_REPLIES_PER_LANGUAGE; i += 1) await saveCannedReply(admin, null, { locale: "en", title: `Template ${i}`, body: "Hello {name}." }, staffActor(admin));
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => saveCannedReply(admin, null, { locale: "en", title: `At once ${i}`, body: "Hello {name}." }, staffActor(admin))),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.reason === "too_many")).toHaveLength(9);
    expect(await repliesIn("en")).toBe(CANNED_REPLIES_PER_LANGUAGE);
    // Another language has its own list.
    expect(await saveCannedReply(admin, null, { locale: "es", title: "Otra", body: "Hola." }, staffActor(admin))).toMatchObject({ ok: true });
  });

  it("fills in {name} and {case} wherever they are, and leaves other braces as written", () => {
    expect(fillCannedReply("Dear {name},\nabout case {case} ({case}): {unknown} stays.", { name: "Olive Owner", caseNumber: 42 })).toBe(
      "Dear Olive Owner,\nabout case 42 (42): {unknown} stays.",
    );
    // A name that looks like a placeholder is not filled in again.
    expect(fillCannedReply("{name} / {case}", { name: "{case}", caseNumber: 7 })).toBe("{case} / 7");
  });
});
