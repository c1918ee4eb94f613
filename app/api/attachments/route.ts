import { getLocale, getTranslations } from "next-intl/server";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { attachmentLimitValues } from "@/lib/forms/form-words";
import { isSameOrigin } from "@/lib/http/same-origin";
import { FILE_NAME_HEADER, UPLOAD_HEADER } from "@/lib/support/attachments/upload-request";
import { receiveUpload } from "@/lib/support/attachments/uploads";
import requestGate from "@/server/request-gate.cjs";

export const dynamic = "force-dynamic";

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

/** The file's name as the field sends it (percent-encoded UTF-8); only ever shown, never a path. */
function fileNameOf(request: Request): string {
  try {
    return decodeURIComponent(request.headers.get(FILE_NAME_HEADER) ?? "");
  } catch {
    return "";
  }
}

const STATUS = { too_large: 413, type: 415, unreadable_image: 422, incomplete: 400, too_slow: 408, waiting_full: 409, too_often: 429 } as const;

/**
 * POST /api/attachments: one file, sent by the attachment field with JavaScript before its
 * message (issue 26; lib/support/attachments/uploads.ts). The body is the file's bytes, nothing
 * else. The proxy does not run for this address (proxy.ts's matcher), because Next.js would
 * buffer a copy of every body the proxy sees; so the checks a server action gets from the proxy
 * and the framework are made here: the request gate, the origin (S35), the session (S34), and the
 * limits before the body is read (S50). Answers are JSON with a message in the visitor's language.
 */
export async function POST(request: Request) {
  const url = new URL(request.url);
  const refusal = requestGate.inspectRequest({ method: "POST", url: `${url.pathname}${url.search}`, headers: Object.fromEntries(request.headers) });
  if (refusal) return answer(refusal.status, { message: refusal.message });
  if (!isSameOrigin(request) || request.headers.get(UPLOAD_HEADER) !== "1") return answer(403, { message: "Forbidden: this request did not come from the portal's own pages." });
  const t = await getTranslations("cases");
  const signedIn = await currentCustomer();
  if (!signedIn) return answer(401, { message: t("uploadSignedOut") });
  const length = request.headers.get("content-length");
  // Note: the gate has checked the form of Content-Length; a body without one (chunked) is refused there.
  if (length === null) return answer(411, { message: "Length required." });

  const fileName = fileNameOf(request);
  const outcome = await receiveUpload(signedIn.customer, { fileName, size: Number(length), body: request.body ?? new Blob([]).stream() });
  if (outcome.ok) return answer(201, { id: outcome.id, fileName: outcome.fileName, size: outcome.size });
  const message = t(`fileErrors.${outcome.reason}`, { name: outcome.fileName, ...attachmentLimitValues(t, await getLocale()), readSeconds: config().attachments.readSeconds });
  // A body that stopped arriving is not waited for: the connection closes with the answer.
  const close: Record<string, string> = outcome.reason === "too_slow" ? { connection: "close" } : {};
  return answer(STATUS[outcome.reason as keyof typeof STATUS] ?? 400, { message }, { ...close, ...(outcome.retryAfterSeconds ? { "retry-after": String(outcome.retryAfterSeconds) } : {}) });
}
