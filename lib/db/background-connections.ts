import { POOL_CONNECTIONS } from "@/lib/db";

/**
 * S47 (issue 23): background work — the pass's job and mail lanes, the lanes that take up a
 * request's job, the mail sent from them, the support mailbox's mails and the housekeeping's
 * orphan files — never holds more than all but four of the pool's connections at once, so a
 * request's query finds a free one however large the backlog, and the 1.5 s reachability check
 * (lib/db/reachable.ts) does not queue behind jobs and turn pages into 503s. Each background
 * transaction takes one of these before it asks the pool for a connection and gives it back when
 * it ends; one that finds none waits its turn, first come first served. The lanes themselves are
 * not limited by it: a lane waiting here holds no connection. An operator's figures never take one
 * (readForOperator in lib/db/time-limits.ts): they must not wait behind a backlog.
 */
export const KEPT_FOR_REQUESTS = 4;
export const BACKGROUND_CONNECTIONS = POOL_CONNECTIONS - KEPT_FOR_REQUESTS;

type Counter = { held: number; mostHeld: number; waiting: (() => void)[] };
// Shared through globalThis: the server's bundles (after(), the pass's timer) share one pool.
const shared = globalThis as unknown as { portalBackgroundConnections?: Counter };

function counter(): Counter {
  shared.portalBackgroundConnections ??= { held: 0, mostHeld: 0, waiting: [] };
  return shared.portalBackgroundConnections;
}

/** Runs `work` once one of the background work's connections is free; never more than BACKGROUND_CONNECTIONS at once. */
export async function withBackgroundConnection<T>(work: () => Promise<T>): Promise<T> {
  const state = counter();
  if (state.held >= BACKGROUND_CONNECTIONS) await new Promise<void>((resolve) => state.waiting.push(resolve));
  else state.held += 1;
  state.mostHeld = Math.max(state.mostHeld, state.held);
  try {
    return await work();
  } finally {
    // Handed straight to the next in line, so a newcomer cannot take it between the two.
    const next = state.waiting.shift();
    if (next) next();
    else state.held -= 1;
  }
}

/** How many are held now, and the most held at once since the last call to `resetMostHeld` (for the tests and the operator). */
export function backgroundConnectionsHeld(): { held: number; mostHeld: number; waiting: number } {
  const state = counter();
  return { held: state.held, mostHeld: state.mostHeld, waiting: state.waiting.length };
}

export function resetMostHeld() {
  const state = counter();
  state.mostHeld = state.held;
}
