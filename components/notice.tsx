import type { ReactNode } from "react";

const tones = {
  success: { role: "status", className: "border-success-700 bg-success-100 text-success-700" },
  info: { role: "status", className: "border-brand-600 bg-brand-100" },
  danger: { role: "alert", className: "border-danger-700 bg-danger-100 text-danger-700" },
} as const;

/** A short message at the top of a section: announced as a status, or as an alert when something went wrong. */
export function Notice({ tone, children, className = "" }: { tone: keyof typeof tones; children: ReactNode; className?: string }) {
  return (
    <p role={tones[tone].role} className={`rounded-md border-l-4 px-4 py-3 font-semibold ${tones[tone].className} ${className}`}>
      {children}
    </p>
  );
}
