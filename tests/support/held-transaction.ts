import postgres from "postgres";

/**
 * A transaction on a connection of its own that holds what `hold` takes (a row, a table) until it
 * is released: an operator's open BEGIN, or another change part-way through. PostgreSQL only — the
 * embedded database has one connection, so nothing else could hold anything. `isHeld` settles once
 * the hold is taken (or fails with it); `release` ends the transaction and the connection, and may
 * be called more than once.
 */
export type Hold = (sql: postgres.TransactionSql) => Promise<unknown>;

export function holdInTransaction(url: string, hold: Hold) {
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  let taken!: () => void;
  const held = new Promise<void>((resolve) => (taken = resolve));
  const holding = holder.begin(async (sql) => {
    await hold(sql);
    taken();
    await released;
  });
  let ended: Promise<void> | undefined;
  return {
    isHeld: Promise.race([held, holding.then(() => undefined)]),
    release: () => {
      letGo();
      ended ??= holding.then(() => holder.end());
      return ended;
    },
  };
}

/**
 * Resolves once some connection to the database waits for a lock (what a held transaction makes a
 * racing statement do) — or `waiters` of them, one behind another — polling the server's own view,
 * not a sleep; `describe` explains a timeout. PostgreSQL only.
 */
export async function untilSomeoneWaitsForALock(url: string, describe: () => Promise<string>, limitMs = 10_000, waiters = 1): Promise<void> {
  const observer = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const [row] = await observer.unsafe("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (row.n >= waiters) return;
      if (Date.now() > deadline) throw new Error(`nothing waited for a lock: ${await describe()}`);
    }
  } finally {
    await observer.end();
  }
}

/**
 * Two pieces of work lined up behind a row another transaction holds: `first` starts and is seen
 * waiting, then `second` starts and is seen waiting too, then the row is let go — so `first` goes
 * on first and `second` runs into whatever `first` takes next. How two changes to one account that
 * take their rows in different orders would deadlock, made to happen every time. Both results.
 * PostgreSQL only.
 */
export async function lineUpBehind<A, B>(
  url: string,
  hold: Hold,
  first: () => Promise<A>,
  second: () => Promise<B>,
  describe: () => Promise<string>,
): Promise<[A, B]> {
  const holder = holdInTransaction(url, hold);
  try {
    await holder.isHeld;
    const firstDone = first();
    await untilSomeoneWaitsForALock(url, describe);
    const secondDone = second();
    await untilSomeoneWaitsForALock(url, describe, 10_000, 2);
    await holder.release();
    return await Promise.all([firstDone, secondDone]);
  } finally {
    await holder.release();
  }
}
