jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { eq } from "drizzle-orm";
import { GET as downloadAttachment } from "@/app/api/attachments/[id]/route";
import { replyToCaseAction } from "@/app/support/cases/[id]/actions";
import { createCaseAction } from "@/app/support/cases/new/actions";
import { db } from "@/lib/db";
import { caseAttachments, supportCases } from "@/lib/db/schema";
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

    const other = await makeCustomer();
    await actAs(other);
    expect(await answerOf(createCaseAction(idleForm, formOf(newCase)))).toMatch(/^redirect /);
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

});
