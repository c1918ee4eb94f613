/** Next.js calls this once when a server starts. */
export async function register() {
  // Note: the import sits inside the runtime check so that the Edge compile of this file never
  // sees the Node.js-only start-up code (and warns about it).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/server/start");
    await startServer();
  }
}
