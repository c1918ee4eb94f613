"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import type { MessageField } from "@/components/staff-message-form";
import { guardPlainForm, readField, readFields, type FormState } from "@/lib/http/form";
import { formWords, readMessage, translatedForm } from "@/lib/i18n/form-messages";
import { backgroundWork } from "@/lib/server/background-work";
import { requireStaff, staffActor, type StaffMember } from "@/lib/staff/access";
import { discardUploads } from "@/lib/support/attachments/attachments";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { addInternalNote, assignCase, changeCaseStatus, messageSchema, replyToCustomer, statusSchema, type Outcome } from "@/lib/support/case-conversation";
import { caseNumber } from "@/lib/support/cases";

/**
 * The case page's actions. Each is a public endpoint: it checks the role first (S34), reading it
 * from the database; a customer or a signed-out visitor gets a 404 and nothing is done.
 */

function caseIn(formData: FormData): number {
  const read = readField(formData, "case", { maxLength: 20 });
  const id = "value" in read ? caseNumber(read.value) : null;
  if (id === null) notFound();
  return id;
}

/**
 * The files sent with a reply or note (issue 26), or the form's answer when one is refused. A
 * member of the support team is told to try again when clamd does not answer: their message is
 * not held for a later scan as a customer's is.
 */
async function staffFiles(staff: StaffMember, formData: FormData, text: string): Promise<{ ids: string[] } | { state: FormState<MessageField> }> {
  const files = await takeMessageFiles(staff, formData);
  if (files.status === "accepted") return { ids: files.ids };
  if (files.status === "unscanned") await discardUploads(staff, files.ids);
  const words = await formWords();
  const refusal = files.status === "unscanned" ? { reason: "unavailable" as const } : files;
  return { state: { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { files: words.fileRefusal(refusal) }, values: { text } } };
}

function finish(outcome: Outcome, id: number, done: string): never {
  if (!outcome.ok) notFound();
  redirect(`/staff/cases/${id}?done=${done}`);
}

/** Reply to the customer; with "waiting for the customer" ticked, the status moves in the same step. */
export const staffReplyAction = translatedForm<MessageField>(async (_previous, formData) => {
  const staff = await requireStaff("agent");
  const id = caseIn(formData);
  const message = await readMessage(formData, "text", messageSchema);
  if (!message.ok) return message.state;
  const option = readField(formData, "waiting", { maxLength: 10 });
  const waitingForYou = "value" in option && option.value === "on";
  const files = await staffFiles(staff, formData, message.text);
  if ("state" in files) return files.state;
  const outcome = await replyToCustomer(staff, id, message.text, { waitingForYou, attachmentIds: files.ids }, await staffActor(staff));
  after(backgroundWork().runQuietly);
  finish(outcome, id, "replied");
});

export const staffNoteAction = translatedForm<MessageField>(async (_previous, formData) => {
  const staff = await requireStaff("agent");
  const id = caseIn(formData);
  const message = await readMessage(formData, "text", messageSchema);
  if (!message.ok) return message.state;
  const files = await staffFiles(staff, formData, message.text);
  if ("state" in files) return files.state;
  finish(await addInternalNote(staff, id, message.text, await staffActor(staff), files.ids), id, "noted");
});

export const staffStatusAction = guardPlainForm(async (formData) => {
  const staff = await requireStaff("agent");
  const id = caseIn(formData);
  const status = statusSchema.safeParse(readFields(formData, { status: { maxLength: 40 } }).values.status);
  if (!status.success) redirect(`/staff/cases/${id}`);
  const outcome = await changeCaseStatus(staff, id, status.data, await staffActor(staff));
  after(backgroundWork().runQuietly);
  finish(outcome, id, "status");
});

const agentSchema = z.union([z.literal(""), z.uuid()]);

export const staffAssignAction = guardPlainForm(async (formData) => {
  const staff = await requireStaff("agent");
  const id = caseIn(formData);
  const agent = agentSchema.safeParse(readFields(formData, { agent: { maxLength: 40 } }).values.agent);
  if (!agent.success) redirect(`/staff/cases/${id}`);
  const outcome = await assignCase(staff, id, agent.data || null, await staffActor(staff));
  if (!outcome.ok && outcome.reason === "not_an_agent") redirect(`/staff/cases/${id}?refused=not_an_agent`);
  finish(outcome, id, "assigned");
});
