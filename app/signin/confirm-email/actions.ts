"use server";

import { getLocale } from "next-intl/server";
import { redirect } from "next/navigation";
import { CONFIRMATION_RESEND_COOLDOWN_MS, sendEmailConfirmationNow } from "@/lib/auth/email-confirmation";
import { claimResend, currentChallenge } from "@/lib/auth/sign-in-challenge";
import { guardPlainForm } from "@/lib/http/form";

/** "Send the link again": only this browser, which gave the right password a moment ago, and once a minute. */
export const resendConfirmationAction = guardPlainForm(async () => {
  const pending = await currentChallenge("confirm_email");
  if (!pending) redirect("/signin/confirm-email");
  const claimed = await claimResend(pending.challenge, CONFIRMATION_RESEND_COOLDOWN_MS);
  if (!claimed.ok) redirect(`/signin/confirm-email?wait=${claimed.waitSeconds}`);
  await sendEmailConfirmationNow(pending.customer, await getLocale());
  redirect("/signin/confirm-email?resent=1");
});
