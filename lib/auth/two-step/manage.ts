import { recordAudit, type AuditActor } from "@/lib/audit";
import { setEmailCodeRequired } from "@/lib/customers/customers";
import { lockCustomer } from "@/lib/customers/lookup";
import { db, type Executor } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { confirmAuthenticatorSetUp } from "@/lib/auth/two-step/authenticator-app";
import { sendEmailCodeNow, spendEmailCode } from "@/lib/auth/two-step/email-code";
import { authenticatorAppMethod } from "@/lib/auth/two-step/methods/authenticator-app";
import { emailCodeMethod } from "@/lib/auth/two-step/methods/email-code";
import { recoveryCodeMethod } from "@/lib/auth/two-step/methods/recovery-code";
import { sendTwoStepNotice } from "@/lib/auth/two-step/notices";
import { addPasskey, dropPasskeys, passkeyWayIn, removePasskey, renamePasskey, type Passkey } from "@/lib/auth/two-step/passkeys";
import { makeRecoveryCodes, recoveryCodesLeft } from "@/lib/auth/two-step/recovery-codes";
import { secondStepMethods } from "@/lib/auth/two-step/methods";
import { secondStepMethod, twoStepState } from "@/lib/auth/two-step/second-step";
import { recoverAccount } from "@/lib/auth/recovery";
import { createUndoWayInLink } from "@/lib/auth/undo-way-in";
import { now } from "@/lib/clock";
import { trustStartOf } from "@/lib/auth/sessions";
import { forgetTrustedBrowsers } from "@/lib/auth/two-step/trusted-browser";

/**
 * A customer's own changes to their second steps on /account, and support's reset (issue 17).
 * Every change is audited and mailed (lib/auth/two-step/notices.ts) in the transaction that makes
 * it. Turning a method off forgets every remembered browser; when the last one goes, the recovery
 * codes go with it. A customer who must use two-step verification (MFA=required, staff) cannot
 * turn off their last method.
 */
type Change = { customer: Customer; meta: RequestMeta; locale: string | null; sessionId?: string };

/**
 * What the undo link of an app or of new codes removes from: the adding session's trust start, as
 * for a passkey (issue 22) — a thief who added a passkey and then the app loses both to the app's
 * "This wasn't me". Now when no session asked.
 */
async function addedSince(tx: Executor, change: Change): Promise<Date> {
  return (change.sessionId ? await trustStartOf(change.sessionId, tx) : null) ?? now();
}

/** New recovery codes for a customer who has none left unused, shown once. */
async function firstRecoveryCodes(tx: Executor, { customer, meta }: Change): Promise<string[] | null> {
  if ((await recoveryCodesLeft(customer.id, tx)) > 0) return null;
  const codes = await makeRecoveryCodes(tx, customer.id);
  await recordAudit({ event: "recovery_codes_generated", customerId: customer.id, meta }, tx);
  return codes;
}

export type TurnedOn = { ok: true; recoveryCodes: string[] | null } | { ok: false };

/** The authenticator app's first code: on, mailed, and recovery codes when the customer has none. */
export async function turnOnAuthenticatorApp(change: Change, code: string): Promise<TurnedOn> {
  if (!(await confirmAuthenticatorSetUp(change.customer.id, code))) return { ok: false };
  const recoveryCodes = await (await db()).transaction(async (tx) => {
    await recordAudit({ event: "two_step_enabled", customerId: change.customer.id, meta: change.meta, details: { method: authenticatorAppMethod.id } }, tx);
    const notMeUrl = await createUndoWayInLink(tx, change.customer.id, authenticatorAppMethod.wayIn.kind, null, await addedSince(tx, change));
    await sendTwoStepNotice(tx, change.customer, "authenticator_app_on", change.meta, { notMeUrl }, change.locale);
    return firstRecoveryCodes(tx, change);
  });
  return { ok: true, recoveryCodes };
}

/** "Turn on email codes" first mails a code, so the customer knows the codes reach them. */
export async function startTurningOnEmailCodes(customer: Customer, locale: string | null) {
  await sendEmailCodeNow(customer, "turn_on", locale);
}

export async function turnOnEmailCodes(change: Change, code: string): Promise<TurnedOn | { ok: false; spent: true }> {
  const check = await spendEmailCode(change.customer.id, "turn_on", code);
  if (check === "spent") return { ok: false, spent: true };
  if (check !== "ok") return { ok: false };
  const recoveryCodes = await (await db()).transaction(async (tx) => {
    if (await setEmailCodeRequired(tx, change.customer.id, true)) {
      await recordAudit({ event: "two_step_enabled", customerId: change.customer.id, meta: change.meta, details: { method: emailCodeMethod.id } }, tx);
      await sendTwoStepNotice(tx, change.customer, "email_code_on", change.meta, {}, change.locale);
    }
    return firstRecoveryCodes(tx, change);
  });
  return { ok: true, recoveryCodes };
}

export type TurnOff = "off" | "required" | "not_on";

