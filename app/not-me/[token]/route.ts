import type { NextRequest } from "next/server";
import { landOnMailedLink } from "@/lib/auth/mailed-links";
import { checkUndoWayInLink, undoWayInCookieName } from "@/lib/auth/undo-way-in";
import { requestMeta } from "@/lib/http/client-ip";

/** "This wasn't me" in the notice of a way in added (issue 22): opening it changes nothing (S13); the page's button does. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return landOnMailedLink(token, undoWayInCookieName(), "/not-me", (presented) => checkUndoWayInLink(presented, requestMeta(request.headers), "link"));
}
