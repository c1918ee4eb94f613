"use server";

import { getLocale } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { requireCustomer } from "@/lib/auth/current-customer";
import { hasRecentFullSignIn } from "@/lib/auth/recent-sign-in";
import {
  addCustomerPasskey,
  removeCustomerPasskey,
  renameCustomerPasskey,
  renewRecoveryCodes,
  startTurningOnEmailCodes,
  turnOffMethod,
  turnOnAuthenticatorApp,
  turnOnEmailCodes,
} from "@/lib/auth/two-step/manage";
import { authenticatorAppMethod } from "@/lib/auth/two-step/methods/authenticator-app";
import { emailCodeMethod } from "@/lib/auth/two-step/methods/email-code";
import { PASSKEY_NAME_MAX_LENGTH, passkeyRegistrationOptions } from "@/lib/auth/two-step/passkeys";
import { secondStepMethod } from "@/lib/auth/two-step/second-step";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readField, readFields, type FormState } from "@/lib/http/form";
import { formWords, translatedForm } from "@/lib/forms/form-words";

/**
 * The Two-step verification section of /account (issue 17). S34: every action checks the session
 * itself; each change is audited and mailed by lib/auth/two-step/manage.ts.
 */
async function change() {
  const { customer, session } = await requireRecentSignIn();
  return { customer, meta: requestMeta(await headers()), locale: await getLocale(), sessionId: session.sid };
}

/**
 * A stolen session (or an unattended browser) must not add a passkey, make new recovery codes or
 * turn two-step verification off: these changes need a sign-in in the last 10 minutes that passed
 * every step (S48), else the customer signs in again — with the password and the second step — and
 * comes back.
 */
async function requireRecentSignIn() {
  const signedIn = await requireCustomer("/account");
  if (!(await hasRecentFullSignIn(signedIn.customer, signedIn.session))) redirect("/signin?again=two-step&callbackUrl=%2Faccount%23two-step-heading");
  return signedIn;
}

function done(key: string): never {
  redirect(`/account?two-step=${key}#two-step-heading`);
}

export type CodeField = "code";
export type RecoveryCodesState = FormState<CodeField | "recoveryCodes">;

async function readCode(formData: FormData): Promise<{ code: string } | { state: RecoveryCodesState }> {
  const words = await formWords();
  const read = readField(formData, "code", { maxLength: 64 });
  if (!("value" in read)) return { state: { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems({ code: read.problem }) } };
  if (!read.value.trim()) return { state: { status: "error", message: words.t("twoStep.enterCode"), fieldErrors: { code: words.t("twoStep.enterCode") } } };
  return { code: read.value };
}

/** Recovery codes made with the first method are shown once, in the answer; otherwise back to /account. */
async function turnedOn(outcome: { ok: true; recoveryCodes: string[] | null }, key: string): Promise<RecoveryCodesState> {
  if (!outcome.recoveryCodes) done(key);
  return { status: "success", values: { recoveryCodes: outcome.recoveryCodes.join(" ") } };
}

/** "Set up" / "Turn on" of a method on /account: its start (a QR code, a mailed code), then its page. */
export const startMethodSetUpAction = guardPlainForm(async (formData) => {
  const { customer } = await requireRecentSignIn();
  const setUp = secondStepMethod(readFields(formData, { method: { maxLength: 40 } }).values.method)?.account;
  if (!setUp) redirect("/account");
  await setUp.start(customer, await getLocale());
  redirect(setUp.setUpPath);
});

export const confirmAuthenticatorAction = translatedForm<CodeField | "recoveryCodes">(async (_previous, formData) => {
  const read = await readCode(formData);
  if ("state" in read) return read.state;
  const outcome = await turnOnAuthenticatorApp(await change(), read.code);
  if (!outcome.ok) {
    const message = (await formWords()).t("twoStep.wrong");
    return { status: "error", message, fieldErrors: { code: message } };
  }
  return turnedOn(outcome, `${authenticatorAppMethod.id}_on`);
});

export const confirmEmailCodesAction = translatedForm<CodeField | "recoveryCodes">(async (_previous, formData) => {
  const read = await readCode(formData);
  if ("state" in read) return read.state;
  const outcome = await turnOnEmailCodes(await change(), read.code);
  if (!outcome.ok) {
    const message = (await formWords()).t("spent" in outcome ? "twoStep.spent" : "twoStep.wrong");
    return { status: "error", message, fieldErrors: { code: message } };
  }
  return turnedOn(outcome, `${emailCodeMethod.id}_on`);
});

export const resendEmailCodesAction = guardPlainForm(async () => {
  const { customer } = await requireCustomer("/account");
  await startTurningOnEmailCodes(customer, await getLocale());
  redirect("/account/two-step/email?resent=1");
});

export const turnOffMethodAction = guardPlainForm(async (formData) => {
  const method = secondStepMethod(readFields(formData, { method: { maxLength: 40 } }).values.method);
  if (!method?.account) redirect("/account");
  const outcome = await turnOffMethod(await change(), method.id);
  done(outcome === "required" ? "required" : `${method.id}_off`);
});

export const renewRecoveryCodesAction = translatedForm<CodeField | "recoveryCodes">(async () => {
  const codes = await renewRecoveryCodes(await change());
  if (!codes) return { status: "error", message: (await formWords()).t("twoStep.recoveryCodes.off") };
  return { status: "success", values: { recoveryCodes: codes.join(" ") } };
});

/** The browser's part of adding a passkey: options and a challenge bound to this browser. */
export const passkeyRegistrationOptionsAction = translatedForm<"options">(async () => {
  const { customer } = await requireRecentSignIn();
  return { status: "success", values: { options: JSON.stringify(await passkeyRegistrationOptions(customer)) } };
});

export const addPasskeyAction = translatedForm<"name">(async (_previous, formData) => {
  const words = await formWords();
  const form = readFields(formData, { name: { maxLength: PASSKEY_NAME_MAX_LENGTH }, response: { maxLength: 16_384 } });
  if (form.problems.name) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems({ name: form.problems.name }) };
  if (!form.values.name.trim()) return { status: "error", message: words.t("twoStep.account.passkeys.nameRequired"), fieldErrors: { name: words.t("twoStep.account.passkeys.nameRequired") } };
  const added = form.ok ? await addCustomerPasskey(await change(), form.values.response, form.values.name) : null;
  if (!added) return { status: "error", message: words.t("twoStep.account.passkeys.addFailed"), values: { name: form.values.name } };
  done("passkey_added");
});

export const renamePasskeyAction = guardPlainForm(async (formData) => {
  const form = readFields(formData, { id: { maxLength: 1024 }, name: { maxLength: PASSKEY_NAME_MAX_LENGTH } });
  if (!form.ok || !form.values.name.trim()) redirect("/account#passkeys-heading");
  await renameCustomerPasskey(await change(), form.values.id, form.values.name);
  done("passkey_renamed");
});

export const removePasskeyAction = guardPlainForm(async (formData) => {
  const read = readField(formData, "id", { maxLength: 1024 });
  if ("value" in read) await removeCustomerPasskey(await change(), read.value);
  done("passkey_removed");
});
