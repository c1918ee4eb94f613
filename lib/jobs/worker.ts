import { SECOND, now } from "@/lib/clock";
import { clearThrottledLog, errorSummary, log, logErrorThrottled } from "@/lib/log";
import { backgroundPassDone } from "@/lib/operations/events";

/**
 * Runs the background tasks it is given (delivering mail, running jobs, pruning) — it knows no
 * feature. Calls that arrive while a pass runs are folded into one more pass. A task that fails
 * waits before it is tried again (1 s doubling to a minute), and its failure is logged once a
 * minute, so a lost database, a missing table or a broken row leaves the server idle (S47).
 */
export type BackgroundTask = { name: string; run: () => Promise<unknown> };

const MAX_BACKOFF_MS = 60 * SECOND;
// Passes folded into one call; more calls than this wait for the next one.
const MAX_EXTRA_PASSES = 3;

export type BackgroundWorker = { run: () => Promise<void>; runQuietly: () => Promise<void> };

export function createBackgroundWorker(tasks: readonly BackgroundTask[]): BackgroundWorker {
  const failures = new Map<string, { count: number; retryAt: number }>();
  let running: Promise<void> | undefined;
  let again = false;

  async function runTask(task: BackgroundTask, handled: Record<string, number>) {
    const failure = failures.get(task.name);
    if (failure && now().getTime() < failure.retryAt) return;
    try {
      const result = await task.run();
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
