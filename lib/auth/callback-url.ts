import { config } from "@/lib/config";

/**
 * S36: where to go after signing in. Only a path on the portal's own origin is honoured: one
 * leading "/", not "//" or "/\", and the parsed origin must be APP_URL's. Anything else goes home.
 */
export function safeCallbackPath(candidate: unknown): string {
  if (typeof candidate !== "string" || candidate.length === 0 || candidate.length > 2048) return "/";
  const origin = config().appUrl;
  let url: URL;
  try {
    url = new URL(candidate, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  // An absolute URL on our own origin (the proxy sends those) is reduced to its path.
  const isRelative = candidate.startsWith("/") && !candidate.startsWith("//") && !candidate.startsWith("/\\");
  if (!isRelative && !candidate.startsWith(`${origin}/`)) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/signin")) return "/";
  return path;
}
