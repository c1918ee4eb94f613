"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentCustomer } from "@/lib/auth/current-customer";
import { readField, readFieldOrNull, readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { formWords, readMessage, translatedForm } from "@/lib/forms/form-words";
import { requireStaff, staffActor } from "@/lib/staff/access";
import { discardUploads } from "@/lib/support/attachments/attachments";
import { formFiles } from "@/lib/support/attachments/form-files";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { messageSchema, prioritySchema, statusSchema, workOnCase, type CaseWork } from "@/lib/support/case-conversation";
import { caseNumber } from "@/lib/support/cases";
import { keepForSignIn } from "@/lib/support/kept-drafts";
import type { CaseWorkField } from "./case-work-form";

/**
 * The case page's action. A public endpoint: it checks the role before anything is done (S34),
 * reading it from the database; a customer gets a 404, and a visitor without a session is sent to
 * Sign in (an agent whose session ended with what they typed kept: keepForSignInAndGo).
 */

/**
 * A case that is gone (or no case number at all): its page, which answers "Page not found" with
 * 404 also without JavaScript; no case is 0.
 */
function caseNotFound(id: number | null): never {
  pageNotFoundAt(`/staff/cases/${id ?? 0}`);
}

function caseIn(formData: FormData): number {
  const read = readField(formData, "case", { maxLength: 20 });
  const id = "value" in read ? caseNumber(read.value) : null;
  if (id === null) caseNotFound(id);
  return id;
}

const agentSchema = z.union([z.literal(""), z.uuid()]);
const eventIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Issue 26 on the staff side: the session ended while the agent typed. The reply or note is kept
 * as a customer's is (D1–D5, for an agent only), and Sign in — then the staff second step — comes
 * back to the case with it in the form. Its files are not kept (the staff form does not send files
 * ahead, which is how a kept file comes back): the page asks for them again.
 */
async function keepForSignInAndGo(formData: FormData): Promise<never> {
  const read = readField(formData, "case", { maxLength: 20 });
  const id = "value" in read ? caseNumber(read.value) : null;
  const text = readField(formData, "text", { maxLength: 20_000, multiline: true });
  const note = readFieldOrNull(formData, "kind", 10) === "note";
  const filesDropped = ((await formFiles(formData)) ?? [null]).length > 0;
  // The newest event the agent's page showed: what came in while they signed in again is warned of on Save.
  const seenField = readFieldOrNull(formData, "seen", 20);
  const seen = seenField ? eventIdSchema.safeParse(seenField) : null;
  const kept =
    id !== null &&
    "value" in text &&
    (await keepForSignIn({ kind: "staffWork", caseId: id, note, text: text.value, ...(seen?.success && { seen: seen.data }), ...(filesDropped && { filesDropped }) }));
  const back = encodeURIComponent(id === null ? "/staff/cases" : `/staff/cases/${id}`);
  redirect(`/signin?${kept ? `kept=${note ? "note" : "reply"}&` : ""}callbackUrl=${back}`);
}

/**
 * Issue 27: one submit — a reply or an internal note, the status, the priority and the assignee —
 * applied together in one transaction. When someone else replied since the page was opened, the
 * page warns, shows the conversation again and keeps what was typed; submitting again goes ahead.
 */
export const staffWorkAction = translatedForm<CaseWorkField>(async (_previous, formData) => {
  const signedIn = await currentCustomer();
  if (!signedIn) await keepForSignInAndGo(formData);
  const staff = await requireStaff("agent", signedIn);
  const id = caseIn(formData);
  const words = await formWords();
  const form = readFields(formData, {
    kind: { maxLength: 10 },
    text: { maxLength: 20_000, multiline: true },
    status: { maxLength: 40 },
    priority: { maxLength: 20 },
    agent: { maxLength: 40 },
    seen: { maxLength: 20 },
    override: { maxLength: 5 },
  });
  const values = { kind: form.values.kind, text: form.values.text, status: form.values.status, priority: form.values.priority, agent: form.values.agent };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const kind = form.values.kind === "note" ? "note" : "reply";
  const status = statusSchema.safeParse(form.values.status);
  const priority = prioritySchema.safeParse(form.values.priority);
  const agent = agentSchema.safeParse(form.values.agent);
  const seen = eventIdSchema.safeParse(form.values.seen);
  if (!status.success || !priority.success || !agent.success || !seen.success) {
    return { status: "error", message: words.t("staff.case.work.refreshed"), values };
  }
  const work: CaseWork = { status: status.data, priority: priority.data, assignee: agent.data || null, seenEventId: seen.data, overrideConflict: form.values.override === "1" };
  if (form.values.text.trim()) {
    const message = await readMessage(formData, "text", messageSchema);
    if (!message.ok) return { ...message.state, values };
    // Issue 26 on the staff side: the customer reply form's files and rules. A file that cannot be
    // scanned now is not posted unscanned; the agent tries again (no job holds a staff message).
    const files = await takeMessageFiles(staff, formData);
    if (files.status === "unscanned") await discardUploads(staff, files.ids);
    if (files.status !== "accepted") {
      const refusal = files.status === "refused" ? files : { reason: "unavailable" as const };
      return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { files: await words.fileRefusal(refusal) }, values };
    }
    work.message = { kind, text: message.text, attachmentIds: files.ids };
  } else if (((await formFiles(formData)) ?? [null]).length > 0) {
    // Files travel with a reply or a note, never alone.
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { text: words.t("staff.case.work.filesNeedText") }, values };
  }
  const outcome = await workOnCase(staff, id, work, await staffActor(staff));
  if (!outcome.ok && work.message?.attachmentIds?.length) await discardUploads(staff, work.message.attachmentIds);
  if (!outcome.ok) {
    if (outcome.reason === "not_an_agent") return { status: "error", message: words.t("staff.case.notAnAgent"), fieldErrors: { agent: words.t("staff.case.notAnAgent") }, values };
    if (outcome.reason === "replied_since") {
      // The conversation on the page is redrawn with the new reply; the next submit goes ahead.
      revalidatePath(`/staff/cases/${id}`);
      return { status: "error", message: words.t("staff.case.work.repliedSince"), values: { ...values, seen: String(outcome.latestEventId), override: "1" } };
    }
    caseNotFound(id);
  }
  redirect(`/staff/cases/${id}?done=${work.message?.kind === "reply" ? "replied" : work.message ? "noted" : "saved"}`);
});
