import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { config } from "@/lib/config";

/**
 * The portal's own log lines, through pino (issue 29): JSON, one object a line, in production;
 * a readable line in development and tests. Three rules: nothing a customer typed is ever written
 * (a failed query's message carries its parameters, so only the error's first line, without
 * them, is kept; callers pass ids, never addresses or tokens — S42, S52); every line a request
 * causes carries its request id; a failure that repeats is written once per interval, not once
 * per attempt (issue 11).
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

/**
 * What a request's lines share; server/preload.cjs starts it when the request arrives. queries:
 * the statements it has sent to the database so far (lib/db/query-count.ts). status: the status a
 * page asked for without throwing (404, lib/http/page-not-found.tsx); the preload answers with it.
 */
export type RequestContext = { requestId: string; queries?: number; status?: number };

const shared = globalThis as unknown as Record<symbol, unknown>;
const CONTEXT = Symbol.for("portal.requestContext");

/** The one store of request contexts, shared with server/preload.cjs (which creates it first when loaded). */
export function requestContexts(): AsyncLocalStorage<RequestContext> {
  shared[CONTEXT] ??= new AsyncLocalStorage<RequestContext>();
  return shared[CONTEXT] as AsyncLocalStorage<RequestContext>;
}

/** The id of the request this code runs for, if any (the `X-Request-Id` response header). */
export function currentRequestId(): string | undefined {
  return requestContexts().getStore()?.requestId;
}

export type LogFields = Record<string, string | number | boolean | null | undefined>;

const LEVEL_NAMES: Record<string, string> = { trace: "TRACE", debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR", fatal: "FATAL" };

/** Development's line: time, level, message, then the fields as key=value. */
function readable(line: string): string {
  const { time, level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const rest = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" && !/\s/.test(value) ? value : JSON.stringify(value)}`)
    .join(" ");
  return `${clock} ${(LEVEL_NAMES[String(level)] ?? String(level)).padEnd(5)} ${String(msg ?? "")}${rest ? `  ${rest}` : ""}`;
}

/**
 * JSON lines go straight to stdout (errors to stderr): the console's redaction in
 * server/preload.cjs would blank every quoted value of a JSON line. A stream that is gone (the
 * log collector went away) is not written to at all, so the server stays idle. Readable lines go
 * through the console, which that preload guards and redacts.
 */
function destination(json: boolean) {
  return {
    write(line: string) {
      const text = line.trimEnd();
      const error = text.startsWith('{"level":"error"') || text.startsWith('{"level":"fatal"');
      if (!json) {
        if (error) console.error(readable(text));
        else console.log(readable(text));
        return;
      }
      const stream = error ? process.stderr : process.stdout;
      if (stream.destroyed || stream.writableEnded) return;
      stream.write(`${text}\n`);
    },
  };
}

const LOGGER = Symbol.for("portal.logger");

function logger(): Logger {
  if (!shared[LOGGER]) {
    const settings = config();
    shared[LOGGER] = pino(
      {
        level: settings.logLevel,
        // Issue 25: the workers of a PORTAL_WORKERS start write to one log; each line says whose.
        base: settings.workerSlot === undefined ? undefined : { pid: process.pid, slot: settings.workerSlot },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const requestId = currentRequestId();
          return requestId ? { requestId } : {};
        },
      },
      destination(settings.logFormat === "json"),
    );
  }
  return shared[LOGGER] as Logger;
}

/** Tests change LOG_LEVEL, reload the settings and call this. */
export function resetLogger() {
  delete shared[LOGGER];
}

/** The portal's log: a message and the fields that say what it is about (ids and counts, never personal data). */
export const log = {
  debug: (message: string, fields: LogFields = {}) => logger().debug(fields, message),
  info: (message: string, fields: LogFields = {}) => logger().info(fields, message),
  warn: (message: string, fields: LogFields = {}) => logger().warn(fields, message),
  error: (message: string, fields: LogFields = {}) => logger().error(fields, message),
};

const lastLogged = new Map<string, { at: number; suppressed: number }>();

/** Logs at error level, at most once per interval for the same key; says how many were held back. */
export function logErrorThrottled(key: string, message: string, intervalMs = 60_000, fields: LogFields = {}) {
  const time = Date.now();
  const previous = lastLogged.get(key);
  if (previous && time - previous.at < intervalMs) {
    previous.suppressed += 1;
    return;
  }
  const held = previous?.suppressed ? ` (${previous.suppressed} more like it since the last report)` : "";
  lastLogged.set(key, { at: time, suppressed: 0 });
  log.error(`${message}${held}`, previous?.suppressed ? { ...fields, suppressed: previous.suppressed } : fields);
}

/** Forgets that a key failed, so its next failure is reported at once. */
export function clearThrottledLog(key: string) {
  lastLogged.delete(key);
}
