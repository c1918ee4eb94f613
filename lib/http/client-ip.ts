import { config } from "@/lib/config";
import { browserTimeZoneIn } from "@/lib/i18n/time-zone";

/**
 * S28: the client's address, taken only from what we trust.
 *
 * server/preload.cjs stamps every request, before Next.js sees it, with "<secret> <TCP peer>"
 * under PEER_HEADER; the secret is this process's, so a header a client wrote itself never
 * matches. With TRUSTED_PROXY_HOPS=N (N ≥ 1) each trusted proxy appends the address it saw to
 * X-Forwarded-For, so the client is the Nth entry from the right; anything further left was
 * written by the client and is ignored. A request with fewer entries did not come through the
 * proxies, and its TCP peer is the client.
 */
export const PEER_HEADER = "x-portal-peer";

type PeerStamp = { header: string; secret: string };
const STAMP = Symbol.for("portal.peerStamp");

export function peerStamp(): PeerStamp | undefined {
  return (globalThis as Record<symbol, PeerStamp | undefined>)[STAMP];
}

type HeaderSource = { get(name: string): string | null };

/** The TCP peer the preload stamped on this request, or undefined when the stamp is missing or forged. */
export function peerAddress(headers: HeaderSource): string | undefined {
  const stamp = peerStamp();
  const value = headers.get(PEER_HEADER);
  if (!stamp || !value) return undefined;
  const space = value.indexOf(" ");
  return space > 0 && value.slice(0, space) === stamp.secret ? value.slice(space + 1) : undefined;
}

export function clientIp(headers: HeaderSource): string {
  const hops = config().trustedProxyHops;
  if (hops > 0) {
    const forwarded = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (forwarded.length >= hops) return forwarded[forwarded.length - hops];
  }
  return peerAddress(headers) ?? "unknown";
}

/** timeZone: what the browser reported at sign-in (issue 26), for the mail of a customer who has not chosen one. */
export type RequestMeta = { ip: string; userAgent: string | null; timeZone?: string | null };

export function requestMeta(headers: HeaderSource): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null, timeZone: browserTimeZoneIn(headers.get("cookie")) };
}
