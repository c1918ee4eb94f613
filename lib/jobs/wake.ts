import { after } from "next/server";

/**
 * Starts a background pass right after the response of any request that queued mail or a job, so
 * no page has to remember to (issue 24): the outbox and the job queue call this when they insert a
 * row. Without it a forgotten call delays that mail to the next poll — 10 s on a server, and on
 * Vercel until the cron runs.
 *
 * The pass itself is set by the module that owns the list of background tasks (it names every
 * feature, which this machinery must not import). The pass is kept on globalThis because Next.js
 * may load this module more than once (route handlers, server actions and instrumentation are
 * separate bundles), and each copy must find the one pass.
 */
const shared = globalThis as unknown as { portalWakeBackgroundWork?: () => Promise<void> };

/** Called once by the owner of the background tasks; `pass` must never throw. */
export function setBackgroundPass(pass: () => Promise<void>) {
  shared.portalWakeBackgroundWork = pass;
}

export function wakeBackgroundWork() {
  const pass = shared.portalWakeBackgroundWork;
  if (!pass) return;
  try {
    // Note: after() runs once the response has been sent, so the transaction that queued the row
    // has committed by then; several calls in one request fold into one pass (the worker folds
    // calls that arrive while it runs).
    after(pass);
  } catch {
    // Outside a request (a background pass queueing mail, a script, a test): the pass that is
    // running, or the server's timer, delivers it.
  }
}
