import { SECOND, now } from "@/lib/clock";
import { isDatabaseUnreachableError } from "@/lib/db/reachable";
import { clearThrottledLog, errorSummary, log, logErrorThrottled } from "@/lib/log";
import { backgroundPassDone } from "@/lib/operations/events";

/**
 * Runs the background tasks it is given (delivering mail, running jobs, pruning) — it knows no
 * feature. Calls that arrive while a pass runs are folded into one more pass. A task that fails
 * waits before it is tried again (1 s doubling to a minute; at the next pass, a second at most, when
 * it was the database that could not be reached), and its failure is logged once a minute, so a
 * lost database, a missing table or a broken row leaves the server idle (S47). A task
 * that has not finished by its deadline (a statement or a connection that never answers) is
 * abandoned and logged, and the next pass runs without waiting for it (issue 23).
 */
export type BackgroundTask = {
  name: string;
  run: () => Promise<unknown>;
  /**
   * The most the task handles in one pass, when it works in batches: a run that handled this many
   * left more waiting, so another pass follows at once (issue 23: after a busy minute the jobs
   * left over drained at one batch per poll, 100 every 10 s).
   */
  batch?: number;
};

const MAX_BACKOFF_MS = 60 * SECOND;
// Note: a task that failed because the database could not be reached is tried again at the next
// pass, a second later at most, however often it failed: asking a database that is down costs a
// refused connection, while the doubling wait (tries 1, 3, 7, 15, 31 s after the first failure)
// left the mail of a database back after 8 s idle until 15 s, and of one back after 16 s until
// 31 s (issue 23: the likeliest cause of the restart test's one late mail).
const UNREACHABLE_RETRY_MS = SECOND;
// Passes folded into one call; calls after these start the next one when it ends.
const MAX_EXTRA_PASSES = 3;
// Note: longer than any task takes when it works (a statement is cut at 30 s, a send at 35 s,
// and tasks work in bounded batches), so only a task that is stuck reaches it.
export const TASK_DEADLINE_MS = 2 * 60 * SECOND;

export type BackgroundWorker = { run: () => Promise<void>; runQuietly: () => Promise<void> };

class TaskDeadlineError extends Error {
  constructor(name: string, deadlineMs: number) {
    super(`${name} did not finish within ${Math.round(deadlineMs / SECOND)} s; the pass was abandoned and the next one runs`);
    this.name = "TaskDeadlineError";
  }
}

/** The task's own promise, or a rejection once the deadline passes; the task itself runs on unobserved. */
function withinDeadline(task: BackgroundTask, deadlineMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TaskDeadlineError(task.name, deadlineMs)), deadlineMs);
    timer.unref();
  });
  const running = task.run();
  running.catch(() => {});
  return Promise.race([running, deadline]).finally(() => clearTimeout(timer));
}

export function createBackgroundWorker(tasks: readonly BackgroundTask[], options: { taskDeadlineMs?: number } = {}): BackgroundWorker {
  const taskDeadlineMs = options.taskDeadlineMs ?? TASK_DEADLINE_MS;
  const failures = new Map<string, { count: number; retryAt: number }>();
  let running: Promise<void> | undefined;
  let again = false;
  // A task handled a whole batch: the next pass follows whatever the count of folded calls, since
  // each such pass takes work off the queue (a failed job or mail waits for its retry time, so
  // it cannot be taken again in the next one).
  let more = false;

  async function runTask(task: BackgroundTask, handled: Record<string, number>) {
    const failure = failures.get(task.name);
    if (failure && now().getTime() < failure.retryAt) return;
    try {
      const result = await withinDeadline(task, taskDeadlineMs);
      if (typeof result === "number") {
        handled[task.name] = result;
        if (task.batch !== undefined && result >= task.batch) more = true;
      }
      if (failure) {
        failures.delete(task.name);
        clearThrottledLog(`background:${task.name}`);
        log.info(`[background] ${task.name} works again`);
      }
    } catch (error) {
      const count = (failure?.count ?? 0) + 1;
      const waitMs = isDatabaseUnreachableError(error) ? UNREACHABLE_RETRY_MS : Math.min(SECOND * 2 ** (count - 1), MAX_BACKOFF_MS);
      failures.set(task.name, { count, retryAt: now().getTime() + waitMs });
      logErrorThrottled(`background:${task.name}`, `[background] ${task.name} failed: ${errorSummary(error)}`);
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let passes = 0;
      do {
        again = false;
        more = false;
        const handled: Record<string, number> = {};
        const started = performance.now();
        for (const task of tasks) await runTask(task, handled);
        backgroundPassDone(handled, performance.now() - started);
        passes += 1;
      } while (more || (again && passes <= MAX_EXTRA_PASSES));
    })().finally(() => {
      running = undefined;
      // A call that came during the last pass folded in is not dropped: a request starts a pass
      // only when it needs one (lib/jobs/wake.ts), so it gets one, after this call's.
      if (again) void run().catch(() => {});
    });
    return running;
  }

  return {
    run,
    /** For after() and timers: never throws (each task reports its own failures). */
    runQuietly: () => run().catch(() => {}),
  };
}
