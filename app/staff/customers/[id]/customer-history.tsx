import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CaseStatus } from "@/components/case-status";
import { CardSection } from "@/components/card-section";
import { auditEvents, recentAuditEvents } from "@/lib/audit";
import { displayName } from "@/lib/auth/current-customer";
import { readerTimes } from "@/i18n/reader-times";
import { listCases } from "@/lib/support/cases";

/** The customer's recent security events (with the staff member behind each) and their cases. */
export async function CustomerHistory({ customerId }: { customerId: string }) {
  const t = await getTranslations("staff.customer");
  const eventWords = await getTranslations("staff.auditEvents");
  const times = await readerTimes();
  const [events, cases] = await Promise.all([recentAuditEvents(customerId), listCases(customerId)]);
  return (
    <>
      <CardSection headingId="events-heading" heading={t("events")}>
        {events.length === 0 ? (
          <p>{t("noEvents")}</p>
        ) : (
          <ol className="space-y-2">
            {events.map((event) => (
              <li key={event.id} className="text-sm">
                {/* An event an older or newer release wrote that this one has no words for shows its name. */}
                <span className="font-semibold">{(auditEvents as readonly string[]).includes(event.event) ? eventWords(event.event) : event.event}</span> ·{" "}
                {t("eventTime", { time: times.time(event.at) })}
                {event.ip && <> · {t("eventIp", { ip: event.ip })}</>}
                {event.actor && <> · {t("eventBy", { name: displayName(event.actor) })}</>}
              </li>
            ))}
          </ol>
        )}
      </CardSection>

      <CardSection headingId="their-cases-heading" heading={t("cases")}>
        {cases.length === 0 ? (
          <p>{t("noCases")}</p>
        ) : (
          <ul className="space-y-2">
            {cases.map((item) => (
              <li key={item.id}>
                <Link href={`/staff/cases/${item.id}`}>{t("caseLink", { number: item.id, subject: item.subject })}</Link> <CaseStatus status={item.status} forStaff />
              </li>
            ))}
          </ul>
        )}
      </CardSection>
    </>
  );
}
