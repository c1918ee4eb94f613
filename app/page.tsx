import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { CardSection } from "@/components/card-section";
import { CaseStatus } from "@/components/case-status";
import { currentCustomer, displayName } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { portalNameIn } from "@/lib/i18n/portal-name";
import { listCases } from "@/lib/support/cases";
import { popularArticles } from "@/lib/knowledge-base/reading";

/** The main page of the portal, where a customer lands after signing in (step 7 of the guide). */
export default async function HomePage() {
  const signedIn = await currentCustomer();
  const { companyName } = config().branding;
  const portalName = portalNameIn(await getLocale());
  const t = await getTranslations("home");
  const shell = await getTranslations("shell");
  const registration = await getTranslations("registration");
  // A signed-out visitor may register here only when anyone may (REGISTRATION=open).
  const registrationOpen = config().registration.mode === "open";
  const [openCases, popular] = await Promise.all([signedIn ? listCases(signedIn.customer.id, { openOnly: true }) : [], popularArticles(await getLocale())]);
  const ways = [
    { href: "/knowledge-base", title: shell("browseKb"), text: t("waysKb") },
    { href: "/support/cases/new", title: shell("createCase"), text: t("waysCase") },
    { href: "/contact", title: shell("contactUs"), text: t("waysContact") },
  ];
  return (
    // The home page's "Ways to get help" holds the Get Help block's links (components/get-help.tsx).
    <div data-without-get-help className="space-y-8">
      <section className="card">
        {signedIn ? (
          <>
            <h1 className="text-2xl font-bold">{t("welcome", { name: displayName(signedIn.customer) })}</h1>
            <p className="mt-2">{t("signedInIntro", { companyName, portalName })}</p>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold">{t("title", { companyName, portalName })}</h1>
            <p className="mt-2">{t("intro")}</p>
            <p className="mt-4 flex flex-wrap gap-3">
              <Link href="/signin" className="button-primary">
                {shell("signIn")}
              </Link>
              {registrationOpen && (
                <Link href="/register" className="button-secondary">
                  {registration("tabs.register")}
                </Link>
              )}
              <Link href="/forgot-password" className="button-secondary">
                {t("forgotPassword")}
              </Link>
            </p>
          </>
        )}
      </section>
      {signedIn && (
        <CardSection headingId="open-cases-heading" heading={t("openCases")}>
          {openCases.length === 0 ? (
            <p>{t.rich("noOpenCases", { all: (chunks) => <Link href="/support/cases">{chunks}</Link> })}</p>
          ) : (
            <ul className="space-y-2">
              {openCases.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/support/cases/${item.id}`}>{t("caseLink", { number: item.id, subject: item.subject })}</Link>
                  <CaseStatus status={item.status} />
                </li>
              ))}
            </ul>
          )}
        </CardSection>
      )}
      <CardSection headingId="popular-heading" heading={t("popular")}>
        <ul className="space-y-2">
          {popular.map((article) => (
            <li key={article.slug}>
              <Link href={`/knowledge-base/${article.slug}`}>{article.title}</Link>
            </li>
          ))}
        </ul>
      </CardSection>
      <CardSection headingId="ways-heading" heading={t("waysHeading")} kind="plain">
        <ul className="grid gap-4 sm:grid-cols-3">
          {ways.map((way) => (
            <li key={way.href} className="card">
              <Link href={way.href} className="text-lg font-semibold">
                {way.title}
              </Link>
              <p className="mt-1 text-slate-700">{way.text}</p>
            </li>
          ))}
        </ul>
      </CardSection>
    </div>
  );
}
