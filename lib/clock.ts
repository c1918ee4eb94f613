/**
 * The portal's notion of "now". Expiry rules (reset links, lockouts, session limits) read time
 * from here and pass it to SQL, so tests move the clock instead of sleeping.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Tests only: move the clock forward (or back) by a number of milliseconds. */
export function advanceClock(ms: number) {
  offsetMs += ms;
}

/** Tests only: put the clock back to real time. */
export function resetClock() {
  offsetMs = 0;
}

export const SECOND = 1_000;
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
