/** See proxy.ts: the floor has no start-up work; this file keeps the portal's out of its build. */
export function register() {}
