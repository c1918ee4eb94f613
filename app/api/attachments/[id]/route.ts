import { currentCustomer } from "@/lib/auth/current-customer";
import { sessionPassedTwoStep } from "@/lib/auth/two-step/second-step";
import { isStaff } from "@/lib/staff/access";
import { openAttachment } from "@/lib/support/attachments/attachments";

export const dynamic = "force-dynamic";

/** The same answer for a file that does not exist and one the reader may not see (like the case IDOR rule). */
function notFound() {
  return new Response("Not found.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** RFC 6266/5987: an ASCII fallback and the exact UTF-8 name. */
function disposition(kind: "inline" | "attachment", fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A case's file, for the case's customer and the support team only (issue 26). Only the images
 * the portal re-encoded itself are shown inline; everything else downloads. nosniff and a CSP
 * that runs nothing mean even a file opened directly can never run a script on the portal's origin.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const signedIn = await currentCustomer();
  if (!signedIn) return notFound();
  const staff = isStaff(signedIn.customer) && (await sessionPassedTwoStep(signedIn.session.sid));
  const variant = new URL(request.url).searchParams.get("size") === "thumbnail" ? "thumbnail" : "file";
  const opened = await openAttachment({ customerId: signedIn.customer.id, staff }, id, variant);
  if (!opened) return notFound();
  const inline = opened.attachment.image;
  return new Response(new Uint8Array(opened.data), {
    headers: {
      "content-type": opened.contentType,
      "content-length": String(opened.data.length),
      "content-disposition": disposition(inline ? "inline" : "attachment", opened.attachment.fileName),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "private, no-store",
    },
  });
}
