import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { PageNotFound } from "@/components/page-not-found";
import { requestContexts } from "@/lib/log";

// What notFound() throws (next/navigation); tests/support/server-actions.ts reads the same.
const NOT_FOUND_DIGEST = "NEXT_HTTP_ERROR_FALLBACK;404";

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { digest?: unknown }).digest === NOT_FOUND_DIGEST;
}

/**
 * A page whose own notFound() (an unknown address, a case that is not the reader's, a staff page
 * for a customer) answers the portal's "Page not found" with 404, drawn on the server.
 *
 * Note: Next.js 16 answers a page's own notFound() with 404 and an empty document: the not-found
 * page reaches the browser only in the React payload, so without JavaScript the page is blank
 * (vercel/next.js#62228; an address no page has is not affected). So the page draws the not-found
 * page itself, in the root layout like any page, and the request's status is set to 404 by
 * server/preload.cjs, which reads it from the request's context when the response starts. The
 * answer is the same whatever made the page call notFound(): nothing tells a case that is not
 * the reader's from one that does not exist.
 */
export function withPageNotFound<Props>(page: (props: Props) => Promise<ReactNode>): (props: Props) => Promise<ReactNode> {
  return async function PageOrNotFound(props: Props) {
    try {
      return await page(props);
    } catch (error) {
      const context = requestContexts().getStore();
      // Without the preload (a page rendered outside the portal's server) no one would set the
      // status: Next.js's own 404 answer is then the honest one.
      if (!isNotFound(error) || !context) throw error;
      context.status = 404;
      return (
        <>
          <meta name="robots" content="noindex" />
          <PageNotFound />
        </>
      );
    }
  };
}

/**
 * A server action that finds nothing to act on (a reply to a case that is gone or another
 * customer's): the browser is sent to that thing's own address, whose page answers the portal's
 * "Page not found" with 404 (withPageNotFound) — with or without JavaScript, and the same for
 * something that is not the reader's as for something that does not exist.
 *
 * Note: notFound() in a server action posted without JavaScript answers 404 with the bare
 * not-found page, outside the root layout: no header, language, Get Help or footer (Next.js 16,
 * seen against a production build; tests/e2e/page-not-found.test.ts).
 */
export function pageNotFoundAt(address: string): never {
  redirect(samePortalAddress(address));
}

/**
 * S36: only a path on the portal itself — one leading "/", not "//" (another host), no backslash
 * (browsers read "/\" as "//") and no control characters (not allowed in a Location header);
 * anything else goes home. Callers build the address from a number today; this keeps any later
 * caller from sending a customer to another site.
 */
function samePortalAddress(address: string): string {
  const samePortal = address.startsWith("/") && !address.startsWith("//") && !/[\\\p{Cc}]/u.test(address);
  return samePortal ? address : "/";
}
