import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { config } from "@/lib/config";
import { currentCustomer, displayName } from "@/lib/auth/current-customer";
import { isStaff } from "@/lib/staff/access";
import { LanguageSwitcher } from "./language-switcher";

/** The guide's header: portal name, Knowledge Base, Support, search, and Sign in (or the customer's menu). */
export async function SiteHeader() {
  const { portalName } = config().branding;
  const signedIn = await currentCustomer();
  const t = await getTranslations("shell");
  const menu = "relative [&_summary::-webkit-details-marker]:hidden";
  const menuList = "absolute right-0 z-20 mt-2 min-w-44 rounded-md border border-slate-200 bg-white py-1 text-slate-900 shadow-lg";
  const menuItem = "block w-full px-4 py-2 text-left text-slate-900 no-underline hover:bg-brand-100";

  return (
    <header className="bg-brand-900 text-white">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-xl font-bold text-white no-underline hover:text-white">
          {portalName}
        </Link>
        <nav aria-label={t("mainNavigation")} className="flex flex-1 flex-wrap items-center gap-x-4 gap-y-2">
          <Link href="/knowledge-base" className="text-white no-underline hover:underline hover:text-white">
            {t("knowledgeBase")}
          </Link>
          <details className={menu}>
            <summary className="cursor-pointer list-none text-white hover:underline">
              {t("support")} <span aria-hidden="true">▾</span>
            </summary>
            <ul className={menuList}>
              <li>
                <Link href="/support/cases/new" className={menuItem}>
                  {t("createCase")}
                </Link>
              </li>
              {signedIn && (
                <li>
                  <Link href="/support/cases" className={menuItem}>
                    {t("myCases")}
                  </Link>
                </li>
              )}
            </ul>
          </details>
          {/* The role is read with the session, from the database, on every request. */}
          {isStaff(signedIn?.customer) && (
            <Link href="/staff" className="text-white no-underline hover:underline hover:text-white">
              {t("staff")}
            </Link>
          )}
          <form role="search" action="/search" method="get" className="flex min-w-0 items-center">
            <label htmlFor="site-search" className="sr-only">
              {t("search")}
            </label>
            <input
              id="site-search"
              name="q"
              type="search"
              maxLength={200}
              placeholder={t("search")}
              className="w-32 min-w-0 rounded-l-md border-0 bg-white px-2 py-1.5 text-slate-900 placeholder:text-slate-600 sm:w-44"
            />
            <button type="submit" className="rounded-r-md bg-brand-600 px-2 py-1.5 text-white hover:bg-brand-700">
              <span aria-hidden="true">⌕</span>
              <span className="sr-only">{t("search")}</span>
            </button>
          </form>
        </nav>
        {signedIn ? (
          <details className={`${menu} ml-auto`}>
            <summary className="cursor-pointer list-none font-semibold text-white hover:underline">
              {displayName(signedIn.customer)} <span aria-hidden="true">▾</span>
            </summary>
            <ul className={menuList}>
              <li>
                <Link href="/account" className={menuItem}>
                  {t("account")}
                </Link>
              </li>
              <li>
                <form action="/signout" method="post">
                  <button type="submit" className={`${menuItem} cursor-pointer text-brand-600`}>
                    {t("signOut")}
                  </button>
                </form>
              </li>
            </ul>
          </details>
        ) : (
          <Link href="/signin" className="ml-auto font-semibold text-white no-underline hover:underline hover:text-white">
            {t("signIn")}
          </Link>
        )}
        <LanguageSwitcher />
      </div>
    </header>
  );
}
