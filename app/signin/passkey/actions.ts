"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { finishSignIn } from "@/lib/auth/finish-sign-in";
import { recordAudit } from "@/lib/audit";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { landingPath } from "@/lib/staff/access";
import { passkeySignInOptions, signInWithPasskey } from "@/lib/auth/two-step/passkeys";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { consumeLimit, reservePoint } from "@/lib/http/rate-limit";
import { formWords, translatedForm } from "@/lib/forms/form-words";

/** The browser's part of "Sign in with a passkey": a fresh challenge, bound to this browser. */
export const passkeyOptionsAction = translatedForm<"options">(async () => {
  const started = await consumeLimit("passkeyCeremoniesPerIp", requestMeta(await headers()).ip);
  if (started.limited) return { status: "error", message: (await formWords()).tooManyAttempts(started.retryAfterSeconds) };
  return { status: "success", values: { options: JSON.stringify(await passkeySignInOptions()) } };
});

/**
 * The passkey's answer (issue 17): both steps at once. A failure spends a point of the client's
 * allowance for failed sign-ins (S28), given back when it passes; the message is one for every cause.
 */
export const passkeySignInAction = translatedForm<"response">(async (_previous, formData) => {
  const words = await formWords();
  const form = readFields(formData, { response: { maxLength: 16_384 }, callbackUrl: { maxLength: 2048 }, remember: { maxLength: 10 } });
  const meta = requestMeta(await headers());
  const client = await reservePoint("signInFailuresPerIp", meta.ip);
  if (client.limited) return { status: "error", message: words.tooManyAttempts(client.retryAfterSeconds) };
  const signedIn = form.ok ? await signInWithPasskey(form.values.response) : null;
  if (!signedIn) {
    await recordAudit({ event: "passkey_sign_in_failed", meta });
    return { status: "error", message: words.t("twoStep.passkey.failed") };
  }
  await client.giveBack();
  const { customer } = signedIn;
  await finishSignIn(customer, { by: "passkey", passkeyId: signedIn.passkey.id, trustStart: signedIn.passkey.trustStart }, { remember: form.values.remember === "on", meta, locale: await getLocale() });
  redirect(landingPath(customer, safeCallbackPath(form.values.callbackUrl)));
});
