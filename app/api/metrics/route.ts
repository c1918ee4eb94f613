import { metricsRequestAllowed } from "@/lib/operations/metrics-access";
import { metricsText } from "@/lib/operations/metrics";

export const dynamic = "force-dynamic";

/**
 * Prometheus' scrape (issue 29). Without METRICS_TOKEN, or without its bearer token, the answer is
 * the same 404 as any address that does not exist: nothing says metrics are here.
 */
export async function GET(request: Request) {
  if (!metricsRequestAllowed(request.headers.get("authorization"))) return new Response("Not Found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const { contentType, text } = await metricsText();
  return new Response(text, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
