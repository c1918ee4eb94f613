import { inUploadSlot, UPLOAD_SLOTS } from "@/lib/support/attachments/upload-slots";

/**
 * S50 (issue 26): the process's upload slots, one customer at a time. Each upload's work is held
 * open by the test until it says so, so what is checked is which uploads have started, never how
 * long anything took.
 */
type Held = { started: boolean; finish: () => void; done: Promise<void> };

function upload(customerId: string): Held {
  let finish!: () => void;
  const release = new Promise<void>((resolve) => (finish = resolve));
  const held = { started: false, finish, done: Promise.resolve() } as Held;
  held.done = inUploadSlot(customerId, async () => {
    held.started = true;
    await release;
  });
  return held;
}

/** Lets every slot hand-over that is ready happen (promise callbacks only; no timers). */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe("upload slots (S50)", () => {
  it("has two slots per process", () => {
    expect(UPLOAD_SLOTS).toBe(2);
  });

  it("gives one customer one slot: a second body of theirs waits, and another customer's file goes ahead of it", async () => {
    const first = upload("trickler");
    const second = upload("trickler");
    await settle();
    expect([first.started, second.started]).toEqual([true, false]);

    const someoneElse = upload("customer");
    await settle();
    expect(someoneElse.started).toBe(true);
    expect(second.started).toBe(false);

    // The trickler's own first file ends: their second takes its slot.
    first.finish();
    await first.done;
    await settle();
    expect(second.started).toBe(true);

    second.finish();
    someoneElse.finish();
    await Promise.all([second.done, someoneElse.done]);
  });

  it("hands a freed slot to the upload that waited longest among customers holding none, and loses none of 30 at once", async () => {
    const a1 = upload("a");
    const b1 = upload("b");
    const a2 = upload("a");
    const c1 = upload("c");
    await settle();
    expect([a1.started, b1.started, a2.started, c1.started]).toEqual([true, true, false, false]);

    // b's slot frees: a still holds one, so c (waiting behind a's second) goes first.
    b1.finish();
    await b1.done;
    await settle();
    expect([a2.started, c1.started]).toEqual([false, true]);

    a1.finish();
    await a1.done;
    await settle();
    expect(a2.started).toBe(true);
    a2.finish();
    c1.finish();
    await Promise.all([a2.done, c1.done]);

    // Thirty uploads of five customers at once: never more than two running, and every one runs.
    let running = 0;
    let most = 0;
    let ran = 0;
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inUploadSlot(`customer-${i % 5}`, async () => {
          running += 1;
          most = Math.max(most, running);
          await settle();
          running -= 1;
          ran += 1;
        }),
      ),
    );
    expect({ most, ran }).toEqual({ most: 2, ran: 30 });
  });

  it("frees the slot when the work fails", async () => {
    await expect(inUploadSlot("x", async () => Promise.reject(new Error("broken body")))).rejects.toThrow("broken body");
    const next = upload("x");
    await settle();
    expect(next.started).toBe(true);
    next.finish();
    await next.done;
  });
});
