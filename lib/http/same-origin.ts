import { config } from "@/lib/config";

type RequestLine = { method: string; headers: { get(name: string): string | null } };

/**
 * S35: a state-changing request (a server action, sign-out) is accepted only from the portal's own
 * pages. Browsers send Origin on every POST; a missing or "null" Origin is accepted only when the
 * browser itself says the request is same-origin (Sec-Fetch-Site). In development the page's own
 * host counts as well, so http://127.0.0.1:3000 works beside http://localhost:3000.
 */
export function isSameOrigin(request: RequestLine): boolean {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    if (origin === config().appUrl) return true;
    const host = request.headers.get("host");
    return !config().production && host !== null && (origin === `http://${host}` || origin === `https://${host}`);
  }
  return request.headers.get("sec-fetch-site") === "same-origin";
}

export function isSameOriginPost(request: RequestLine): boolean {
  return request.method === "POST" && isSameOrigin(request);
}

/**
 * The path (and query) of a URL on the portal's own origin, such as a Referer; "/" for anything
 * else. For going back to where a visitor was, never to another site (S36).
 */
export function samePortalPath(candidate: string | null | undefined): string {
  if (!candidate) return "/";
  let url: URL;
  try {
    url = new URL(candidate, config().appUrl);
  } catch {
    return "/";
  }
  if (url.origin !== config().appUrl) return "/";
  const path = `${url.pathname}${url.search}`;
  return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
}
