import { readiness } from "@/lib/operations/readiness";

export const dynamic = "force-dynamic";

/**
 * For monitoring (issue 29): is mail flowing, is work being done, which release is this? 503 when
 * a check fails, with the checks that failed. Nothing in it names a customer or an address. Anyone
 * may call it, so probes share one read of the figures (lib/operations/readiness.ts, finding F2).
 */
export async function GET() {
  const report = await readiness({ shared: true });
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
