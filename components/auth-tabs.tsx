import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { config } from "@/lib/config";

type Tab = "signIn" | "register" | "invitation";

/**
 * The sign-in page's tabs, as in the portal we replace: Sign in, Register (when anyone may
 * register) and Redeem invitation (unless registration is off).
 */
export async function AuthTabs({ current }: { current: Tab }) {
  const mode = config().registration.mode;
  if (mode === "off") return null;
  const t = await getTranslations("registration");
  const tabs: Array<{ id: Tab; href: string; label: string }> = [
    { id: "signIn", href: "/signin", label: t("tabs.signIn") },
    ...(mode === "open" ? [{ id: "register" as const, href: "/register", label: t("tabs.register") }] : []),
    { id: "invitation", href: "/register/invitation", label: t("tabs.invitation") },
  ];
  return (
    <nav aria-label={t("tabs.label")} className="mb-6">
      <ul className="flex flex-wrap gap-2 border-b border-slate-300">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={tab.id === current ? "page" : undefined}
              className={`-mb-px inline-block border-b-4 px-4 py-2 font-semibold no-underline ${tab.id === current ? "border-brand-600 text-brand-900" : "border-transparent text-brand-600 hover:border-slate-300"}`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
