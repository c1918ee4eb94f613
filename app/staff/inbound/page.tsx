import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { StaffNav } from "@/components/staff-nav";
import { requireStaffPage, staffPageTitle } from "@/lib/staff/access";
import { holdReasons, type HoldReason } from "@/lib/support/inbound/inbound-mail";
import { listHeldMail, type HeldMailRefusal } from "@/lib/support/inbound/held-mail";
import { Notice } from "@/components/notice";
import { discardHeldMailAction, postHeldMailAction } from "./actions";

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
export default async function InboundPage({ searchParams }: InboundPageProps) {
  const staff = await requireStaffPage("agent", "/staff/inbound");
  const query = await searchParams;
  const done = query.done === "posted" || query.done === "discarded" ? query.done : null;
  const postedCase = typeof query.case === "string" && /^\d{1,16}$/.test(query.case) ? query.case : "";
  const refused = refusals.find((reason) => reason === query.refused) ?? null;
  const t = await getTranslations("staff.inbound");
  const format = await getFormatter();
  const held = await listHeldMail();

  return (
    <div>
      <StaffNav staff={staff} current="inbound" />
      <article aria-labelledby="inbound-heading" className="space-y-6">
        <h1 id="inbound-heading" className="text-2xl font-bold">
          {t("title")}
        </h1>
        <p>{t("intro")}</p>
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
        {refused && (
          <Notice tone="danger">
            {t(`refused.${refused}`)}
          </Notice>
        )}
        {held.length === 0 ? (
          <p id="held-mail-empty">{t("empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table id="held-mail" className="w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col">{t("received")}</th>
                  <th scope="col">{t("sender")}</th>
                  <th scope="col">{t("subject")}</th>
                  <th scope="col">{t("reason")}</th>
                  <th scope="col">{t("case")}</th>
                  <th scope="col">
                    <span className="sr-only">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {held.map((mail) => (
                  <tr key={mail.id}>
                    <td>{format.dateTime(mail.receivedAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                    <td className="break-all">{mail.sender ?? t("unknown")}</td>
                    <td className="break-words">{mail.subject ?? t("noSubject")}</td>
                    <td>{t(reasonKey(mail.reason))}</td>
                    <td>{mail.caseId ? <Link href={`/staff/cases/${mail.caseId}`}>{t("caseNumber", { number: mail.caseId })}</Link> : t("noCase")}</td>
                    <td className="flex flex-wrap gap-2">
                      {mail.caseId && (
                        <form action={postHeldMailAction}>
                          <input type="hidden" name="id" value={mail.id} />
                          <button type="submit" className="button-secondary" aria-label={t("postLabel", { id: mail.id, number: mail.caseId })}>
                            {t("post")}
                          </button>
                        </form>
                      )}
                      <form action={discardHeldMailAction}>
                        <input type="hidden" name="id" value={mail.id} />
                        <button type="submit" className="button-secondary" aria-label={t("discardLabel", { id: mail.id })}>
                          {t("discard")}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </article>
    </div>
  );
}
