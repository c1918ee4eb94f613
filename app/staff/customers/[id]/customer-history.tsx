import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CaseStatus } from "@/components/case-status";
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
      <section aria-labelledby="events-heading" className="card space-y-3">
        <h2 id="events-heading" className="text-xl font-semibold">
          {t("events")}
        </h2>
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
      </section>

      <section aria-labelledby="their-cases-heading" className="card space-y-3">
        <h2 id="their-cases-heading" className="text-xl font-semibold">
          {t("cases")}
        </h2>
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
      </section>
    </>
  );
}
