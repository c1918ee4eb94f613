import { createHash, timingSafeEqual } from "node:crypto";
import { config } from "@/lib/config";

/**
 * S52: /api/metrics answers only `Authorization: Bearer <METRICS_TOKEN>`. Both sides are hashed
 * before the constant-time comparison, so neither the token's length nor its first wrong
 * character shows in the time taken.
 */
export function metricsRequestAllowed(authorization: string | null): boolean {
  const token = config().operations.metricsToken;
  if (!token || !authorization) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(authorization), digest(`Bearer ${token}`));
}
