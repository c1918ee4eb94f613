import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { now } from "@/lib/clock";
import { handleInboundMail, InboundMailDeferred, MAX_INBOUND_BYTES } from "@/lib/support/inbound/inbound-mail";

/**
 * Issue 28: a raw RFC 822 mail posted by an inbound-mail provider (for hosts without a
 * long-running process to read a mailbox), handled exactly as one read over IMAP. The provider
 * signs each delivery with the shared secret (INBOUND_WEBHOOK_SECRET):
 *
 *   X-Portal-Timestamp: <Unix seconds>
 *   X-Portal-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." followed by the body's bytes>
 *
 * The signature is compared in constant time (both sides hashed first, so neither the length nor
 * the first wrong character shows, S52's rule for the metrics token); a timestamp more than five
 * minutes from the portal's clock is refused, and a delivery replayed within the window finds its
 * Message-ID already recorded and posts nothing again.
 */

export const REPLAY_WINDOW_SECONDS = 5 * 60;

export type SignedDeliveryAnswer = { status: 200 | 401 | 413 | 503; body: string };

export function signDelivery(secret: string, timestamp: string, body: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex")}`;
}

function sameSignature(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
async function readLimited(request: Request, limit: number): Promise<Buffer | null> {
  const announced = Number(request.headers.get("content-length") ?? "0");
  if (announced > limit) return null;
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** Checks and handles one delivery; the answer names no reason beyond its status (a caller without the secret learns nothing). */
export async function receiveSignedDelivery(request: Request, secret: string): Promise<SignedDeliveryAnswer> {
  const timestamp = request.headers.get("x-portal-timestamp") ?? "";
  const signature = request.headers.get("x-portal-signature") ?? "";
  const refused: SignedDeliveryAnswer = { status: 401, body: "Unauthorized." };
  if (!/^\d{1,12}$/.test(timestamp) || !signature) return refused;
  if (Math.abs(now().getTime() / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return refused;
  const body = await readLimited(request, MAX_INBOUND_BYTES);
  if (!body) return { status: 413, body: "Request too large." };
  if (!sameSignature(signature, signDelivery(secret, timestamp, body))) return refused;
  try {
    await handleInboundMail(body);
  } catch (error) {
    // clamd did not answer for the mail's files: the provider sends it again later.
    if (error instanceof InboundMailDeferred) return { status: 503, body: "Try again later." };
    throw error;
  }
  return { status: 200, body: "Received." };
}
