"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * Where the Get Help block shows: every customer page but the home page, whose "Ways to get help"
 * holds the same three links, and not on the support team's screens, which are not for customers.
 */
export function GetHelpPlacement({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  if (pathname === "/" || pathname === "/staff" || pathname.startsWith("/staff/")) return null;
  return children;
}
