import { PEER_HEADER } from "@/lib/http/client-ip";

/**
 * What server/preload.cjs does in a real server: a per-process secret, and requests stamped with
 * "<secret> <TCP peer>". Tests that build requests by hand stamp them with this.
 */
const STAMP = Symbol.for("portal.peerStamp");
const secret = "test-peer-stamp-secret";
(globalThis as Record<symbol, unknown>)[STAMP] ??= { header: PEER_HEADER, secret };

/** The header a request from this TCP peer carries once the preload has seen it. */
export function stampedPeer(ip: string): Record<string, string> {
  const stamp = (globalThis as Record<symbol, { secret: string }>)[STAMP];
  return { [PEER_HEADER]: `${stamp.secret} ${ip}` };
}
