import type { ReactNode } from "react";

const tones = {
  success: { role: "status", className: "border-success-700 bg-success-100 font-semibold text-success-700" },
  info: { role: "status", className: "border-brand-600 bg-brand-100 font-semibold" },
  danger: { role: "alert", className: "border-danger-700 bg-danger-100 font-semibold text-danger-700" },
  // A remark about the page itself (a language it is not in), not news: read in place, never announced.
  note: { role: "note", className: "border-brand-600 bg-brand-100" },
} as const;

/**
 * A short message at the top of a section: announced as a status, or as an alert when something
 * went wrong. `as="div"` holds more than a sentence (the form's error summary and its list).
 */
export function Notice({ tone, children, className = "", as: Element = "p" }: { tone: keyof typeof tones; children: ReactNode; className?: string; as?: "p" | "div" }) {
  return (
    <Element role={tones[tone].role} className={`rounded-md border-l-4 px-4 py-3 ${tones[tone].className} ${className}`}>
      {children}
    </Element>
  );
}
