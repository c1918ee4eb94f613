"use server";

import { redirect } from "next/navigation";
import { readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { requireStaff, staffActor } from "@/lib/staff/access";
import { staffAction } from "@/lib/staff/staff-action";
import { CANNED_REPLIES_PER_LANGUAGE, cannedReplyNumber, cannedReplySchema, deleteCannedReply, saveCannedReply } from "@/lib/support/canned-replies";

/**
 * Canned replies (issue 27), kept by admins. Each action checks the role first (S34): an agent, a
 * customer or a signed-out visitor gets a 404 and nothing is done.
 */

export type CannedReplyField = "locale" | "title" | "body";

/**
 * A canned reply that is gone (or no number at all): its page, which answers "Page not found"
 * with 404 also without JavaScript; no canned reply is 0.
 */
function cannedReplyNotFound(id: number | null): never {
  pageNotFoundAt(`/staff/canned-replies/${id ?? 0}`);
}

/** Adds a template, or (with `reply`) changes one. */
export const saveCannedReplyAction = translatedForm<CannedReplyField>(async (_previous, formData) => {
  const admin = await requireStaff("admin");
  const words = await formWords();
  const form = readFields(formData, { reply: { maxLength: 20 }, locale: { maxLength: 20 }, title: { maxLength: 1000 }, body: { maxLength: 20_000, multiline: true } });
  const values = { locale: form.values.locale.slice(0, 20), title: form.values.title.slice(0, 200), body: form.values.body.slice(0, 5000) };
  const id = form.values.reply === "" ? null : cannedReplyNumber(form.values.reply);
  if (form.values.reply !== "" && id === null) cannedReplyNotFound(id);
  const parsed = cannedReplySchema.safeParse(form.values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<CannedReplyField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  const outcome = await saveCannedReply(admin, id, parsed.data, await staffActor(admin));
  if (!outcome.ok && outcome.reason === "not_found") cannedReplyNotFound(id);
  if (!outcome.ok && outcome.reason === "title_taken") {
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { title: words.t("staff.cannedReplies.titleTaken") }, values };
  }
  if (!outcome.ok) return { status: "error", message: words.t("staff.cannedReplies.tooMany", { count: CANNED_REPLIES_PER_LANGUAGE }), values };
  redirect(`/staff/canned-replies?done=${id === null ? "added" : "saved"}`);
});

export const deleteCannedReplyAction = staffAction("admin", async (admin, formData, actor) => {
  const id = cannedReplyNumber(readFields(formData, { reply: { maxLength: 20 } }).values.reply);
  if (id === null) cannedReplyNotFound(id);
  const outcome = await deleteCannedReply(admin, id, actor);
  return outcome.ok ? { path: "/staff/canned-replies", done: "deleted" } : { path: "/staff/canned-replies", refused: "gone" };
});
