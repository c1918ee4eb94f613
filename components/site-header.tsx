import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { currentCustomer, displayName } from "@/lib/auth/current-customer";
import { portalNameIn } from "@/lib/i18n/portal-name";
import { isStaff } from "@/lib/staff/access";
import { DisclosureMenus } from "./disclosure-menus";
import { LanguageSwitcher } from "./language-switcher";

const menu = "relative [&_summary::-webkit-details-marker]:hidden";
const menuList = "absolute right-0 z-20 mt-2 min-w-44 rounded-md border border-slate-200 bg-white py-1 text-slate-900 shadow-lg";
const menuItem = "block w-full px-4 py-2 text-left text-slate-900 no-underline hover:bg-brand-100";
const headerLink = "text-white no-underline hover:underline hover:text-white";

/**
 * The guide's header: portal name, Knowledge Base, Support, search, and Sign in (or the customer's menu).
 * From 768 px it is one row of links; below, the portal name and a Menu button that holds the same
 * links, so the header stays one line on a phone in every language (issue 30).
 */
export async function SiteHeader() {
  const portalName = portalNameIn(await getLocale());
  const signedIn = await currentCustomer();
  const staff = isStaff(signedIn?.customer);
  const t = await getTranslations("shell");

  const searchForm = (id: string) => (
    <form role="search" action="/search" method="get" className="flex min-w-0 items-center">
      <label htmlFor={id} className="sr-only">
        {t("search")}
      </label>
      <input
        id={id}
        name="q"
        type="search"
        maxLength={200}
        placeholder={t("search")}
        className="w-full min-w-0 rounded-l-md border-0 bg-white px-2 py-1.5 text-slate-900 placeholder:text-slate-600 md:w-44"
      />
      <button type="submit" className="rounded-r-md bg-brand-600 px-2 py-1.5 text-white hover:bg-brand-700">
        <span aria-hidden="true">⌕</span>
        <span className="sr-only">{t("search")}</span>
      </button>
    </form>
  );
  const signOutForm = (className: string) => (
    <form action="/signout" method="post">
      <button type="submit" className={className}>
        {t("signOut")}
      </button>
    </form>
  );

  return (
    <header className="bg-brand-900 text-white">
      <DisclosureMenus />
      <div className="relative mx-auto flex w-full max-w-5xl items-center gap-x-3 px-4 md:gap-x-4 py-3 sm:px-6">
        <Link href="/" className="min-w-0 truncate text-lg font-bold text-white no-underline hover:text-white sm:text-xl">
          {portalName}
        </Link>

        {/* From 768 px: everything in one row. */}
        <nav aria-label={t("mainNavigation")} className="hidden flex-1 items-center gap-x-4 md:flex">
          <Link href="/knowledge-base" className={headerLink}>
            {t("knowledgeBase")}
          </Link>
          <details className={menu} data-menu>
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
          {staff && (
            <Link href="/staff" className={headerLink}>
              {t("staff")}
            </Link>
          )}
          {searchForm("site-search")}
        </nav>
        <div className="ml-auto hidden items-center gap-x-4 md:flex">
          {signedIn ? (
            <details className={menu} data-menu>
              <summary className="cursor-pointer list-none font-semibold text-white hover:underline">
                {displayName(signedIn.customer)} <span aria-hidden="true">▾</span>
              </summary>
              <ul className={menuList}>
                <li>
                  <Link href="/account" className={menuItem}>
                    {t("account")}
                  </Link>
                </li>
                <li>{signOutForm(`${menuItem} cursor-pointer text-brand-600`)}</li>
              </ul>
            </details>
          ) : (
            <Link href="/signin" className={`${headerLink} font-semibold`}>
              {t("signIn")}
            </Link>
          )}
        </div>

        {/* Below 768 px: the Menu button; a <details>, so it opens without JavaScript too. Its panel
            is the element right after it, shown while it is open (peer-open). From 768 px the panel's
            box is dropped (display: contents) and only its language switcher stays, at the row's
            end: the switcher is rendered once for both layouts (issue 25). */}
        <details className="peer ml-auto shrink-0 md:hidden [&_summary::-webkit-details-marker]:hidden" data-menu>
          <summary className="cursor-pointer list-none whitespace-nowrap rounded-md border border-white/60 px-3 py-1.5 font-semibold text-white">
            {t("menu")} <span aria-hidden="true">☰</span>
          </summary>
        </details>
        <div
          data-menu-panel
          className="absolute inset-x-0 top-full z-20 hidden space-y-4 border-t border-white/20 bg-brand-900 px-4 pb-5 pt-4 shadow-lg peer-open:max-md:block sm:px-6 md:contents"
        >
          <div className="md:hidden">{searchForm("site-search-menu")}</div>
          <nav aria-label={t("mainNavigation")} className="md:hidden">
            <ul className="space-y-1">
              <li>
                <Link href="/knowledge-base" className={`${headerLink} block py-2`}>
                  {t("knowledgeBase")}
                </Link>
              </li>
              <li>
                <Link href="/support/cases/new" className={`${headerLink} block py-2`}>
                  {t("createCase")}
                </Link>
              </li>
              {signedIn && (
                <li>
                  <Link href="/support/cases" className={`${headerLink} block py-2`}>
                    {t("myCases")}
                  </Link>
                </li>
              )}
              {staff && (
                <li>
                  <Link href="/staff" className={`${headerLink} block py-2`}>
                    {t("staff")}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div className="space-y-1 border-t border-white/20 pt-3 md:hidden">
            {signedIn ? (
              <>
                {/* Note: the name is not repeated here; it is the desktop menu's button, and one
                    element naming the customer keeps the header's text unambiguous. */}
                <Link href="/account" className={`${headerLink} block py-2`}>
                  {t("account")}
                </Link>
                {signOutForm("block cursor-pointer py-2 text-left text-white hover:underline")}
              </>
            ) : (
              <Link href="/signin" className={`${headerLink} block py-2 font-semibold`}>
                {t("signIn")}
              </Link>
            )}
          </div>
          <LanguageSwitcher />
        </div>
      </div>
    </header>
  );
}
