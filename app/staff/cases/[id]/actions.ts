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
import { keepForSignIn, type StaffChoices } from "@/lib/support/kept-drafts";
import type { CaseWorkField } from "./case-work-form";
import { CASE_CHOICES, type CaseChoice } from "./choices";

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
 * The choices the agent changed. A select still showing what the page was drawn with (its
 * `shown-` field) is left out, so that a change someone else made since — a colleague took the
 * case, the customer closed it — is not undone by a Save that only meant to add a note. A page
 * drawn before these fields existed (a rolling upgrade) sends none: every choice counts, as then.
 */
function changedChoices(formData: FormData, chosen: Record<CaseChoice, string>): Partial<Record<CaseChoice, string>> {
  const changed: Partial<Record<CaseChoice, string>> = {};
  for (const name of CASE_CHOICES) {
    const shown = formData.has(`shown-${name}`) ? readField(formData, `shown-${name}`, { maxLength: 40 }) : null;
    if (!(shown && "value" in shown && shown.value === chosen[name])) changed[name] = chosen[name];
  }
  return changed;
}

/** The changed choices, each one the form can offer; null when one is not (a tampered or stale form). */
function validChoices(changed: Partial<Record<CaseChoice, string>>): StaffChoices | null {
  const status = statusSchema.optional().safeParse(changed.status);
  const priority = prioritySchema.optional().safeParse(changed.priority);
  const agent = agentSchema.optional().safeParse(changed.agent);
  if (!status.success || !priority.success || !agent.success) return null;
  return { ...(status.data && { status: status.data }), ...(priority.data && { priority: priority.data }), ...(agent.data !== undefined && { agent: agent.data }) };
}

const choiceLimits = { status: { maxLength: 40 }, priority: { maxLength: 20 }, agent: { maxLength: 40 } };

/**
 * Issue 26 on the staff side: the session ended while the agent typed. The reply or note is kept
 * as a customer's is (D1–D5, for an agent only), with the status, priority and assignee the agent
 * changed — or those alone — and Sign in, then the staff second step, comes back to the case with
 * them in the form. Its files are not kept (the staff form does not send files ahead, which is how
 * a kept file comes back): the page asks for them again.
 */
async function keepForSignInAndGo(formData: FormData): Promise<never> {
  const read = readField(formData, "case", { maxLength: 20 });
  const id = "value" in read ? caseNumber(read.value) : null;
  const text = readField(formData, "text", { maxLength: 20_000, multiline: true });
  const note = readFieldOrNull(formData, "kind", 10) === "note";
  // Choices only from a page that says what it showed (one drawn before, during a rolling upgrade,
  // would keep all three and undo on restore what others changed since), and none that was unreadable.
  const chosen = readFields(formData, choiceLimits);
  const fromShown = CASE_CHOICES.every((name) => formData.has(`shown-${name}`));
  const readable = Object.fromEntries(Object.entries(changedChoices(formData, chosen.values)).filter(([name]) => !(name in chosen.problems)));
  const choices = (fromShown && validChoices(readable)) || {};
  const filesDropped = ((await formFiles(formData)) ?? [null]).length > 0;
  // The newest event the agent's page showed: what came in while they signed in again is warned of on Save.
  const seenField = readFieldOrNull(formData, "seen", 20);
  const seen = seenField ? eventIdSchema.safeParse(seenField) : null;
  const kept =
    id !== null &&
    "value" in text &&
    (await keepForSignIn({
      kind: "staffWork",
      caseId: id,
      note,
      text: text.value,
      ...(Object.keys(choices).length > 0 && { choices }),
      ...(seen?.success && { seen: seen.data }),
      ...(filesDropped && { filesDropped }),
    }));
  const notice = !kept ? "" : text.value.trim() ? (note ? "note" : "reply") : "changes";
  const back = encodeURIComponent(id === null ? "/staff/cases" : `/staff/cases/${id}`);
  redirect(`/signin?${notice ? `kept=${notice}&` : ""}callbackUrl=${back}`);
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
  const form = readFields(formData, { kind: { maxLength: 10 }, text: { maxLength: 20_000, multiline: true }, ...choiceLimits, seen: { maxLength: 20 }, override: { maxLength: 5 } });
  // Only the changed choices are sent back to refill the form: the others show the case as it is now.
  const changed = changedChoices(formData, form.values);
  const values = { kind: form.values.kind, text: form.values.text, ...changed };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const kind = form.values.kind === "note" ? "note" : "reply";
  const choices = validChoices(changed);
  const seen = eventIdSchema.safeParse(form.values.seen);
  if (!choices || !seen.success) return { status: "error", message: words.t("staff.case.work.refreshed"), values };
  const work: CaseWork = {
    status: choices.status,
    priority: choices.priority,
    ...(choices.agent !== undefined && { assignee: choices.agent || null }),
    seenEventId: seen.data,
    overrideConflict: form.values.override === "1",
  };
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
