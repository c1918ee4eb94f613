/** Next.js calls this once when a server starts. */
export async function register() {
  // Note: the import sits inside the runtime check so that the Edge compile of this file never
  // sees the Node.js-only start-up code (and warns about it).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server/start");
    await startServer();
  }
}

/**
 * Next.js calls this with every error a page, server action or route handler throws. One that
 * lost the database marks it unreachable, so the next requests get the 503 page at once (proxy.ts)
 * instead of each failing on its own (issue 23).
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isDatabaseUnreachableError, noteDatabaseUnreachable } = await import("@/lib/db/reachable");
  if (isDatabaseUnreachableError(error)) noteDatabaseUnreachable();
}
