import { sql } from "drizzle-orm";
import { databaseHandle } from "@/lib/db";
import { withinDeadline } from "@/lib/server/answer-deadline";

export const dynamic = "force-dynamic";

// A load balancer waits a few seconds at most; a database that takes longer counts as down
// (counted in time this process could run: lib/server/answer-deadline.ts).
const DATABASE_TIMEOUT_MS = 2_000;

/** For load balancers and uptime checks: is the database reachable? Answers within two seconds either way. */
export async function GET() {
  const started = performance.now();
  try {
    const handle = await withinDeadline(databaseHandle(), DATABASE_TIMEOUT_MS);
    await withinDeadline(handle.db.execute(sql`select 1`), DATABASE_TIMEOUT_MS);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json({ status: "ok", database: { kind: handle.kind, reachable: true, latencyMs } }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "unavailable", database: { reachable: false } }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
