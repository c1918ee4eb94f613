import { timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";
import { backgroundWork } from "@/lib/server/background-work";

export const dynamic = "force-dynamic";

function authorised(request: Request): boolean {
  const secret = config().cronSecret;
  const given = request.headers.get("authorization") ?? "";
  if (!secret) return false;
  const expected = Buffer.from(`Bearer ${secret}`);
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** On Vercel, a cron job runs the background work (no process lives between requests there). */
export async function GET(request: Request) {
  if (!authorised(request)) return new Response("Unauthorized", { status: 401 });
  await backgroundWork().run();
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
