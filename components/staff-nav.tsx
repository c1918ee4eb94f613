import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { hasRole, type StaffMember } from "@/lib/staff/access";
import { staffCounts } from "@/lib/support/case-queue";

export type StaffScreen = "cases" | "contact" | "customers" | "knowledgeBase" | "health";

/**
 * The support team's screens, and (issue 27) the counts of work waiting: unassigned, waiting on
 * us, mine and overdue, each a link to that view of the queue. Each staff page renders it after
 * checking the role. Agents see Customers too, read-only (issue 27); admins act there. Health is
 * for admins only (issue 29).
 */
export async function StaffNav({ staff, current }: { staff: StaffMember; current: StaffScreen }) {
  const t = await getTranslations("staff.nav");
  const counts = await staffCounts(staff.id);
  const screens: Array<{ screen: StaffScreen; href: string; label: string }> = [
    { screen: "cases", href: "/staff/cases", label: t("cases") },
    { screen: "contact", href: "/staff/contact", label: t("contact") },
    { screen: "knowledgeBase", href: "/staff/knowledge-base", label: t("knowledgeBase") },
    { screen: "customers", href: "/staff/customers", label: t("customers") },
    ...(hasRole(staff, "admin") ? [{ screen: "health" as const, href: "/staff/health", label: t("health") }] : []),
  ];
  const views = [
    { key: "unassigned", href: "/staff/cases?view=unassigned&sort=due", count: counts.unassigned },
    { key: "waiting", href: "/staff/cases?view=waiting&sort=due", count: counts.waiting },
    { key: "mine", href: "/staff/cases?mine=1&sort=due", count: counts.mine },
    { key: "overdue", href: "/staff/cases?view=overdue&sort=due", count: counts.overdue },
  ] as const;
  return (
    <nav aria-label={t("label")} className="mb-6 space-y-2 border-b border-slate-200 pb-3">
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        {screens.map((item) => (
          <li key={item.screen}>
            <Link
              href={item.href}
              aria-current={item.screen === current ? "page" : undefined}
              className={item.screen === current ? "font-bold text-brand-900 no-underline" : undefined}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      <ul aria-label={t("countsLabel")} className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {views.map((view) => (
          <li key={view.key}>
            <Link href={view.href} data-count={view.key} className={view.key === "overdue" && view.count > 0 ? "font-semibold text-danger-700" : undefined}>
              {t(`counts.${view.key}`, { count: view.count })}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
