/**
 * Writes of background work that the database refused (it was gone for a moment, or the row was
 * held), kept in memory and tried again every second until it answers (issue 23): a job's failure
 * (lib/jobs/queue.ts) and what the mail server answered (lib/mail/kept-outcomes.ts). Without it the
 * row would wait out its lease (a job ~60 s late after a restart) or a sent message would be sent
 * a second time when its lease lapses. Every kind shares one timer, which never keeps the process
 * alive; only a crash of this process loses what is kept.
 */
export type KeptWrites<T> = {
  /** Writes now; when the database refuses, keeps the write (the newest one per row) and tries again shortly. */
  record(id: number, value: T): Promise<void>;
  /** Writes every kept write of this kind it can; returns how many the database still refuses (kept for later). */
  writeKept(): Promise<number>;
  /** The rows whose write this process still has to make. */
  keptIds(): number[];
};

type Kind = {
  write: (id: number, value: unknown) => Promise<void>;
  kept: Map<number, unknown>;
  onKept?: (id: number, error: unknown) => void;
  onAllWritten?: () => void;
};

// Note: on globalThis, as a bundle may load this module more than once in one process; what is kept
// and the one timer must be the process's, not a copy's.
const shared = globalThis as unknown as { portalKeptWrites?: Map<string, Kind>; portalKeptWriteRetry?: NodeJS.Timeout };
export const KEPT_WRITE_RETRY_MS = 1_000;

function kinds() {
  shared.portalKeptWrites ??= new Map();
  return shared.portalKeptWrites;
}

async function writeKeptOf(kind: Kind): Promise<number> {
  const hadKept = kind.kept.size > 0;
  for (const [id, value] of kind.kept) {
    try {
      await kind.write(id, value);
      // A newer write of the same row kept meanwhile stays kept.
      if (kind.kept.get(id) === value) kind.kept.delete(id);
    } catch {
      // The database still does not answer, or the row is still held: kept for the next try.
    }
  }
  // Whoever emptied the kind (the timer, or the outbox's pass asking), it is told once.
  if (hadKept && kind.kept.size === 0) kind.onAllWritten?.();
  return kind.kept.size;
}

function anyKept() {
  return [...kinds().values()].some((kind) => kind.kept.size > 0);
}

async function retryKeptWrites() {
  try {
    // Every kind at once: a mail's outcome (about 10 s of its lease left) must not wait behind job
    // failures that may each wait out a connection timeout. One kind's throwing hook stops no other.
    await Promise.allSettled([...kinds().values()].filter((kind) => kind.kept.size > 0).map(writeKeptOf));
  } finally {
    // Counted after the pass, over every kind: a write refused during the pass (record() found this
    // timer still set) is kept for the next pass too (review F2). In finally, so nothing can leave
    // the handle set and the retries stopped for good.
    shared.portalKeptWriteRetry = undefined;
    if (anyKept()) scheduleRetry();
  }
}

function scheduleRetry() {
  if (shared.portalKeptWriteRetry) return;
  shared.portalKeptWriteRetry = setTimeout(() => void retryKeptWrites(), KEPT_WRITE_RETRY_MS);
  shared.portalKeptWriteRetry.unref();
}

/**
 * The kept writes of one kind (its name is unique in the process): `write` makes one row's write and
 * throws when the database refuses it; `onKept` hears of a write that was kept, `onAllWritten` that
 * the last one of the kind has been written (by the timer or by `writeKept`).
 */
export function keptWrites<T>(
  name: string,
  write: (id: number, value: T) => Promise<void>,
  hooks: { onKept?: (id: number, error: unknown) => void; onAllWritten?: () => void } = {},
): KeptWrites<T> {
  // A second load of the calling module keeps what the first one kept, with its own functions.
  const kept = kinds().get(name)?.kept ?? new Map<number, unknown>();
  const kind: Kind = { write: write as Kind["write"], kept, ...hooks };
  kinds().set(name, kind);
  return {
    async record(id, value) {
      try {
        await write(id, value);
      } catch (error) {
        kept.set(id, value);
        kind.onKept?.(id, error);
        scheduleRetry();
      }
    },
    writeKept: () => writeKeptOf(kind),
    keptIds: () => [...kept.keys()],
  };
}
