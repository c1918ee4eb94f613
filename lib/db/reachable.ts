import { DrizzleQueryError, sql } from "drizzle-orm";
import { config } from "@/lib/config";
import { databaseHandle } from "@/lib/db";
import { postgresTarget } from "@/lib/db/connection-url";
import { requestContexts } from "@/lib/log";
import { withinDeadline } from "@/lib/server/answer-deadline";

/**
 * Whether the database answers, asked at most once a second per process, so a page request in an
 * outage is answered with the portal's 503 page in a second or two (proxy.ts) instead of failing
 * deep in a page with the framework's 500 (issue 23). Concurrent callers share one check; an
 * answer is kept for a second, so in the steady state this costs one `select 1` a second.
 */
const KEEP_ANSWER_MS = 1_000;
// A request waits at most this long for the check: a database that does not answer in time is down.
const CHECK_TIMEOUT_MS = 1_500;

type Answer = { reachable: Promise<boolean>; at: number };
// Shared through globalThis: the proxy and the pages are separate bundles in one process.
const shared = globalThis as unknown as { portalDatabaseReachable?: Answer };

function check(): Promise<boolean> {
  const answered = (async () => {
    const handle = await databaseHandle();
    await handle.db.execute(sql`select 1`);
    return true;
  })();
  // Note: time this process could run (withinDeadline): a stalled process is not a database outage.
  return withinDeadline(answered, CHECK_TIMEOUT_MS).catch(() => false);
}

export function databaseReachable(at = Date.now()): Promise<boolean> {
  const last = shared.portalDatabaseReachable;
  if (last && at - last.at < KEEP_ANSWER_MS) return last.reachable;
  // Note: the check is shared by every request of that second, so it runs outside the request
  // that happened to start it and is not counted among that request's queries (issue 25).
  const reachable = requestContexts().exit(check);
  shared.portalDatabaseReachable = { reachable, at };
  return reachable;
}

/** A page or action that lost its connection says so, so the next requests get the 503 page at once. */
export function noteDatabaseUnreachable(at = Date.now()) {
  shared.portalDatabaseReachable = { reachable: Promise.resolve(false), at };
}

/**
 * True for the errors a database that cannot be reached gives: postgres.js's own connection codes,
 * PostgreSQL's "shutting down" / "starting up", or a socket error (refused, reset, timed out, name
 * not found) from the database client. Mail and IMAP raise the same socket codes; those are not the
 * database's, so they keep the doubling backoff. A socket error is the database's when a link
 * of its chain is Drizzle's query error (every statement's failure is wrapped in one), or names the
 * database's port, or (a failed name lookup) its host, or — over the server's Unix socket — that
 * socket's path: postgres.js gives the bare socket error while it connects, as for a transaction's
 * first statement.
 */
export function isDatabaseUnreachableError(error: unknown): boolean {
  const chain: Record<string, unknown>[] = [];
  for (let cause = error, depth = 0; cause && typeof cause === "object" && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) chain.push(cause as Record<string, unknown>);
  const codes = chain.map((link) => link.code).filter((code): code is string => typeof code === "string");
  if (codes.some((code) => DATABASE_CODES.has(code))) return true;
  if (!codes.some((code) => SOCKET_CODES.has(code))) return false;
  const server = databaseServer();
  return chain.some(
    (link) =>
      link instanceof DrizzleQueryError ||
      // Over the server's Unix socket (issue 25): its file is missing (ENOENT) while the server is down.
      (server?.socketPath !== undefined && link.address === server.socketPath) ||
      // Note: the port, not the address — mail and the database may well share a host.
      (server !== undefined && server.socketPath === undefined && (String(link.port ?? "") === server.port || (LOOKUP_CODES.has(String(link.code)) && link.hostname === server.host))),
  );
}

/** The configured PostgreSQL server's host and port, or its socket (the embedded database has none: it raises no socket errors). */
function databaseServer(): { host: string; port: string; socketPath?: string } | undefined {
  const database = config().database;
  if (database.kind !== "postgres") return undefined;
  const target = postgresTarget(database.url);
  const url = new URL(target.url);
  return { host: url.hostname, port: url.port || "5432", socketPath: target.path };
}

// postgres.js's own codes and PostgreSQL's (admin shutdown, starting up): only the database gives them.
const DATABASE_CODES = new Set(["CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03"]);
// Node's socket and name-lookup codes: any client can give them.
// ENOENT only counts with the database's own socket path as its address (a Unix socket's file).
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ENOENT"]);
const LOOKUP_CODES = new Set(["ENOTFOUND", "EAI_AGAIN"]);
