import { getTranslations } from "next-intl/server";
import type { CannedReplyWords } from "./canned-reply-form";

/** The canned-reply form's words, in the page's language (the staff catalog stays on the server). */
export async function cannedReplyWords(submit: string): Promise<CannedReplyWords> {
  const t = await getTranslations("staff.cannedReplies");
  return {
    language: t("language"),
    chooseLanguage: t("chooseLanguage"),
    title: t("replyTitle"),
    titleHint: t("replyTitleHint"),
    body: t("body"),
    bodyHint: t("bodyHint"),
    submit,
  };
}
