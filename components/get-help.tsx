import { getTranslations } from "next-intl/server";
import Link from "next/link";

/**
 * The guide's "Get Help" block, in the same place on every customer page (WCAG 3.2.6). Not on the
 * home page, whose "Ways to get help" holds the same three links, nor on the support team's screens,
 * which are not for customers: a page that marks itself `data-without-get-help` hides it by CSS
 * (app/globals.css), so the shell needs no JavaScript to know where it is (issue 25).
 */
export async function GetHelp() {
  const t = await getTranslations("shell");
  const links = [
    { href: "/knowledge-base", label: t("browseKb") },
    { href: "/support/cases/new", label: t("createCase") },
    { href: "/contact", label: t("contactUs") },
  ];
  return (
    <aside data-get-help aria-labelledby="get-help-heading" className="border-t border-slate-200 bg-white">
      <div className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
        <h2 id="get-help-heading" className="text-lg font-semibold">
          {t("getHelp")}
        </h2>
        <ul className="mt-3 flex flex-wrap gap-3">
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="button-secondary">
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
