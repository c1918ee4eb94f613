jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq } from "drizzle-orm";
import { GET as downloadAttachment } from "@/app/api/attachments/[id]/route";
import { replyToCaseAction } from "@/app/support/cases/[id]/actions";
import { createCaseAction } from "@/app/support/cases/new/actions";
import { staffWorkAction } from "@/app/staff/cases/[id]/actions";
import { setCustomerRole } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { caseAttachments, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { idleForm, type FormState } from "@/lib/http/form";
import { listCaseAttachments } from "@/lib/support/attachments/attachments";
import { makeCustomer } from "../support/customers";
import { actAs, answerOf } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/** Issue 26: the forms that take files, called as a browser would post them, and the download route. */
withTestDatabase();

const pdf = () => new File(["%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"], "invoice.pdf", { type: "application/pdf" });

function formOf(fields: Record<string, string>, files: File[] = []): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  for (const file of files) data.append("files", file);
  // A browser without JavaScript sends the empty file input too.
  if (files.length === 0) data.append("files", new File([], ""));
  return data;
}

const newCase = { subject: "The meter display is broken", category: "not-working", description: "The display shows nothing since the storm last night." };

async function download(id: string, query = "") {
  return downloadAttachment(new Request(`https://portal.example.test/api/attachments/${id}${query}`), { params: Promise.resolve({ id }) });
}

async function caseOf(customerId: string) {
  const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.customerId, customerId));
  return row;
}

