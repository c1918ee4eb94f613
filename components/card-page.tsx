import type { ReactNode } from "react";

/** Tailwind reads class names from the source, so each gap is written out whole. */
const gaps = {
  4: "space-y-4",
  5: "space-y-5",
} as const;

type CardPageProps = {
  /** The h1's id, which names the page's landmark. */
  headingId: string;
  heading: ReactNode;
  /**
   * The space between the heading and each part below it; without one, only the heading is spaced
   * from what follows and the parts space themselves (a form with its own rhythm).
   */
  gap?: keyof typeof gaps;
  children: ReactNode;
};

/**
 * Issue 24: a screen that is one narrow card — signing in and its second step, registering, a
 * reset, a link's answer, one setting of the account — named by its heading, the same box on every
 * such screen.
 */
export function CardPage({ headingId, heading, gap, children }: CardPageProps) {
  return (
    <section aria-labelledby={headingId} className={gap ? `card mx-auto max-w-xl ${gaps[gap]}` : "card mx-auto max-w-xl"}>
      <h1 id={headingId} className={gap ? "text-2xl font-bold" : "mb-5 text-2xl font-bold"}>
        {heading}
      </h1>
      {children}
    </section>
  );
}
