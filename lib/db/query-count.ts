import { requestContexts } from "@/lib/log";

/**
 * Issue 25: how many statements a request sent to the database, counted as Drizzle hands each to
 * the driver (lib/db/index.ts) and written on the request's log line (lib/operations/request-log.ts).
 * A signed-in page is meant to add one: the session joined to its customer (lib/auth/sessions.ts).
 */
export function noteQuery() {
  const context = requestContexts().getStore();
  if (context) context.queries = (context.queries ?? 0) + 1;
}
