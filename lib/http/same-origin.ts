import { config } from "@/lib/config";

/**
 * S35: a state-changing route handler accepts only requests its own pages sent. Browsers send
 * Origin on every cross-site POST; a missing or "null" Origin is refused too.
 */
export function isSameOriginPost(request: Request): boolean {
  if (request.method !== "POST") return false;
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin === config().appUrl;
  return request.headers.get("sec-fetch-site") === "same-origin";
}
