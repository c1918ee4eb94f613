"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { usernameSchema } from "@/lib/customers/account-fields";
import { requestMeta } from "@/lib/http/client-ip";
import { readFields } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { completeRegistration, registrationCookieName } from "@/lib/registration/registration";
import { mailedLinkCookieOptions } from "@/lib/auth/mailed-links";

export type ConfirmRegistrationField = "username";

/** "Create my account": the link's token (in its cookie) becomes a customer, once (S11). */
export const confirmRegistrationAction = translatedForm<ConfirmRegistrationField>(async (_previous, formData) => {
  const words = await formWords();
  const form = readFields(formData, { username: { maxLength: 1024 } });
  let username: string | undefined;
  if (form.values.username) {
    const parsed = usernameSchema.safeParse(form.values.username);
    if (!parsed.success) return { status: "error", message: words.t(parsed.error.issues[0].message), fieldErrors: { username: words.t(parsed.error.issues[0].message) }, values: { username: form.values.username.slice(0, 64) } };
    username = parsed.data;
  }
  const jar = await cookies();
  const outcome = await completeRegistration(jar.get(registrationCookieName())?.value, requestMeta(await headers()), username);
  if (!outcome.ok && outcome.reason === "too_many_tries") {
    const message = words.t("registration.tooManyUsernames", { minutes: Math.ceil(outcome.retryAfterSeconds / 60) });
    return { status: "error", message, fieldErrors: { username: message }, values: { username: username ?? "" } };
  }
  // Rule R1: only the address's owner (who followed the link in its mail) is told which name was taken.
  if (!outcome.ok && outcome.reason === "username_taken") {
    const message = words.t("registration.usernameTaken", { username: outcome.username });
    return { status: "error", message, fieldErrors: { username: message }, values: { username: outcome.username } };
  }
  jar.set(registrationCookieName(), "", mailedLinkCookieOptions(0));
  if (!outcome.ok) redirect(outcome.reason === "already_registered" ? "/register/done?already=1" : "/register/confirm?expired=1");
  redirect("/register/done");
});