/**
 * Turns one method off (any the table says is turned off on /account); refused when it is the last
 * that keeps two-step verification on and two-step verification is required.
 */
export async function turnOffMethod(change: Change, methodId: string): Promise<TurnOff> {
  const state = await twoStepState(change.customer);
  const method = secondStepMethod(methodId);
  if (!method?.account || !state.setUp.includes(method.id)) return "not_on";
  const turnOff = method.account;
  const othersOn = state.setUp.some((id) => id !== method.id && secondStepMethod(id)?.turnsTwoStepOn);
  if (state.required && !othersOn) return "required";
  await (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, change.customer.id);
    await turnOff.turnOff(tx, change.customer.id);
    await forgetTrustedBrowsers(tx, change.customer.id);
    // The last method that turns two-step verification on takes the ones that only stand in for it (recovery codes).
    if (!othersOn) for (const standIn of secondStepMethods.filter((other) => !other.turnsTwoStepOn)) await standIn.removeAll(tx, change.customer.id);
    await recordAudit({ event: "two_step_disabled", customerId: change.customer.id, meta: change.meta, details: { method: method.id, stillOn: othersOn } }, tx);
    await sendTwoStepNotice(tx, change.customer, turnOff.offNotice, change.meta, {}, change.locale);
  });
  return "off";
}

/** New recovery codes (every earlier one stops working), shown once; null while two-step verification is off. */
export async function renewRecoveryCodes(change: Change): Promise<string[] | null> {
  if (!(await twoStepState(change.customer)).on) return null;
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, change.customer.id);
    const codes = await makeRecoveryCodes(tx, change.customer.id);
    await recordAudit({ event: "recovery_codes_generated", customerId: change.customer.id, meta: change.meta }, tx);
    const notMeUrl = await createUndoWayInLink(tx, change.customer.id, recoveryCodeMethod.wayIn.kind, null, await addedSince(tx, change));
    await sendTwoStepNotice(tx, change.customer, "recovery_codes_new", change.meta, { notMeUrl }, change.locale);
    return codes;
  });
}

export async function addCustomerPasskey(change: Change, responseJson: string, name: string): Promise<Passkey | null> {
  // Issue 22: the passkey carries where the adding session's trust began, for sessions signed in with it.
  const added = await addPasskey(change.customer.id, responseJson, name, change.sessionId ? await trustStartOf(change.sessionId) : null, change.sessionId);
  if (!added) return null;
  await (await db()).transaction(async (tx) => {
    await recordAudit({ event: "passkey_added", customerId: change.customer.id, meta: change.meta, details: { passkey: added.id.slice(0, 16) } }, tx);
    const notMeUrl = await createUndoWayInLink(tx, change.customer.id, passkeyWayIn.kind, added.id, added.trustStart ?? added.createdAt);
    await sendTwoStepNotice(tx, change.customer, "passkey_added", change.meta, { passkeyName: added.name, notMeUrl }, change.locale);
  });
  return added;
}

export async function renameCustomerPasskey(change: Change, id: string, name: string): Promise<boolean> {
  if (!(await renamePasskey(change.customer.id, id, name))) return false;
  await recordAudit({ event: "passkey_renamed", customerId: change.customer.id, meta: change.meta, details: { passkey: id.slice(0, 16) } });
  return true;
}

export async function removeCustomerPasskey(change: Change, id: string): Promise<boolean> {
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, change.customer.id);
    const removed = await removePasskey(tx, change.customer.id, id);
    if (!removed) return false;
    await recordAudit({ event: "passkey_removed", customerId: change.customer.id, meta: change.meta, details: { passkey: id.slice(0, 16) } }, tx);
    await sendTwoStepNotice(tx, change.customer, "passkey_removed", change.meta, { passkeyName: removed.name }, change.locale);
    return true;
  });
}

/**
 * Support's answer to a customer who lost every factor (`npm run user -- reset-mfa`): the
 * authenticator app, email codes, recovery codes, passkeys, remembered browsers and sessions all
 * go (lib/auth/recovery.ts). The customer is mailed; under MFA=required (and for staff) their next sign-in sends an email code.
 */
export async function resetTwoStep(customer: Customer, actor: AuditActor): Promise<{ passkeys: number }> {
  return (await db()).transaction(async (tx) => {
    // The account first (lockCustomer, S49).
    await lockCustomer(tx, customer.id);
    // Every method in the table goes, whatever it keeps.
    for (const method of secondStepMethods) await method.removeAll(tx, customer.id);
    const passkeys = await dropPasskeys(tx, customer.id);
    await recoverAccount(tx, customer.id, "two_step_reset", { meta: actor.meta });
    await recordAudit({ event: "two_step_reset", customerId: customer.id, actorId: actor.actorId, meta: actor.meta, details: { passkeys } }, tx);
    await sendTwoStepNotice(tx, customer, "reset_by_support", null, {}, null);
    return { passkeys };
  });
}
