import { NextResponse } from "next/server";

/**
 * Note: Turbopack looks for proxy.ts and instrumentation.ts at the workspace root (the portal's
 * folder, whose node_modules the floor shares) unless the app has its own; these keep the
 * portal's out of the floor. This proxy matches no address, so it never runs.
 */
export function proxy() {
  return NextResponse.next();
}

export const config = { matcher: "/floor-proxy-never-matches" };
