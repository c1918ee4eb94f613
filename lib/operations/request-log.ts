import { log } from "@/lib/log";
import { metrics } from "./metrics";
import { routePattern, STATIC_ASSET_ROUTE } from "./route-pattern";

/**
 * One line per request (issue 29): method, route pattern, status, duration, the statements it
 * sent to the database (issue 25) and request id —
 * never the raw path or its query string, never a header or a cookie (S52). server/preload.cjs
 * times each request and calls the function installed here when the response is done.
 */
export type FinishedRequest = { method: string | undefined; url: string | undefined; status: number; durationMs: number; requestId: string; queries?: number };

const REQUEST_LOG = Symbol.for("portal.requestLog");

export function logRequest(request: FinishedRequest) {
  const route = routePattern(request.url);
  const method = request.method && /^[A-Z]{1,10}$/.test(request.method) ? request.method : "OTHER";
  const fields = { event: "request", method, route, status: request.status, durationMs: Math.round(request.durationMs * 10) / 10, queries: request.queries, requestId: request.requestId };
  const message = `${method} ${route} ${request.status}`;
  metrics().requests.inc({ method, route, status: String(request.status) });
  metrics().requestSeconds.observe({ method, route }, request.durationMs / 1000);
  // Note: a page view fetches a dozen script files; their lines would bury the requests that
  // matter, so they are written at debug level (LOG_LEVEL=debug shows them).
  if (route === STATIC_ASSET_ROUTE) log.debug(message, fields);
  else log.info(message, fields);
}

/** Called once at start-up, so the server's requests are logged through the portal's logger. */
export function installRequestLog() {
  (globalThis as unknown as Record<symbol, unknown>)[REQUEST_LOG] = logRequest;
}
