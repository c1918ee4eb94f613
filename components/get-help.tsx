import Link from "next/link";

/** The guide's "Get Help" block, in the same place on every page (WCAG 3.2.6). */
export function GetHelp() {
  return (
    <aside aria-labelledby="get-help-heading" className="border-t border-slate-200 bg-white">
      <div className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6">
        <h2 id="get-help-heading" className="text-lg font-semibold">
          Get Help
        </h2>
        <ul className="mt-3 flex flex-wrap gap-3">
          <li>
            <Link href="/knowledge-base" className="button-secondary">
              Browse the KB
            </Link>
          </li>
          <li>
            <Link href="/support/cases/new" className="button-secondary">
              Create Case
            </Link>
          </li>
          <li>
            <Link href="/contact" className="button-secondary">
              Contact us
            </Link>
          </li>
        </ul>
      </div>
    </aside>
  );
}
