"use strict";
/**
 * Loaded before Next.js starts (`node --require ./server/preload.cjs …`: npm start, npm run dev and
 * the standalone server as the README shows). Everything here must be in place before the first
 * request is served, which instrumentation.ts cannot promise (issue 11, items 0, 4, 6 and 11):
 *
 * - S28: every request is stamped with its TCP peer address, under a per-process secret, so the
 *   client address can be known without trusting a header the client could write itself.
 * - Requests that no portal page accepts (a path that does not decode, an oversized or endless
 *   body) are answered here, before the framework parses them (server/request-gate.cjs).
 * - A log collector that goes away (stdout/stderr a broken pipe) must not make the server spin,
 *   and nothing a customer typed reaches the log through a failed query's parameters.
 * - SIGTERM stops the server even if its own shutdown hangs.
 */
const http = require("node:http");
const { AsyncLocalStorage } = require("node:async_hooks");
const { randomBytes, randomUUID } = require("node:crypto");
const { inspectRequest, isFormUpload } = require("./request-gate.cjs");
const { FormUnreadable, admitForm, emptyForm, release, spoolForm } = require("./form-files.cjs");

const STAMP = Symbol.for("portal.peerStamp");
const PEER_HEADER = "x-portal-peer";
const SHUTDOWN_GRACE_MS = 10_000;
// Shared with lib/log.ts: the request's id reaches every line the request causes (issue 29).
const CONTEXT = Symbol.for("portal.requestContext");
// Installed by lib/operations/request-log.ts at start-up: writes the request's one log line.
const REQUEST_LOG = Symbol.for("portal.requestLog");
const REQUEST_ID_HEADER = "x-request-id";
// Installed by lib/support/attachments/uploads.ts at start-up: ATTACHMENT_READ_SECONDS (issue 26).
const UPLOAD_READ_SECONDS = Symbol.for("portal.uploadReadSeconds");
// The setting's default, used until start-up has installed the setting.
const DEFAULT_UPLOAD_READ_SECONDS = 180;

