"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { saveProfile } from "@/lib/account/profile";
import { saveTimeZone } from "@/lib/account/time-zone";
import { recordAudit } from "@/lib/audit";
import { changePassword } from "@/lib/auth/change-password";
import { requireCustomer } from "@/lib/auth/current-customer";
import { configuredProvider, disconnectProvider } from "@/lib/auth/external-sign-in";
import { startExternalSignIn } from "@/lib/auth/external-sign-in-start";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import { clearSessionCookie, writeSessionCookie } from "@/lib/auth/session-cookie";
import { recoverAccount } from "@/lib/auth/recovery";
import { endSessionOf } from "@/lib/auth/sessions";
import { sessionPassedTwoStep } from "@/lib/auth/two-step/second-step";
import { config } from "@/lib/config";
import { setNewBrowserAlerts, setStaffMailChoices } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFieldOrNull, readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { newPasswordFields, newPasswordPairErrors } from "@/lib/http/new-password";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { countryName } from "@/lib/i18n/country-name";
import { passwordWords } from "@/lib/forms/password-words";
import { isStaff } from "@/lib/staff/access";

export type ChangePasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export const changePasswordAction = translatedForm<ChangePasswordField>(async (_previous, formData) => {
  // S34: the action checks the session itself.
  const { customer, session } = await requireCustomer("/account");
  const words = await formWords();
  const t = (key: string) => words.t(`account.${key}`);
  const form = readFields(formData, { currentPassword: { maxLength: 4096 }, ...newPasswordFields("newPassword") });
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems) };
  const { currentPassword, newPassword } = form.values;
  if (!currentPassword) return { status: "error", message: t("enterCurrent"), fieldErrors: { currentPassword: t("enterCurrent") } };
  const pair = newPasswordPairErrors("newPassword", form.values, { mismatch: t("mismatch") });
  if (pair.confirmPassword) return { status: "error", message: pair.confirmPassword, fieldErrors: pair };
  const outcome = await changePassword(customer, session, currentPassword, newPassword, requestMeta(await headers()), await getLocale());
  if (!outcome.ok) {
    if (outcome.reason === "reauthenticate") redirect("/signin?again=account&callbackUrl=%2Faccount");
    if (outcome.reason === "policy") {
      const message = (await passwordWords()).refusal(outcome.refusal);
      return { status: "error", message, fieldErrors: { newPassword: message } };
    }
    const message =
      outcome.reason === "throttled" ? words.tooManyAttempts(outcome.retryAfterSeconds) : t(outcome.reason === "wrong_password" ? "wrongCurrent" : "signInAgain");
    return { status: "error", message, fieldErrors: { currentPassword: message } };
  }
  // Note: a redirect, not a returned state: the page must be rendered by a request that carries the
  // re-issued cookie, or it would read the session it has just ended.
  redirect("/account?password=changed");
});

/** "Sign out of all devices", this one included (S33). */
export const signOutEverywhereAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account");
  const meta = requestMeta(await headers());
  await (await db()).transaction((tx) => recoverAccount(tx, customer.id, "sign_out_everywhere", { meta }));
  await clearSessionCookie();
  redirect("/signin");
});

/**
 * "Connect": the provider's sign-in, linked to this customer on the way back. Issue 22, S48: a new
 * way in needs a recent sign-in that passed every step; the provider's callback checks it again
 * (auth.ts), since that is where the link is made.
 */
export const connectProviderAction = guardPlainForm(async (formData) => {
  const { customer, session } = await requireCustomer("/account");
  if (!(await hasRecentFullSignIn(customer, session))) redirect("/signin?again=account&callbackUrl=%2Faccount%23external-heading");
  const provider = configuredProvider(readFieldOrNull(formData, "provider", 100));
  if (!provider) redirect("/account");
  await startExternalSignIn(provider.id, "/account");
});

export const disconnectProviderAction = guardPlainForm(async (formData) => {
  const { customer } = await requireCustomer("/account");
  const provider = configuredProvider(readFieldOrNull(formData, "provider", 100));
  const outcome = provider ? await disconnectProvider(customer.id, provider, requestMeta(await headers()), await getLocale()) : ({ ok: false, refusal: "not_connected" } as const);
  redirect(outcome.ok ? "/account?disconnected=1" : `/account?refused=${outcome.refusal}`);
});


/** "Set a password" for a customer who has only an external identity: the reset link, by email. */
export const setPasswordAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account");
  await requestPasswordReset(customer.email, requestMeta(await headers()), await getLocale());
  redirect("/account?password=link-sent");
});

export type ProfileField = "name" | "phone";

