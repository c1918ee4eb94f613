"use server";

import { redirect } from "next/navigation";
import type { MessageField } from "@/components/staff-message-form";
import { readField, readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { formWords, readMessage, translatedForm } from "@/lib/forms/form-words";
import { requireStaff, staffActor } from "@/lib/staff/access";
import { staffAction } from "@/lib/staff/staff-action";
import { messageSchema } from "@/lib/support/case-conversation";
import { newCaseSchema } from "@/lib/support/cases";
import { makeCaseFromContactMessage, markContactMessage, messageNumber, replyToContactMessage } from "@/lib/support/contact-inbox";

/**
 * The inbox message page's actions. Each checks the role first (S34); a customer or a signed-out
 * visitor gets a 404 and nothing is done.
 */

/**
 * A message that is gone (or no message number at all): its page, which answers "Page not found"
 * with 404 also without JavaScript; no message is 0.
 */
function messageNotFound(id: number | null): never {
  pageNotFoundAt(`/staff/contact/${id ?? 0}`);
}

function messageIn(formData: FormData): number {
  const read = readField(formData, "message", { maxLength: 20 });
  const id = "value" in read ? messageNumber(read.value) : null;
  if (id === null) messageNotFound(id);
  return id;
}

/** Answer by mail, to the address the message came from; the message is then handled. */
export const contactReplyAction = translatedForm<MessageField>(async (_previous, formData) => {
  const staff = await requireStaff("agent");
  const id = messageIn(formData);
  const message = await readMessage(formData, "text", messageSchema);
  if (!message.ok) return message.state;
  const outcome = await replyToContactMessage(staff, id, message.text, await staffActor(staff));
  if (!outcome.ok && outcome.reason === "bad_address") return { status: "error", message: (await formWords()).t("staff.contact.badAddress"), values: { text: message.text } };
  if (!outcome.ok) messageNotFound(id);
  redirect(`/staff/contact/${id}?done=replied`);
});

export const contactHandledAction = staffAction("agent", async (staff, formData, actor) => {
  const id = messageIn(formData);
  const handled = readFields(formData, { handled: { maxLength: 1 } }).values.handled === "1";
  if (!(await markContactMessage(staff, id, handled, actor)).ok) messageNotFound(id);
  return { path: `/staff/contact/${id}`, done: handled ? "handled" : "reopened" };
});

export type MakeCaseField = "subject" | "category";

const caseFieldsSchema = newCaseSchema.pick({ subject: true, category: true });

/** Turns the message into a case on the sender's account: the message is its description. */
export const makeCaseAction = translatedForm<MakeCaseField>(async (_previous, formData) => {
  const staff = await requireStaff("agent");
  const id = messageIn(formData);
  const words = await formWords();
  const form = readFields(formData, { subject: { maxLength: 1000 }, category: { maxLength: 100 } });
  const parsed = caseFieldsSchema.safeParse(form.values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<MakeCaseField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values: form.values };
  }
  const outcome = await makeCaseFromContactMessage(staff, id, parsed.data, await staffActor(staff));
  if (!outcome.ok && (outcome.reason === "no_account" || outcome.reason === "already_case")) {
    return { status: "error", message: words.t(`staff.contact.refused.${outcome.reason}`), values: form.values };
  }
  if (!outcome.ok || outcome.caseId === undefined) messageNotFound(id);
  redirect(`/staff/cases/${outcome.caseId}?done=fromMessage`);
});