function installPeerStampAndGate(secret) {
  const prototype = http.Server.prototype;
  const emit = prototype.emit;
  prototype.emit = function emitWithStamp(event, ...args) {
    if (event !== "request") return emit.call(this, event, ...args);
    const [request, response] = args;
    // Overwrites whatever a client sent under this name.
    request.headers[PEER_HEADER] = `${secret} ${request.socket?.remoteAddress ?? "unknown"}`;
    // Our own id, never the client's: a chosen id could be made to look like another request's.
    const requestId = randomUUID();
    response.setHeader(REQUEST_ID_HEADER, requestId);
    // queries: counted by lib/db/query-count.ts while the request runs, written on its log line.
    const context = { requestId, queries: 0 };
    timeRequest(request, response, context);
    answerPageStatus(response, context);
    return globalThis[CONTEXT].run(context, () => {
      const refusal = inspectRequest({ method: request.method, url: request.url, headers: request.headers });
      if (!refusal) {
        if (isFormUpload({ method: request.method, url: request.url, headers: request.headers })) {
          limitFormReadTime(request, response);
          // A form's files go to disk, not into Next.js's memory: a browser's post without
          // JavaScript, and a script's (`next-action`: the staff case page sends its files in the
          // form; review finding F5, any script could), through the same admission.
          takeFormUpload(this, emit, request, response, context);
          return true;
        }
        return emit.call(this, event, ...args);
      }
      if (refusal.page) {
        // Issue 26: files over the gate, from a browser's form: the portal's page says why, in the
        // visitor's language. The body is never read: it is discarded as it arrives.
        request.method = "GET";
        request.url = refusal.page;
        delete request.headers["content-type"];
        request.resume();
        return emit.call(this, event, ...args);
      }
      response.writeHead(refusal.status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
      response.end(`${refusal.message}\n`);
      request.resume();
      return true;
    });
  };
}

/**
 * Issue 26: a form's files are read by Next.js before the server action runs, so a body trickled
 * in on purpose would hold its connection and its buffered part for as long as its sender liked.
 * When it has not all arrived within ATTACHMENT_READ_SECONDS, it is answered 408 and closed.
 */
function limitFormReadTime(request, response) {
  const seconds = Number(globalThis[UPLOAD_READ_SECONDS]) || DEFAULT_UPLOAD_READ_SECONDS;
  const timer = setTimeout(() => {
    if (request.complete) return;
    if (!response.headersSent) {
      response.writeHead(408, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
      response.end(`Your message took longer than ${seconds} seconds to arrive and was not sent. Go back and send it again, on a faster connection or with smaller files.\n`, () => request.destroy());
    } else request.destroy();
  }, seconds * 1000);
  timer.unref();
  request.once("end", () => clearTimeout(timer));
  response.once("close", () => clearTimeout(timer));
}

/**
 * Review finding F3: the request event has returned before a form is taken in, so nothing that
 * goes wrong on the way may escape — an unhandled rejection stops the server. The request is
 * dropped, its connection closed; the log says what failed, never whose form or what was in it.
 */
function takeFormUpload(server, emit, request, response, context) {
  return spoolThenServe(server, emit, request, response, context).catch((error) => {
    console.error(`[forms] a form with files could not be taken in: ${error?.code ?? error?.name ?? "error"}`);
    // Note: a request read in full keeps its connection on request.destroy(); the response's closes it.
    request.destroy();
    response.destroy();
  });
}

/**
 * Issue 26: the form's files are written to disk (server/form-files.cjs), then Next.js is handed
 * the same request with a body that names them instead of carrying them.
 */
async function spoolThenServe(server, emit, request, response, context) {
  // Review finding F1: the Origin, the session cookie and the spools in flight are checked before
  // a byte of the body is read (server/form-admission.cjs, admitForm).
  const admission = await admitForm(request);
  // The read time may have run out during the check: the 408 is the answer (finding F3).
  if (response.headersSent || response.destroyed) {
    admission.spool?.();
    return;
  }
  if (admission.refuse) {
    const { status, message, headers } = admission.refuse;
    response.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close", ...headers });
    response.end(`${message}\n`);
    request.resume();
    return;
  }
  const tokens = [];
  response.once("close", () => {
    release(tokens);
    admission.spool?.();
  });
  let reading;
  if (admission.empty) {
    request.resume();
    reading = Promise.resolve(emptyForm());
  } else reading = spoolForm(request, context.requestId, tokens);
  // Awaited, so that what the handing on throws reaches takeFormUpload's catch.
  await reading.then(
    ({ body, contentType }) => {
      if (response.headersSent || response.destroyed) return;
      const form = new http.IncomingMessage(request.socket);
      form.method = request.method;
      form.url = request.url;
      form.httpVersion = request.httpVersion;
      form.httpVersionMajor = request.httpVersionMajor;
      form.httpVersionMinor = request.httpVersionMinor;
      const headers = { ...request.headers, "content-type": contentType, "content-length": String(body.length) };
      delete headers["transfer-encoding"];
      form.headers = headers;
      form.rawHeaders = Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.flatMap((each) => [name, each]) : [name, String(value)]));
      form.push(body);
      form.push(null);
      form.complete = true;
      globalThis[CONTEXT].run(context, () => emit.call(server, "request", form, response));
    },
    (error) => {
      if (response.headersSent || response.destroyed) return;
      // A form no portal page sends (malformed, or hundreds of fields); a browser that went away gets nothing.
      if (!(error instanceof FormUnreadable)) return request.destroy();
      response.writeHead(400, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", connection: "close" });
      response.end("Bad request: the form could not be read.\n");
    },
  );
}

/** Hands the finished request to the portal's request log (the raw URL goes no further than its route pattern). */
function timeRequest(request, response, context) {
  const started = process.hrtime.bigint();
  const { method, url } = request;
  response.once("close", () => {
    const write = globalThis[REQUEST_LOG];
    if (typeof write !== "function") return;
    try {
      write({ method, url, status: response.statusCode, durationMs: Number(process.hrtime.bigint() - started) / 1e6, requestId: context.requestId, queries: context.queries });
    } catch {
      // A log line must never take the server down.
    }
  });
}

/**
 * A page that found nothing to show draws the portal's "Page not found" itself and asks for 404
 * through the request's context (lib/http/page-not-found.tsx): Next.js answers a page's own
 * notFound() with an empty document that only JavaScript fills in. The page is drawn before the
 * response starts (no page has a loading boundary), so the status is known when the head is
 * written; a redirect or an error the framework answers keeps its own status.
 */
function answerPageStatus(response, context) {
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadWithPageStatus(statusCode, ...rest) {
    if (statusCode !== 200 || context.status === undefined) return writeHead.call(this, statusCode, ...rest);
    // A status message written for 200 ("OK") would be wrong for the page's status.
    return writeHead.call(this, context.status, ...(typeof rest[0] === "string" ? rest.slice(1) : rest));
  };
}

/**
 * Note: console's own error listener on stdout/stderr handles only the first EPIPE; the next one
 * is an uncaught exception, which Next.js logs with console.error, which fails again, forever.
 * A permanent listener takes every error, and once the collector is gone the console goes quiet.
 */
function guardLogStreams() {
  let silenced = false;
  const silence = (error) => {
    if (silenced || !error || (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED")) return;
    silenced = true;
    for (const method of ["log", "info", "warn", "error", "debug", "trace"]) console[method] = () => {};
  };
  process.stdout.on("error", silence);
  process.stderr.on("error", silence);
}

// Drizzle's DrizzleQueryError reads "Failed query: …\nparams: <values>"; the values are customers'
// input. PostgreSQL quotes an offending value after a colon ('invalid input syntax …: "<value>"').
const PARAMS = /\nparams: [\s\S]*?(?=\n {4}at |$)/g;
const QUOTED_VALUE = /:\s*"[^"\n]*"/g;

function clean(text) {
  return String(text).replace(PARAMS, "\nparams: [redacted]").replace(QUOTED_VALUE, ": [redacted]");
}

/** An error fit for the log: its message and stack without parameter values or row details. */
function redact(value, depth = 0) {
  if (value instanceof Error) {
    const copy = new Error(clean(value.message));
    copy.name = value.name;
    copy.stack = clean(value.stack ?? "");
    for (const key of Object.keys(value)) {
      if (key === "code" || key === "digest" || key === "statusCode") copy[key] = value[key];
    }
    if (value.cause instanceof Error && depth < 2) copy.cause = redact(value.cause, depth + 1);
    return copy;
  }
  return typeof value === "string" ? clean(value) : value;
}

function redactConsole() {
  for (const method of ["log", "info", "warn", "error", "debug"]) {
    const original = console[method].bind(console);
    console[method] = (...args) => original(...args.map((argument) => redact(argument)));
  }
}

function stopPromptly() {
  process.once("SIGTERM", () => {
    // Next.js closes the server and exits on SIGTERM; this only covers a shutdown that hangs.
    setTimeout(() => process.exit(143), SHUTDOWN_GRACE_MS);
  });
}

if (!globalThis[STAMP]) {
  const secret = randomBytes(16).toString("hex");
  globalThis[STAMP] = { header: PEER_HEADER, secret };
  globalThis[CONTEXT] ??= new AsyncLocalStorage();
  installPeerStampAndGate(secret);
  guardLogStreams();
  redactConsole();
  stopPromptly();
}

module.exports = { redact, takeFormUpload, answerPageStatus };
