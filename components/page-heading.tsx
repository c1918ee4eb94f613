import type { ReactNode } from "react";

/**
 * A screen's h1, and beside it the screen's one main button where it has one (Create a case on
 * My cases, New article on the staff's Knowledge Base); on a phone the button wraps below.
 */
export function PageHeading({ id, action, children }: { id: string; action?: ReactNode; children: ReactNode }) {
  const heading = (
    <h1 id={id} className="text-2xl font-bold">
      {children}
    </h1>
  );
  if (!action) return heading;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      {heading}
      {action}
    </div>
  );
}
