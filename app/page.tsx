import Link from "next/link";
import { config } from "@/lib/config";
import { currentCustomer, displayName } from "@/lib/current-customer";

/** The main page of the portal, where a customer lands after signing in (step 7 of the guide). */
export default async function HomePage() {
  const signedIn = await currentCustomer();
  const { portalName, companyName } = config().branding;
  const ways = [
    { href: "/knowledge-base", title: "Browse the KB", text: "Answers to common questions about your account, bills and service." },
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
