import { config } from "@/lib/config";
import { receiveSignedDelivery } from "@/lib/support/inbound/signed-delivery";

export const dynamic = "force-dynamic";

const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
const notFound = () => new Response("Not Found", { status: 404, headers });

/**
 * Issue 28: an inbound-mail provider's signed delivery of a raw mail (lib/support/inbound/signed-delivery.ts).
 * Without INBOUND_WEBHOOK_SECRET the answer is the same 404 as any address that does not exist.
 */
export async function POST(request: Request) {
  const secret = config().mail.inboundWebhookSecret;
  if (!secret) return notFound();
  const answer = await receiveSignedDelivery(request, secret);
  return new Response(answer.body, { status: answer.status, headers: answer.status === 503 ? { ...headers, "Retry-After": "300" } : headers });
}

export function GET() {
  return notFound();
}
