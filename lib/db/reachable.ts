import { sql } from "drizzle-orm";
import { databaseHandle } from "@/lib/db";
import { requestContexts } from "@/lib/log";

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

async function check(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
    timer.unref?.();
  });
  const answered = (async () => {
    const handle = await databaseHandle();
    await handle.db.execute(sql`select 1`);
    return true;
  })().catch(() => false);
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
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

/** True for the errors a database that cannot be reached gives (postgres.js and Node's socket errors). */
export function isDatabaseUnreachableError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
  }
  return false;
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "57P01", "57P03"]);
