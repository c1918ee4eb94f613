"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { guardPlainForm, readField } from "@/lib/http/form";
import { formWords, readMessage, translatedForm } from "@/lib/i18n/form-messages";
import { backgroundWork } from "@/lib/server/background-work";
import { closeAsCustomer, messageSchema, replyAsCustomer } from "@/lib/support/case-conversation";
import { caseNumber } from "@/lib/support/cases";

export type CaseReplyField = "text";

function caseIn(formData: FormData): number | null {
  const read = readField(formData, "case", { maxLength: 20 });
  return "value" in read ? caseNumber(read.value) : null;
}

/** The customer answers on their own case (another customer's is "not found", like one that does not exist). */
export const replyToCaseAction = translatedForm<CaseReplyField>(async (_previous, formData) => {
  const { customer } = await requireCustomer("/support/cases");
  const id = caseIn(formData);
  if (id === null) notFound();
  const message = await readMessage(formData, "text", messageSchema);
  if (!message.ok) return message.state;
  const outcome = await replyAsCustomer(customer, id, message.text);
  if (!outcome.ok && outcome.reason === "closed") return { status: "error", message: (await formWords()).t("cases.closedNoReply"), values: { text: message.text } };
  if (!outcome.ok) notFound();
  after(backgroundWork().runQuietly);
  redirect(`/support/cases/${id}?replied=1`);
});

/** The customer closes their own case. */
export const closeCaseAction = guardPlainForm(async (formData) => {
  const { customer } = await requireCustomer("/support/cases");
  const id = caseIn(formData);
  if (id === null || !(await closeAsCustomer(customer, id)).ok) notFound();
  redirect(`/support/cases/${id}?closed=1`);
});
