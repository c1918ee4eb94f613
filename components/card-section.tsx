import type { ReactNode } from "react";

/** Tailwind reads class names from the source, so each gap is written out whole. */
const gaps = {
  2: "space-y-2",
  3: "space-y-3",
  4: "space-y-4",
  5: "space-y-5",
} as const;

type CardSectionProps = {
  /** The heading's id, which names the section's landmark (and is the target of links to it). */
  headingId: string;
  heading: ReactNode;
  /** The heading's language where it is not the page's (a canned replies language's own name). */
  headingLang?: string;
  /** The space between the heading and each part below it. */
  gap?: keyof typeof gaps;
  /**
   * A card is a section of the screen (an h2 in a bordered box); a part is a section inside a card (an h3,
   * no border of its own); a plain section is an h2 without the box, for a form that brings its own.
   */
  kind?: "card" | "part" | "plain";
  children: ReactNode;
};

/**
 * Issue 24: the section the staff screens and the account page are made of — one landmark named by
 * its heading, in the same box and type on every screen, so a new section (or a new staff action's
 * home) is one element.
 */
export function CardSection({ headingId, heading, headingLang, gap = 3, kind = "card", children }: CardSectionProps) {
  const Heading = kind === "part" ? "h3" : "h2";
  return (
    <section aria-labelledby={headingId} className={kind === "card" ? `card ${gaps[gap]}` : gaps[gap]}>
      <Heading id={headingId} className={kind === "part" ? "text-lg font-semibold" : "text-xl font-semibold"} lang={headingLang}>
        {heading}
      </Heading>
      {children}
    </section>
  );
}
