/** Next.js calls this once when a server starts. */
export async function register() {
  // Only the Node.js server keeps a database and a mail drain; the edge runtime has neither.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("@/lib/server-start");
  await startServer();
}
