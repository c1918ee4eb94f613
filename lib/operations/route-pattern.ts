import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The route a request path belongs to ("/staff/cases/[number]"), from the routes manifest
 * Next.js writes at build time. Logs and metrics name routes, never raw paths: a path can carry
 * a case number or a token, and raw paths would make one metric series per visitor (S52).
 */
type ManifestRoute = { page: string; regex: string };
type Manifest = { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] };
type CompiledRoute = { page: string; pattern: RegExp };

export const UNMATCHED_ROUTE = "(unmatched)";
export const STATIC_ASSET_ROUTE = "/_next/static/[...path]";

let routes: CompiledRoute[] | undefined;

function loadRoutes(): CompiledRoute[] {
  // Note: `next dev` keeps its own build output under .next/dev; `next build` writes .next.
  for (const folder of [".next", path.join(".next", "dev")]) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(process.cwd(), folder, "routes-manifest.json"), "utf8")) as Manifest;
      return [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((route) => ({ page: route.page, pattern: new RegExp(route.regex) }));
    } catch {
      // Not built here; try the next place.
    }
  }
  return [];
}

/** The route pattern of a request target ("/cases/12?tab=x" → "/cases/[number]"); the query is never looked at. */
export function routePattern(target: string | undefined): string {
  const pathname = (target ?? "/").split(/[?#]/, 1)[0];
  if (pathname.startsWith("/_next/static/")) return STATIC_ASSET_ROUTE;
  routes ??= loadRoutes();
  // Server components are fetched as "<page>.rsc" or with a "_rsc" query; both are the page.
  const page = pathname.endsWith(".rsc") ? pathname.slice(0, -4) || "/" : pathname;
  return routes.find((route) => route.pattern.test(page))?.page ?? UNMATCHED_ROUTE;
}

/** Tests give their own routes instead of a build's. */
export function setRoutesForTests(manifest: Manifest) {
  routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((route) => ({ page: route.page, pattern: new RegExp(route.regex) }));
}
