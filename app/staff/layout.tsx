import type { ReactNode } from "react";

/**
 * Every address under /staff, its "Page not found" too: the customers' Get Help block is not for
 * the support team (components/get-help.tsx). Marked here, not by each screen, so a staff page
 * that finds nothing to show and an address no staff page has are marked as well — the same for
 * every visitor, so nothing tells one staff address from another.
 */
export default function StaffLayout({ children }: { children: ReactNode }) {
  return <div data-without-get-help>{children}</div>;
}
