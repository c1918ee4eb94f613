/**
 * How long the portal waits for an answer it cannot do without — the database's, for the proxy's
 * reachability check and the health probes — counted in time this process could run.
 *
 * A plain timer is wrong here: when the process itself stalls past the deadline (a starved
 * machine, a long synchronous first load of a page's code), the timer fires on the next turn of the
 * loop, before the answer sitting unread in its socket is read — or before the query was even
 * sent — and a database that answers is reported down. So the wait looks at the clock every
 * TICK_MS and counts a stall as two ticks at most; a database that does not answer while the
 * process runs freely still fails the wait in `ms`. A process starved for longer than
 * WALL_CLOCK_FACTOR times the deadline gives up all the same: nobody waits on it unboundedly.
 */
const TICK_MS = 100;
const WALL_CLOCK_FACTOR = 3;

export class NoAnswerInTime extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** `answer`, or NoAnswerInTime once `ms` of time in which this process could run has passed. */
export async function withinDeadline<T>(answer: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    let counted = 0;
    const started = performance.now();
    let last = started;
    const tick = () => {
      const at = performance.now();
      counted += Math.min(at - last, 2 * TICK_MS);
      last = at;
      if (counted >= ms || at - started >= WALL_CLOCK_FACTOR * ms) reject(new NoAnswerInTime(ms));
      else timer = setTimeout(tick, TICK_MS).unref();
    };
    timer = setTimeout(tick, TICK_MS).unref();
  });
  try {
    return await Promise.race([answer, passed]);
  } finally {
    clearTimeout(timer);
  }
}