describe(`attachments through the forms and the download route, on ${testDatabaseLabel()}`, () => {
  it("Create Case with a PDF, with and without a file chosen; the file downloads for its customer as an attachment, nosniff, CSP that runs nothing", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    expect(await answerOf(createCaseAction(idleForm, formOf(newCase, [pdf()])))).toMatch(/^redirect \/support\/cases\/\d+\?created=1$/);
    const created = await caseOf(customer.id);
    const [file] = await listCaseAttachments(created.id, { includeInternal: false });
    const response = await download(file.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect((await response.text()).startsWith("%PDF-1.4")).toBe(true);

    // No file chosen: the browser's empty entry (no name, no bytes) is no file, never a refusal (issue 25).
    const other = await makeCustomer();
    await actAs(other);
    expect(await answerOf(createCaseAction(idleForm, formOf(newCase)))).toMatch(/^redirect \/support\/cases\/\d+\?created=1$/);
    expect(await listCaseAttachments((await caseOf(other.id)).id, { includeInternal: true })).toEqual([]);
  });

  it("another customer, a signed-out visitor and an unknown id all get the same 404", async () => {
    const owner = await makeCustomer();
    await actAs(owner);
    await answerOf(createCaseAction(idleForm, formOf(newCase, [pdf()])));
    const [file] = await listCaseAttachments((await caseOf(owner.id)).id, { includeInternal: false });
    await actAs(await makeCustomer());
    const stranger = await download(file.id);
    await actAs(null);
    const signedOut = await download(file.id);
    await actAs(owner);
    const unknown = await download("6f1c1c0e-0000-4000-8000-000000000000");
    const garbage = await download("..%2F..%2Fetc%2Fpasswd");
    for (const response of [stranger, signedOut, unknown, garbage]) {
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Not found.\n");
    }
  });

  it("a refused file is named on its field and the typed reply is kept", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    await answerOf(createCaseAction(idleForm, formOf(newCase)));
    const created = await caseOf(customer.id);
    const renamed = new File([Buffer.concat([Buffer.from("MZ"), Buffer.alloc(100)])], "photo.jpg", { type: "image/jpeg" });
    const state = (await replyToCaseAction(idleForm as FormState<"text" | "files">, formOf({ case: String(created.id), text: "The photo of the meter." }, [renamed]))) as FormState<"text" | "files">;
    expect(state.status).toBe("error");
    expect(state.fieldErrors?.files).toContain("photo.jpg");
    expect(state.values?.text).toBe("The photo of the meter.");
    expect(await (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, customer.id))).toEqual([]);
  });

  it("an image is shown inline, as the portal re-encoded it, with its thumbnail", async () => {
    const sharp = (await import("sharp")).default;
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: "#0a0" } }).png().toBuffer();
    const customer = await makeCustomer();
    await actAs(customer);
    await answerOf(createCaseAction(idleForm, formOf(newCase)));
    const created = await caseOf(customer.id);
    expect(await answerOf(replyToCaseAction(idleForm as FormState<"text" | "files">, formOf({ case: String(created.id), text: "A screenshot." }, [new File([new Uint8Array(png)], "screen.png")])))).toBe(
      `redirect /support/cases/${created.id}?replied=1`,
    );
    const [file] = await listCaseAttachments(created.id, { includeInternal: false });
    const full = await download(file.id);
    expect(full.headers.get("content-type")).toBe("image/png");
    expect(full.headers.get("content-disposition")).toMatch(/^inline;/);
    const thumbnail = await download(file.id, "?size=thumbnail");
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
  });

  describe("the staff case form (issue 26 on the staff side, issue 27's one submit)", () => {
    async function caseWithAgent() {
      const customer = await makeCustomer();
      await actAs(customer);
      await answerOf(createCaseAction(idleForm, formOf(newCase)));
      const created = await caseOf(customer.id);
      const agent = await makeCustomer();
      await setCustomerRole(agent.id, "agent");
      return { customer, created, agent };
    }
    const work = (caseId: number, fields: Record<string, string>, files: File[] = []) =>
      staffWorkAction(idleForm as FormState<string>, formOf({ case: String(caseId), kind: "reply", status: "waiting for you", priority: "normal", agent: "", seen: "0", override: "1", ...fields }, files));

    it("an agent's reply carries a PDF that the customer then downloads; a note's file stays with the team", async () => {
      const { customer, created, agent } = await caseWithAgent();
      await actAs(agent);
      expect(await answerOf(work(created.id, { text: "Here is the corrected invoice." }, [pdf()]))).toBe(`redirect /staff/cases/${created.id}?done=replied`);
      expect(await answerOf(work(created.id, { kind: "note", text: "Our copy of the meter log." }, [new File(["reading,kwh\n2026-12-01,412\n"], "log.csv", { type: "text/csv" })]))).toBe(
        `redirect /staff/cases/${created.id}?done=noted`,
      );

      const all = await listCaseAttachments(created.id, { includeInternal: true });
      expect(all.map((file) => file.fileName)).toEqual(["invoice.pdf", "log.csv"]);
      const [reply] = await (await db()).select().from(supportCaseEvents).where(and(eq(supportCaseEvents.caseId, created.id), eq(supportCaseEvents.kind, "reply")));
      expect(all[0].eventId).toBe(reply.id);

      await actAs(customer);
      const seen = await listCaseAttachments(created.id, { includeInternal: false });
      expect(seen.map((file) => file.fileName)).toEqual(["invoice.pdf"]);
      const response = await download(seen[0].id);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="invoice.pdf"/);
      expect((await response.text()).startsWith("%PDF-1.4")).toBe(true);
      expect((await download(all[1].id)).status).toBe(404);
      await actAs(agent);
      expect((await download(all[1].id)).status).toBe(200);
    });

    it("refuses a file that is not what it claims on its field, keeping what was typed, and files without a reply or note", async () => {
      const { created, agent } = await caseWithAgent();
      await actAs(agent);
      const renamed = new File([Buffer.concat([Buffer.from("MZ"), Buffer.alloc(100)])], "photo.jpg", { type: "image/jpeg" });
      const refused = (await work(created.id, { text: "The photo you asked for." }, [renamed])) as FormState;
      expect(refused.status).toBe("error");
      expect(refused.fieldErrors?.files).toContain("photo.jpg");
      expect(refused.values?.text).toBe("The photo you asked for.");

      const alone = (await work(created.id, { text: "" }, [pdf()])) as FormState;
      expect(alone.fieldErrors?.text).toBe("Write a reply or a note to go with the files.");
      expect(await (await db()).select().from(caseAttachments).where(eq(caseAttachments.uploadedBy, agent.id))).toEqual([]);
      expect(await (await db()).select().from(supportCaseEvents).where(eq(supportCaseEvents.authorId, agent.id))).toEqual([]);
    });
  });
});
