import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { hasRole, type StaffMember } from "@/lib/staff/access";

export type StaffScreen = "cases" | "contact" | "customers" | "health";

/** The support team's screens; Customers and Health only for admins. Each staff page renders it after checking the role. */
export async function StaffNav({ staff, current }: { staff: StaffMember; current: StaffScreen }) {
  const t = await getTranslations("staff.nav");
  const screens: Array<{ screen: StaffScreen; href: string; label: string }> = [
    { screen: "cases", href: "/staff/cases", label: t("cases") },
    { screen: "contact", href: "/staff/contact", label: t("contact") },
    ...(hasRole(staff, "admin")
      ? [
          { screen: "customers" as const, href: "/staff/customers", label: t("customers") },
          { screen: "health" as const, href: "/staff/health", label: t("health") },
        ]
      : []),
  ];
  return (
    <nav aria-label={t("label")} className="mb-6 border-b border-slate-200 pb-3">
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
    </nav>
  );
}