/** "Save details": name and phone (issue 16). */
export const saveProfileAction = translatedForm<ProfileField>(async (_previous, formData) => {
  const { customer } = await requireCustomer("/account");
  const words = await formWords();
  const form = readFields(formData, { name: { maxLength: 1024 }, phone: { maxLength: 64 } });
  const values = { name: form.values.name.slice(0, 200), phone: form.values.phone };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const outcome = await saveProfile(customer, form.values, requestMeta(await headers()));
  if (!outcome.ok) {
    const country = await countryName(config().phoneDefaultCountry);
    const fieldErrors = {
      ...(outcome.problems.name && { name: words.t("account.nameTooLong") }),
      ...(outcome.problems.phone && { phone: words.t(`account.${phoneMessages[outcome.problems.phone]}`, { country }) }),
    };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  // The header shows the name too: render the layout again, not only the page.
  revalidatePath("/", "layout");
  redirect("/account?details=saved");
});

export type TimeZoneField = "timeZone";

/** "Save time zone" (issue 26): empty follows the browser; anything else must be a zone we know. */
export const saveTimeZoneAction = translatedForm<TimeZoneField>(async (_previous, formData) => {
  const { customer } = await requireCustomer("/account");
  const words = await formWords();
  const form = readFields(formData, { timeZone: { maxLength: 64 } });
  const values = { timeZone: form.values.timeZone.slice(0, 64) };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const outcome = await saveTimeZone(customer, form.values.timeZone, requestMeta(await headers()));
  if (!outcome.ok) {
    const message = words.t("account.timeZone.unknown");
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { timeZone: message }, values };
  }
  redirect("/account?time-zone=saved#time-zone-heading");
});

const phoneMessages = { invalid: "phoneInvalid", tooShort: "phoneTooShort", tooLong: "phoneTooLong" } as const;

/** "Security alerts": whether sign-ins from new browsers are mailed (issue 16; the others always are). */
export const saveAlertsAction = guardPlainForm(async (formData) => {
  const { customer } = await requireCustomer("/account");
  const on = readFieldOrNull(formData, "newBrowser", 10) === "on";
  if (on !== customer.newBrowserAlerts) {
    await setNewBrowserAlerts(customer.id, on);
    await recordAudit({ event: "new_browser_alerts_changed", customerId: customer.id, meta: requestMeta(await headers()), details: { on } });
  }
  redirect("/account?alerts=saved#alerts-heading");
});

/**
 * Issue 27: which support-team mails a staff member receives. A customer has no such choice: the
 * support team's screens, which answer a customer "Page not found" with 404, like any staff address.
 * Issue 17: these are staff settings, so a staff session that has not passed two-step verification
 * takes it first, as on every staff screen (otherwise a password alone could silence someone's
 * new-work mail).
 */
export const saveStaffMailAction = guardPlainForm(async (formData) => {
  const { customer, session } = await requireCustomer("/account");
  if (!isStaff(customer)) pageNotFoundAt("/staff");
  if (!(await sessionPassedTwoStep(session.sid))) redirect(`/signin/two-step/staff?callbackUrl=${encodeURIComponent("/account")}`);
  const on = (name: string) => readFieldOrNull(formData, name, 10) === "on";
  await setStaffMailChoices(customer.id, { notifyNewWork: on("notifyNewWork"), notifyAssignments: on("notifyAssignments"), notifyCustomerReplies: on("notifyCustomerReplies") });
  redirect("/account?staff-mail=saved#staff-mail-heading");
});

/** "Sign out" of one other device, from "Where you're signed in" (issue 16, S33). */
export const signOutDeviceAction = guardPlainForm(async (formData) => {
  const { customer, session } = await requireCustomer("/account");
  const sessionId = readFieldOrNull(formData, "session", 100) ?? "";
  // This device signs out with "Sign out" in the header, which also clears its cookie.
  const ended = sessionId !== "" && sessionId !== session.sid && (await endSessionOf(customer.id, sessionId));
  if (ended) await recordAudit({ event: "device_signed_out", customerId: customer.id, meta: requestMeta(await headers()) });
  redirect(`/account?device=${ended ? "signed-out" : "not-found"}#devices-heading`);
});

/**
 * "Sign out of all other devices": this one stays signed in (S23, S33). Every other session's row
 * ends and the session version moves on, so a sign-in being made elsewhere at this moment is void
 * too; a sign-in waiting for its second step and remembered browsers end as well
 * (lib/auth/recovery.ts). This session goes on with a cookie carrying the new version.
 */
export const signOutOtherDevicesAction = guardPlainForm(async () => {
  const { customer, session } = await requireCustomer("/account");
  const meta = requestMeta(await headers());
  const { sessionVersion } = await (await db()).transaction((tx) =>
    recoverAccount(tx, customer.id, "sign_out_other_devices", { keepSessionId: session.sid, keepSessionVersion: session.sv, meta }),
  );
  await writeSessionCookie({ ...session, sv: sessionVersion });
  redirect("/account?device=others-signed-out#devices-heading");
});
