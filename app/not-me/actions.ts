"use server";

import { after } from "next/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { undoWayIn, undoWayInCookieName } from "@/lib/auth/undo-way-in";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";

/** "Remove it and sign out everywhere": once (S11); this browser is signed out too. */
export const undoWayInAction = guardPlainForm(async () => {
  const jar = await cookies();
  const outcome = await undoWayIn(jar.get(undoWayInCookieName())?.value, requestMeta(await headers()));
  jar.set(undoWayInCookieName(), "", mailedLinkCookieOptions(0));
  if (!outcome.ok) redirect("/not-me?expired=1");
  await clearSessionCookie();
  after(backgroundWork().runQuietly);
  redirect("/not-me?done=1");
});
