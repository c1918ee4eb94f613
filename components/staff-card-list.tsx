import Link from "next/link";
import type { ReactNode } from "react";

type StaffCardListProps = {
  /** The list's name for screen readers. */
  label: string;
  /** What the screen says when there is nothing to list. */
  empty: ReactNode;
  items: Array<{
    key: string | number;
    /** The item's own page, and the words that lead to it. */
    href: string;
    title: ReactNode;
    /** Chips beside the title (status, priority, when it is due). */
    marks: ReactNode;
    /** The lines under the title. */
    details: ReactNode;
  }>;
};

/**
 * Issue 24: a staff list in which each item is a small card — its link, its chips, a few lines
 * about it — or the screen's sentence when it is empty: the case queue and the Contact us inbox.
 * (A list of rows with columns is a <StaffTable>.)
 */
export function StaffCardList({ label, empty, items }: StaffCardListProps) {
  if (items.length === 0) return <p className="card">{empty}</p>;
  return (
    <ul className="space-y-3" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="card space-y-1 !p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Link href={item.href} className="font-semibold">
              {item.title}
            </Link>
            {item.marks}
          </div>
          {item.details}
        </li>
      ))}
    </ul>
  );
}
