import { AsyncLocalStorage } from "node:async_hooks";
import { after } from "next/server";
import { now } from "@/lib/clock";

/**
 * Gets the mail or job a request queued seen to right after its response, so no page has to
 * remember to (issue 24): the outbox and the job queue call this when they insert a row. Without it
 * a forgotten call delays that mail to the next poll — 10 s on a server, and on Vercel until the
 * cron runs.
 *
 * The pass itself is set by the module that owns the list of background tasks (it names every
 * feature, which this machinery must not import). The pass is kept on globalThis because Next.js
 * may load this module more than once (route handlers, server actions and instrumentation are
 * separate bundles), and each copy must find the one pass.
 *
 * Work that someone is waiting for (issue 23: a reset mail in a busy hour) does not queue behind
 * the rest: the row a request queued is taken up right after that request's response, and the mail
 * a job queued right after that job's transaction commits (`wakeFor`). Whoever takes it up claims it
 * with a lease, as the pass does, and within a bounded number of lanes; when none is free it is
 * left to the pass.
 */
/** Takes up one queued row; resolves false when it could not (every lane busy, or the database did not answer). Never throws. */
export type TakeUp = () => Promise<boolean>;
type FollowUps = TakeUp[];
const shared = globalThis as unknown as {
  portalWakeBackgroundWork?: () => Promise<void>;
  portalTakeUpJob?: (id: number) => Promise<boolean>;
  portalJobScope?: AsyncLocalStorage<FollowUps>;
  portalRequestPassAt?: number;
};

/**
 * Whatever else is due — mail to try again, a failed job's retry, housekeeping — is the pass's:
 * the server's timer runs one every OUTBOX_POLL_SECONDS, and on Vercel, where there is no timer,
 * requests still start one at most this often per process besides the cron's (README, Hobby).
 */
const PASS_FROM_REQUESTS_EVERY_MS = 10_000;

/** The registered pass, for a request's after-response work; at most one each PASS_FROM_REQUESTS_EVERY_MS unless `needed`. */
function passFromRequest(pass: () => Promise<void>, needed: boolean): Promise<void> | undefined {
  const time = now().getTime();
  if (!needed && time - (shared.portalRequestPassAt ?? 0) < PASS_FROM_REQUESTS_EVERY_MS) return undefined;
  shared.portalRequestPassAt = time;
  return pass();
}

/**
 * Starts the pass for what a take-up lane could not take up (a job's mail that found every mail
 * lane busy), at once rather than after the lane's other jobs; the lane awaits it before it ends.
 */
export function passForLeftOvers(): Promise<void> {
  return shared.portalWakeBackgroundWork?.() ?? Promise.resolve();
}

function jobScope(): AsyncLocalStorage<FollowUps> {
  shared.portalJobScope ??= new AsyncLocalStorage();
  return shared.portalJobScope;
}

/**
 * Called once by the owner of the background tasks (who knows the jobs' handlers): `pass` runs
 * every task, `takeUpJob` runs one queued job; neither may throw.
 */
export function setBackgroundPass(pass: () => Promise<void>, takeUpJob?: (id: number) => Promise<boolean>) {
  shared.portalWakeBackgroundWork = pass;
  shared.portalTakeUpJob = takeUpJob;
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

/**
 * A row was just queued: `takeUp` (which claims that one row) runs right after the running job
 * commits, or after the request's response. Only when it could not take the row up does the
 * request start a pass for it: a pass claims in every lane until each finds nothing due, and when
 * every request started one, it was two thirds of a "Forgot your password?" request's statements
 * (issue 25: 34 of 51, with its 4 claims of the outbox); requests still start one every ten
 * seconds for what else is due. A job's follow-up that could not take its row up is reported to
 * whoever ran the job: a take-up lane starts the pass at once (passForLeftOvers), and a pass running
 * the job sends its mail in its own next task. Outside both (a script, a test's direct call), only
 * the pass does.
 */
export function wakeFor(takeUp: TakeUp) {
  // Note: only where the background work runs (the server, or a test that starts it); a script
  // that queues a row leaves it to the server.
  const pass = shared.portalWakeBackgroundWork;
  if (!pass) return;
  const followUps = jobScope().getStore();
  if (followUps) {
    followUps.push(takeUp);
    return;
  }
  try {
    // Note: after() runs once the response has been sent, so the transaction that queued the row
    // has committed by then. Awaited, so a serverless host keeps the function until both are done.
    after(async () => {
      await passFromRequest(pass, !(await takeUp()));
    });
  } catch {
    // Not in a request: the pass that is running, or the server's timer, takes it.
  }
}

/** A job was just queued (the "Forgot your password?" lookup): it is run right away, as above. */
export function wakeForJob(id: number) {
  const takeUpJob = shared.portalTakeUpJob;
  if (takeUpJob) wakeFor(() => takeUpJob(id));
  else wakeBackgroundWork();
}

/**
 * Runs a job's work with a list for what it queues (`wakeFor`); the list is returned for running
 * once the job's transaction has committed, and dropped when it fails (the rows are gone with it).
 */
export async function collectingFollowUps(work: () => Promise<void>): Promise<FollowUps> {
  const followUps: FollowUps = [];
  await jobScope().run(followUps, work);
  return followUps;
}
