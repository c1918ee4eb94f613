import { sql } from "drizzle-orm";
import { databaseHandle } from "@/lib/db";

export const dynamic = "force-dynamic";

/** For load balancers and uptime checks: is the database reachable? */
export async function GET() {
  const started = performance.now();
  try {
    const handle = await databaseHandle();
    await handle.db.execute(sql`select 1`);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return Response.json(
      { status: "ok", database: { kind: handle.kind, reachable: true, latencyMs } },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json(
      { status: "unavailable", database: { reachable: false } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
