import { config } from "@/lib/config";

/**
 * S28: the client's address, taken only from hops we trust.
 *
 * With TRUSTED_PROXY_HOPS=N (N ≥ 1), each trusted proxy appends the address it saw to
 * X-Forwarded-For, so the client is the Nth entry from the right; anything further left was
 * written by the client and is ignored. With no trusted proxy, X-Forwarded-For is the client's
 * own claim and is never read: the address comes from PEER_ADDRESS_HEADER, which the server
 * stamps from the TCP connection (see instrumentation.ts) and a client cannot set.
 */
export const PEER_ADDRESS_HEADER = "x-portal-peer-address";

type HeaderSource = { get(name: string): string | null };

export function clientIp(headers: HeaderSource): string {
  const hops = config().trustedProxyHops;
  if (hops === 0) return headers.get(PEER_ADDRESS_HEADER) ?? "unknown";
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - hops] ?? forwarded[0] ?? headers.get(PEER_ADDRESS_HEADER) ?? "unknown";
}

export type RequestMeta = { ip: string; userAgent: string | null };

export function requestMeta(headers: HeaderSource): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
