"use server";

import { getLocale } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { confirmEmailChange, emailChangeCookieName } from "@/lib/account/email-change";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm } from "@/lib/http/form";

/** "Confirm my new email address": the link's token (in its cookie) is used once (S11). */
export const confirmEmailChangeAction = guardPlainForm(async () => {
  const jar = await cookies();
  const outcome = await confirmEmailChange(jar.get(emailChangeCookieName())?.value, requestMeta(await headers()), await getLocale());
  jar.set(emailChangeCookieName(), "", mailedLinkCookieOptions(0));
  if (!outcome.ok) redirect("/email-change/confirm?expired=1");
  redirect("/email-change/confirm?confirmed=1");
});
