import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StaffPage } from "@/components/staff-page";
import { availableLocales, translatorFor } from "@/lib/i18n/locales";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { cannedReplyNumber, findCannedReply } from "@/lib/support/canned-replies";
import { CannedReplyForm } from "../canned-reply-form";
import { cannedReplyWords } from "../words";
import { withPageNotFound } from "@/lib/http/page-not-found";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("admin", async () => (await getTranslations("staff.cannedReplies"))("editTitle"));
}

/** Admins only (issue 27): one canned reply, to change. */
async function CannedReplyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireStaffPage("admin", `/staff/canned-replies/${encodeURIComponent(id)}`);
  const number = cannedReplyNumber(id);
  const reply = number === null ? undefined : await findCannedReply(number);
  if (!reply) notFound();
  const t = await getTranslations("staff.cannedReplies");
  const languages = availableLocales().map((locale) => ({ value: locale, label: translatorFor(locale, "shell")("languageName") }));

  return (
    <StaffPage staff={admin} current="cannedReplies" headingId="canned-reply-heading" heading={t("editTitle")} back={<Link href="/staff/canned-replies">{t("back")}</Link>}>
      <section className="card space-y-3">
        <CannedReplyForm reply={{ id: reply.id, locale: reply.locale, title: reply.title, body: reply.body }} languages={languages} words={await cannedReplyWords(t("save"))} />
      </section>
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(CannedReplyPage);
