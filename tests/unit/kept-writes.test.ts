import { KEPT_WRITE_RETRY_MS, keptWrites } from "@/lib/jobs/kept-writes";

/**
 * Issue 23 / 24 (S47): a write the database refused is kept in memory and tried again on one timer,
 * for a job's failure and a mail's outcome alike. The "database" here is a function the test
 * answers or refuses with; Jest's fake timers stand for the second between tries, so nothing waits.
 */
const shared = globalThis as unknown as { portalKeptWrites?: Map<string, unknown>; portalKeptWriteRetry?: NodeJS.Timeout };

/** A row store that refuses every write while `down` is set, and counts the writes it was asked for. */
function database() {
  const rows = new Map<number, string>();
  const state = { down: true, tries: 0, rows };
  const write = async (id: number, value: string) => {
    state.tries += 1;
    if (state.down) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    rows.set(id, value);
  };
  return { state, write };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  // The module's registry and timer are on globalThis: undone so no test sees another's.
  clearTimeout(shared.portalKeptWriteRetry);
  delete shared.portalKeptWrites;
  delete shared.portalKeptWriteRetry;
  jest.useRealTimers();
});

describe("writes kept through a database outage (issue 24, S47)", () => {
  it("writes at once when the database answers, keeping nothing and starting no timer", async () => {
    const { state, write } = database();
    state.down = false;
    const failures = keptWrites("answered", write);
    await failures.record(1, "dead");
    expect(state.rows.get(1)).toBe("dead");
    expect(failures.keptIds()).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("keeps a refused write, and a retry that is refused again keeps it for the next try, until the database answers", async () => {
    const { state, write } = database();
    const kept: number[] = [];
    let allWritten = 0;
    const outcomes = keptWrites("refused", write, { onKept: (id) => kept.push(id), onAllWritten: () => (allWritten += 1) });
    await outcomes.record(7, "sent");
    expect(kept).toEqual([7]);
    expect(outcomes.keptIds()).toEqual([7]);

    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(state.tries).toBe(2);
    expect(outcomes.keptIds()).toEqual([7]);
    expect(state.rows.size).toBe(0);
    expect(allWritten).toBe(0);
    expect(jest.getTimerCount()).toBe(1);

    state.down = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(state.rows.get(7)).toBe("sent");
    expect(outcomes.keptIds()).toEqual([]);
    expect(allWritten).toBe(1);
    // Nothing left: the timer stops.
    expect(jest.getTimerCount()).toBe(0);
  });

  it("runs one timer however many writes of however many kinds are kept, and it keeps no process alive", async () => {
    const jobsDatabase = database();
    const mailDatabase = database();
    const failures = keptWrites("many jobs", jobsDatabase.write);
    const outcomes = keptWrites("many outcomes", mailDatabase.write);
    await Promise.all(Array.from({ length: 20 }, (_, i) => [failures.record(i, `job ${i}`), outcomes.record(i, `mail ${i}`)]).flat());
    expect(failures.keptIds()).toHaveLength(20);
    expect(outcomes.keptIds()).toHaveLength(20);
    expect(jest.getTimerCount()).toBe(1);
    expect(shared.portalKeptWriteRetry?.hasRef()).toBe(false);

    jobsDatabase.state.down = false;
    mailDatabase.state.down = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(jobsDatabase.state.rows.size).toBe(20);
    expect(mailDatabase.state.rows.size).toBe(20);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("writes a kind's kept writes when asked (the outbox's pass does), leaving the ones still refused", async () => {
    const { state, write } = database();
    const outcomes = keptWrites("asked", write);
    await outcomes.record(1, "sent");
    await outcomes.record(2, "sent");
    expect(await outcomes.writeKept()).toBe(2);
    state.down = false;
    expect(await outcomes.writeKept()).toBe(0);
    expect([...state.rows.keys()].sort()).toEqual([1, 2]);
  });

  it("retries a write refused while the timer's pass is still on another kind, for a kind that pass had already written (review F2)", async () => {
    const jobsDatabase = database();
    const failures = keptWrites("passed jobs", jobsDatabase.write);
    // The outbox's write hangs until the test lets it answer: the pass is still under way meanwhile.
    let answerOutcome!: () => void;
    const outcomeAnswered = new Promise<void>((resolve) => (answerOutcome = resolve));
    let outcomesDown = true;
    const outcomes = keptWrites("slow outcomes", async () => {
      if (outcomesDown) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      await outcomeAnswered;
    });
    await failures.record(1, "pending");
    await outcomes.record(1, "sent");
    expect(failures.keptIds()).toEqual([1]);
    expect(outcomes.keptIds()).toEqual([1]);

    // The pass: the job's state is written at once; the outcome's write is still awaited.
    jobsDatabase.state.down = false;
    outcomesDown = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(jobsDatabase.state.rows.get(1)).toBe("pending");
    expect(failures.keptIds()).toEqual([]);
    expect(outcomes.keptIds()).toEqual([1]);

    // The database goes again: another job's failure is refused while the pass waits on the outcome.
    jobsDatabase.state.down = true;
    await failures.record(2, "dead");
    expect(failures.keptIds()).toEqual([2]);
    answerOutcome();
    await jest.advanceTimersByTimeAsync(0);
    expect(outcomes.keptIds()).toEqual([]);

    // The pass has ended with the job's failure kept: it is tried again a second later.
    expect(jest.getTimerCount()).toBe(1);
    jobsDatabase.state.down = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(jobsDatabase.state.rows.get(2)).toBe("dead");
    expect(failures.keptIds()).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("tries every kind in one pass side by side, so a mail's outcome does not wait behind a slow job write", async () => {
    // The job's write hangs (a connection timeout); the outcome's answers at once.
    let answerJob!: () => void;
    const jobAnswered = new Promise<void>((resolve) => (answerJob = resolve));
    let jobDown = true;
    const failures = keptWrites("hanging jobs", async () => {
      if (jobDown) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
      await jobAnswered;
    });
    const mailDatabase = database();
    const outcomes = keptWrites("prompt outcomes", mailDatabase.write);
    await failures.record(1, "pending");
    await outcomes.record(1, "sent");

    jobDown = false;
    mailDatabase.state.down = false;
    try {
      await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
      expect(mailDatabase.state.rows.get(1)).toBe("sent");
      expect(outcomes.keptIds()).toEqual([]);
      expect(failures.keptIds()).toEqual([1]);
    } finally {
      answerJob();
    }
    await jest.advanceTimersByTimeAsync(0);
    expect(failures.keptIds()).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("says all is written when the outbox's pass empties a kind, not only when the timer does", async () => {
    const { state, write } = database();
    let allWritten = 0;
    const outcomes = keptWrites("emptied by asking", write, { onAllWritten: () => (allWritten += 1) });
    await outcomes.record(1, "sent");
    state.down = false;
    expect(await outcomes.writeKept()).toBe(0);
    expect(allWritten).toBe(1);
    // Nothing was kept any more: asking again says nothing new.
    expect(await outcomes.writeKept()).toBe(0);
    expect(allWritten).toBe(1);
  });

  it("keeps retrying when a kind's hook throws", async () => {
    const { state, write } = database();
    const failures = keptWrites("throwing hook", write, {
      onAllWritten: () => {
        throw new Error("the log is gone");
      },
    });
    const other = database();
    const outcomes = keptWrites("beside a throwing hook", other.write);
    await failures.record(1, "dead");
    await outcomes.record(1, "sent");
    state.down = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(failures.keptIds()).toEqual([]);
    // The other kind's write is still refused: the timer goes on for it.
    expect(jest.getTimerCount()).toBe(1);
    other.state.down = false;
    await jest.advanceTimersByTimeAsync(KEPT_WRITE_RETRY_MS);
    expect(other.state.rows.get(1)).toBe("sent");
    expect(jest.getTimerCount()).toBe(0);
  });
});
