import Link from "next/link";
import { config } from "@/lib/config";
import { CaseStatus } from "@/components/case-status";
import { currentCustomer, displayName } from "@/lib/auth/current-customer";
import { popularArticles } from "@/lib/support/knowledge-base";
import { listCases } from "@/lib/support/cases";

/** The main page of the portal, where a customer lands after signing in (step 7 of the guide). */
export default async function HomePage() {
  const signedIn = await currentCustomer();
  const { portalName, companyName } = config().branding;
  const [openCases, popular] = await Promise.all([signedIn ? listCases(signedIn.customer.id, { openOnly: true }) : [], popularArticles()]);
  const ways = [
    { href: "/knowledge-base", title: "Browse the KB", text: "Answers to common questions about your account, signing in and support cases." },
    { href: "/support/cases/new", title: "Create Case", text: "Tell us what is wrong and follow our answer in My cases." },
    { href: "/contact", title: "Contact us", text: "Phone, email and opening hours of customer support." },
  ];
  return (
    <div className="space-y-8">
      <section className="card">
        {signedIn ? (
          <>
            <h1 className="text-2xl font-bold">Welcome, {displayName(signedIn.customer)}</h1>
            <p className="mt-2">You are signed in to the {companyName} {portalName}. How can we help you today?</p>
          </>
        ) : (
          <>
            <h1 className="text-2xl font-bold">
              {companyName} {portalName}
            </h1>
            <p className="mt-2">Sign in to manage your account and support cases, or find help below.</p>
            <p className="mt-4 flex flex-wrap gap-3">
              <Link href="/signin" className="button-primary">
                Sign in
              </Link>
              <Link href="/forgot-password" className="button-secondary">
                Forgot your password?
              </Link>
            </p>
          </>
        )}
      </section>
      {signedIn && (
        <section aria-labelledby="open-cases-heading" className="card">
          <h2 id="open-cases-heading" className="mb-3 text-xl font-semibold">
            Your open cases
          </h2>
          {openCases.length === 0 ? (
            <p>
              You have no open cases. <Link href="/support/cases">See all your cases</Link>
            </p>
          ) : (
            <ul className="space-y-2">
              {openCases.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/support/cases/${item.id}`}>
                    Case {item.id}: {item.subject}
                  </Link>
                  <CaseStatus status={item.status} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="popular-heading" className="card">
        <h2 id="popular-heading" className="mb-3 text-xl font-semibold">
          Popular articles
        </h2>
        <ul className="space-y-2">
          {popular.map((article) => (
            <li key={article.slug}>
              <Link href={`/knowledge-base/${article.slug}`}>{article.title}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="ways-heading">
        <h2 id="ways-heading" className="mb-3 text-xl font-semibold">
          Ways to get help
        </h2>
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
      </section>
    </div>
  );
}
