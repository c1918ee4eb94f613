import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { StaffActionButton } from "@/components/staff-action-button";
import { StaffPage } from "@/components/staff-page";
import { StaffTable } from "@/components/staff-table";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { holdReasons, type HoldReason } from "@/lib/support/inbound/inbound-mail";
import { HELD_MAIL_DAYS, listHeldMail, type HeldMailRefusal } from "@/lib/support/inbound/held-mail";
import { Notice } from "@/components/notice";
import { discardHeldMailAction, postHeldMailAction } from "./actions";
import { withPageNotFound } from "@/lib/http/page-not-found";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return staffPageTitle("agent", async () => (await getTranslations("staff.inbound"))("title"));
}

type InboundPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const refusals: HeldMailRefusal[] = ["gone", "no_case", "no_text", "files_refused", "scanner_unavailable"];

/** The reason's message key: the stored reason in the staff member's language. */
function reasonKey(reason: string | null): string {
  return holdReasons.includes(reason as HoldReason) ? `reasons.${(reason as string).replace(/[^a-z]+/gi, "_")}` : "reasons.other";
}

/**
 * Issue 28: mail read from the support mailbox that was not posted, with the reason, for an agent
 * to post to its case or discard. The sender and subject are shown as text; the mail's body is
 * not shown here (it is posted whole, or not at all).
 */
async function InboundPage({ searchParams }: InboundPageProps) {
  const staff = await requireStaffPage("agent", "/staff/inbound");
  const query = await searchParams;
  const done = query.done === "posted" || query.done === "discarded" ? query.done : null;
  const postedCase = typeof query.case === "string" && /^\d{1,16}$/.test(query.case) ? query.case : "";
  const refused = refusals.find((reason) => reason === query.refused) ?? null;
  const t = await getTranslations("staff.inbound");
  const format = await getFormatter();
  const held = await listHeldMail();

  return (
    <StaffPage
      staff={staff}
      current="inbound"
      headingId="inbound-heading"
      heading={t("title")}
      intro={t("intro", { days: HELD_MAIL_DAYS })}
      notices={
        <>
          {done && (
            <Notice tone="success">
              {done === "posted" ? (
                <>
                  {t("donePosted")} <Link href={`/staff/cases/${postedCase}`}>{t("openCase", { number: postedCase })}</Link>
                </>
              ) : (
                t("doneDiscarded")
              )}
            </Notice>
          )}
          {refused && <Notice tone="danger">{t(`refused.${refused}`)}</Notice>}
        </>
      }
    >
      <StaffTable
        id="held-mail"
        empty={t("empty")}
        columns={[
          { label: t("received") },
          { label: t("sender"), className: "break-all" },
          { label: t("subject"), className: "break-words" },
          { label: t("reason") },
          { label: t("case") },
          { label: t("actions"), hidden: true, className: "flex flex-wrap gap-2" },
        ]}
        rows={held.map((mail) => ({
          key: mail.id,
          cells: [
            format.dateTime(mail.receivedAt, { dateStyle: "medium", timeStyle: "short" }),
            mail.sender ?? t("unknown"),
            mail.subject ?? t("noSubject"),
            t(reasonKey(mail.reason)),
            mail.caseId ? <Link href={`/staff/cases/${mail.caseId}`}>{t("caseNumber", { number: mail.caseId })}</Link> : t("noCase"),
            <>
              {mail.caseId && <StaffActionButton action={postHeldMailAction} fields={{ id: String(mail.id) }} label={t("post")} accessibleLabel={t("postLabel", { id: mail.id, number: mail.caseId })} />}
              <StaffActionButton action={discardHeldMailAction} fields={{ id: String(mail.id) }} label={t("discard")} accessibleLabel={t("discardLabel", { id: mail.id })} />
            </>,
          ],
        }))}
      />
    </StaffPage>
  );
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(InboundPage);
