import { SECOND, now } from "@/lib/clock";
import { clearThrottledLog, errorSummary, log, logErrorThrottled } from "@/lib/log";
import { backgroundPassDone } from "@/lib/operations/events";

/**
 * Runs the background tasks it is given (delivering mail, running jobs, pruning) — it knows no
 * feature. Calls that arrive while a pass runs are folded into one more pass. A task that fails
 * waits before it is tried again (1 s doubling to a minute), and its failure is logged once a
 * minute, so a lost database, a missing table or a broken row leaves the server idle (S47). A task
 * that has not finished by its deadline (a statement or a connection that never answers) is
 * abandoned and logged, and the next pass runs without waiting for it (issue 23).
 */
export type BackgroundTask = { name: string; run: () => Promise<unknown> };

const MAX_BACKOFF_MS = 60 * SECOND;
// Passes folded into one call; more calls than this wait for the next one.
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

  async function runTask(task: BackgroundTask, handled: Record<string, number>) {
    const failure = failures.get(task.name);
    if (failure && now().getTime() < failure.retryAt) return;
    try {
      const result = await withinDeadline(task, taskDeadlineMs);
      if (typeof result === "number") handled[task.name] = result;
      if (failure) {
        failures.delete(task.name);
        clearThrottledLog(`background:${task.name}`);
        log.info(`[background] ${task.name} works again`);
      }
    } catch (error) {
      const count = (failure?.count ?? 0) + 1;
      failures.set(task.name, { count, retryAt: now().getTime() + Math.min(SECOND * 2 ** (count - 1), MAX_BACKOFF_MS) });
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
        const handled: Record<string, number> = {};
        const started = performance.now();
        for (const task of tasks) await runTask(task, handled);
        backgroundPassDone(handled, performance.now() - started);
        passes += 1;
      } while (again && passes <= MAX_EXTRA_PASSES);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    /** For after() and timers: never throws (each task reports its own failures). */
    runQuietly: () => run().catch(() => {}),
  };
}
