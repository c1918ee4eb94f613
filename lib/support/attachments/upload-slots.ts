/**
 * Files this server process takes in at once. Measured (README, Performance): a 10 MB file costs
 * several times its size while it is checked, re-encoded and stored, so the number read at once
 * bounds the server's memory whatever the number of customers. An upload past these waits before
 * its body is read: its bytes wait in the connection (TCP pushes back on the browser, whose
 * progress bar pauses), not in memory.
 *
 * S50: one customer holds at most one slot. Without that, one signed-in account trickling two
 * bodies (each allowed ATTACHMENT_READ_SECONDS) kept every other customer's files waiting, hour
 * after hour, within its own upload allowance. A customer's second file waits for their first.
 */
export const UPLOAD_SLOTS = 2;

let slotsInUse = 0;
const holders = new Set<string>();
const waiting: Array<{ customerId: string; start: () => void }> = [];

export async function inUploadSlot<T>(customerId: string, work: () => Promise<T>): Promise<T> {
  if (slotsInUse < UPLOAD_SLOTS && !holders.has(customerId)) take(customerId);
  else await new Promise<void>((start) => waiting.push({ customerId, start }));
  try {
    return await work();
  } finally {
    release(customerId);
  }
}

function take(customerId: string) {
  slotsInUse += 1;
  holders.add(customerId);
}

/** A freed slot goes to the upload that has waited longest among customers holding none. */
function release(customerId: string) {
  slotsInUse -= 1;
  holders.delete(customerId);
  for (let i = 0; i < waiting.length && slotsInUse < UPLOAD_SLOTS; ) {
    const next = waiting[i];
    if (holders.has(next.customerId)) {
      i += 1;
      continue;
    }
    waiting.splice(i, 1);
    take(next.customerId);
    next.start();
  }
}
