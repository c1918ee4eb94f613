"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { confirmationCookieName, confirmEmail } from "@/lib/auth/email-confirmation";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm } from "@/lib/http/form";

/** "Confirm my email address": the link's token (in its cookie) is used once (S11). */
export const confirmEmailAction = guardPlainForm(async () => {
  const jar = await cookies();
  const confirmed = await confirmEmail(jar.get(confirmationCookieName())?.value, requestMeta(await headers()));
  jar.set(confirmationCookieName(), "", mailedLinkCookieOptions(0));
  redirect(confirmed ? "/confirm-email?confirmed=1" : "/confirm-email?expired=1");
});
