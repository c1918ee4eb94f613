import type { ReaderTimes } from "@/i18n/reader-times";

/** Issue 26: an exact time in the reader's zone, labelled, with the machine-readable instant. */
export function ExactTime({ date, times, long = false }: { date: Date; times: ReaderTimes; long?: boolean }) {
  return <time dateTime={date.toISOString()}>{long ? times.longTime(date) : times.time(date)}</time>;
}

/** "2 minutes ago", with the exact time as its tooltip and in `datetime`. */
export function TimeAgo({ date, times }: { date: Date; times: ReaderTimes }) {
  return (
    <time dateTime={date.toISOString()} title={times.time(date)}>
      {times.relative(date)}
    </time>
  );
}
