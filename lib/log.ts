/**
 * The portal's own log lines. Two rules: nothing a customer typed is ever written (a failed
 * query's message carries its parameters, so only the error's first line, without them, is kept),
 * and a failure that repeats is written once per interval, not once per attempt (issue 11).
 */

const PARAMETERS = /\nparams: [\s\S]*$/;

/** One line that says what went wrong, without query parameters, row details or stack. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  // Note: Drizzle wraps the driver's error; its message is the query, the cause says why.
  const reason = error.cause instanceof Error ? error.cause.message : error.message;
  // PostgreSQL quotes the offending value after a colon ('invalid input syntax for type integer:
  // "…"'); identifiers it names ('relation "jobs"') come before any colon and are kept.
  const line = reason.replace(PARAMETERS, "").split("\n")[0].replace(/:\s*".*$/, "").slice(0, 300);
  return typeof code === "string" ? `${line} (${code})` : line;
}

const lastLogged = new Map<string, { at: number; suppressed: number }>();

/** Logs at error level, at most once per interval for the same key; says how many were held back. */
export function logErrorThrottled(key: string, message: string, intervalMs = 60_000) {
  const time = Date.now();
  const previous = lastLogged.get(key);
  if (previous && time - previous.at < intervalMs) {
    previous.suppressed += 1;
    return;
  }
  const held = previous?.suppressed ? ` (${previous.suppressed} more like it since the last report)` : "";
  lastLogged.set(key, { at: time, suppressed: 0 });
  console.error(`${message}${held}`);
}

/** Forgets that a key failed, so its next failure is reported at once. */
export function clearThrottledLog(key: string) {
  lastLogged.delete(key);
}
