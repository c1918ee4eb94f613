import { sql } from "drizzle-orm";
import { databaseHandle } from "@/lib/db";

export const dynamic = "force-dynamic";

// A load balancer waits a few seconds at most; a database that takes longer counts as down.
const DATABASE_TIMEOUT_MS = 2_000;

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref());
}

/** For load balancers and uptime checks: is the database reachable? Answers within two seconds either way. */
export async function GET() {
  const started = performance.now();
  try {
    const handle = await Promise.race([databaseHandle(), timeout(DATABASE_TIMEOUT_MS)]);
    await Promise.race([handle.db.execute(sql`select 1`), timeout(DATABASE_TIMEOUT_MS)]);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json({ status: "ok", database: { kind: handle.kind, reachable: true, latencyMs } }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database: { reachable: false } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
