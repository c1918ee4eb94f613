"use server";

import { redirect } from "next/navigation";
import { currentCustomer, requireCustomer } from "@/lib/auth/current-customer";
import { guardPlainForm, readField } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { formWords, readMessage, translatedForm } from "@/lib/forms/form-words";
import { messageSchema } from "@/lib/support/case-conversation";
import { closeAsCustomer, replyAsCustomer } from "@/lib/support/customer-replies";
import { discardUploads } from "@/lib/support/attachments/attachments";
import { holdMessageForScan } from "@/lib/support/attachments/held-messages";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { caseNumber } from "@/lib/support/cases";
import { keepForSignIn } from "@/lib/support/kept-drafts";

export type CaseReplyField = "text" | "files";

function caseIn(formData: FormData): number | null {
  const read = readField(formData, "case", { maxLength: 20 });
  return "value" in read ? caseNumber(read.value) : null;
}

/**
 * A case this customer has not (gone, another customer's, or no case number at all): its page,
 * which answers "Page not found" exactly as for one that does not exist (S34); no case is 0.
 */
function caseNotFound(id: number | null): never {
  pageNotFoundAt(`/support/cases/${id ?? 0}`);
}

/** The customer answers on their own case (another customer's is "not found", like one that does not exist). */
export const replyToCaseAction = translatedForm<CaseReplyField>(async (_previous, formData) => {
  const id = caseIn(formData);
  const signedIn = await currentCustomer();
  if (!signedIn) {
    // Issue 26: the session ended while the reply was typed. Keep it and its files (D1–D4) and say so on Sign in,
    // which comes back to this case with the text in the box.
    const text = readField(formData, "text", { maxLength: 20_000, multiline: true });
    const kept = id !== null && "value" in text && (await keepForSignIn({ kind: "reply", caseId: id, text: text.value }, formData));
    const back = encodeURIComponent(id === null ? "/support/cases" : `/support/cases/${id}`);
    redirect(`/signin?${kept ? "kept=reply&" : ""}callbackUrl=${back}`);
  }
  const { customer } = signedIn;
  if (id === null) caseNotFound(id);
  const message = await readMessage(formData, "text", messageSchema);
  if (!message.ok) return message.state;
  const files = await takeMessageFiles(customer, formData);
  if (files.status === "refused") {
    const words = await formWords();
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { files: await words.fileRefusal(files) }, values: { text: message.text } };
  }
  if (files.status === "unscanned") {
    // Issue 26: clamd did not answer; the reply waits for the scan and is never posted unscanned.
    await holdMessageForScan({ kind: "reply", customerId: customer.id, caseId: id, text: message.text, attachmentIds: files.ids });
    redirect(`/support/cases/${id}?held=1`);
  }
  const outcome = await replyAsCustomer(customer, id, message.text, files.ids);
  if (!outcome.ok) await discardUploads(customer, files.ids);
  if (!outcome.ok && outcome.reason === "closed") return { status: "error", message: (await formWords()).t("cases.closedNoReply"), values: { text: message.text } };
  if (!outcome.ok) caseNotFound(id);
  redirect(`/support/cases/${id}?replied=1`);
});

/** The customer closes their own case. */
export const closeCaseAction = guardPlainForm(async (formData) => {
  const { customer } = await requireCustomer("/support/cases");
  const id = caseIn(formData);
  if (id === null || !(await closeAsCustomer(customer, id)).ok) caseNotFound(id);
  redirect(`/support/cases/${id}?closed=1`);
});
