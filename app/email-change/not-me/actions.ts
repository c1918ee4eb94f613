"use server";

import { getLocale } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cancelEmailChange, notMeCookieName } from "@/lib/account/email-change";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { clearSessionCookie } from "@/lib/auth/session-cookie";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm } from "@/lib/http/form";

/** "Cancel the change and sign out everywhere": once (S11); this browser is signed out too. */
export const notMeAction = guardPlainForm(async () => {
  const jar = await cookies();
  const outcome = await cancelEmailChange(jar.get(notMeCookieName())?.value, requestMeta(await headers()), await getLocale());
  jar.set(notMeCookieName(), "", mailedLinkCookieOptions(0));
  if (!outcome.ok) redirect("/email-change/not-me?expired=1");
  await clearSessionCookie();
  redirect(`/email-change/not-me?done=${outcome.disabled ? "disabled" : outcome.restored ? "restored" : "cancelled"}`);
});
