/** Next.js calls this once when a server starts. */
export async function register() {
  // Only the Node.js server keeps a database and a mail drain; the edge runtime has neither.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("@/lib/server/start");
  try {
    await startServer();
  } catch (error) {
    // Note: Next.js logs a failed hook and keeps serving; a portal without its settings or its
    // database must not start at all, so the start stops here with the reason.
    console.error(`[portal] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
