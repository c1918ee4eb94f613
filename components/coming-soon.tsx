import type { ReactNode } from "react";

/** A page whose feature is still being built: it says plainly what it will hold. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="page-heading" className="card">
      <h1 id="page-heading" className="mb-4 text-2xl font-bold">
        {title}
      </h1>
      <div className="space-y-3">{children}</div>
    </section>
  );
}
