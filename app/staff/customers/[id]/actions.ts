"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { config } from "@/lib/config";
import { readFields } from "@/lib/http/form";
import { pageNotFoundAt } from "@/lib/http/page-not-found";
import { countryName } from "@/lib/i18n/country-name";
import { formWords, translatedForm } from "@/lib/forms/form-words";
import { requireStaff, staffActor } from "@/lib/staff/access";
import {
  changeEmailByStaff,
  correctProfileByStaff,
  grantableRoles,
  grantRole,
  openCaseByStaff,
  resendConfirmationByStaff,
  resetTwoStepByStaff,
  sendResetLinkByStaff,
  setDisabledByStaff,
  unlockByStaff,
  type CareOutcome,
} from "@/lib/staff/customer-care";
import { staffAction, type StaffActionEnd } from "@/lib/staff/staff-action";
import { prioritySchema } from "@/lib/support/case-conversation";
import { newCaseSchema } from "@/lib/support/cases";

/**
 * The Customers screen's actions. Each checks the role first (S34): admins for the CLI's powers,
 * agents for the everyday work for a customer (issue 27) — anyone without the role gets a 404 and
 * nothing is done.
 */

const customerPath = (id: string) => `/staff/customers/${id}`;

/**
 * A customer who is gone (or a customer field that is no customer's id): their page, which answers
 * "Page not found" with 404 also without JavaScript; no customer's id is 0.
 */
function customerNotFound(id: string | null): never {
  pageNotFoundAt(customerPath(id ?? "0"));
}

function customerIn(formData: FormData): string {
  const id = z.uuid().safeParse(readFields(formData, { customer: { maxLength: 40 } }).values.customer);
  if (!id.success) customerNotFound(null);
  return id.data;
}

function ended(outcome: CareOutcome, id: string, done: string): StaffActionEnd {
  if (outcome.ok) return { path: customerPath(id), done };
  if (outcome.reason === "not_found") customerNotFound(id);
  return { path: customerPath(id), refused: outcome.reason };
}

export const unlockCustomerAction = staffAction("admin", async (admin, formData, actor) => {
  const id = customerIn(formData);
  return ended(await unlockByStaff(admin, id, actor), id, "unlocked");
});

export const disableCustomerAction = staffAction("admin", async (admin, formData, actor) => {
  const id = customerIn(formData);
  const disable = readFields(formData, { disable: { maxLength: 1 } }).values.disable === "1";
  return ended(await setDisabledByStaff(admin, id, disable, actor), id, disable ? "disabled" : "enabled");
});

export const sendResetLinkAction = staffAction("admin", async (admin, formData, actor) => {
  const id = customerIn(formData);
  return ended(await sendResetLinkByStaff(admin, id, actor), id, "resetSent");
});

const roleSchema = z.enum(grantableRoles);

export const setRoleAction = staffAction("admin", async (admin, formData, actor) => {
  const id = customerIn(formData);
  const role = roleSchema.safeParse(readFields(formData, { role: { maxLength: 20 } }).values.role);
  if (!role.success) redirect(customerPath(id));
  return ended(await grantRole(admin, id, role.data, actor), id, "role");
});

/** Issue 27: reset a customer's two-step verification (audited, mailed, every session ended). */
export const resetTwoStepAction = staffAction("admin", async (admin, formData, actor) => {
  const id = customerIn(formData);
  return ended(await resetTwoStepByStaff(admin, id, actor), id, "twoStepReset");
});

/** Issue 27: a new confirmation link for an address nobody has confirmed (agents; limited per customer). */
export const resendConfirmationAction = staffAction("agent", async (agent, formData, actor) => {
  const id = customerIn(formData);
  return ended(await resendConfirmationByStaff(agent, id, actor), id, "confirmationSent");
});

export type OpenCaseField = "subject" | "category" | "description" | "priority";

const openCaseSchema = newCaseSchema.extend({ priority: prioritySchema });

/** Issue 27: an agent opens a case on the customer's behalf (someone on the phone). */
export const openCaseAction = translatedForm<OpenCaseField>(async (_previous, formData) => {
  const agent = await requireStaff("agent");
  const id = customerIn(formData);
  const words = await formWords();
  const form = readFields(formData, { subject: { maxLength: 1000 }, category: { maxLength: 100 }, description: { maxLength: 20_000, multiline: true }, priority: { maxLength: 20 } });
  const parsed = openCaseSchema.safeParse(form.values);
  if (!form.ok || !parsed.success) {
    const fieldErrors = { ...(parsed.success ? {} : words.issues<OpenCaseField>(parsed.error.issues)), ...words.problems(form.problems) };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values: form.values };
  }
  const outcome = await openCaseByStaff(agent, id, parsed.data, await staffActor(agent));
  if (!outcome.ok) customerNotFound(id);
  redirect(`/staff/cases/${outcome.caseId}?done=openedForCustomer`);
});

export type CorrectDetailsField = "name" | "phone";

const phoneMessages = { invalid: "phoneInvalid", tooShort: "phoneTooShort", tooLong: "phoneTooLong" } as const;

/** Issue 27: an agent corrects the customer's name and phone number (read as /account reads them). */
export const correctDetailsAction = translatedForm<CorrectDetailsField>(async (_previous, formData) => {
  const agent = await requireStaff("agent");
  const id = customerIn(formData);
  const words = await formWords();
  const form = readFields(formData, { name: { maxLength: 1024 }, phone: { maxLength: 64 } });
  const values = { name: form.values.name.slice(0, 200), phone: form.values.phone.slice(0, 64) };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const outcome = await correctProfileByStaff(agent, id, form.values, await staffActor(agent));
  if (!outcome.ok && outcome.reason === "not_found") customerNotFound(id);
  if (!outcome.ok && outcome.reason === "invalid") {
    const country = await countryName(config().phoneDefaultCountry);
    const fieldErrors = {
      ...(outcome.problems.name && { name: words.t("account.nameTooLong") }),
      ...(outcome.problems.phone && { phone: words.t(`account.${phoneMessages[outcome.problems.phone]}`, { country }) }),
    };
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors, values };
  }
  redirect(`${customerPath(id)}?done=detailsCorrected`);
});

export type ChangeEmailField = "email";

/** Issue 27: an admin changes the customer's email address (the customer's own change, started for them). */
export const changeEmailAction = translatedForm<ChangeEmailField>(async (_previous, formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  const words = await formWords();
  const form = readFields(formData, { email: { maxLength: 1000 } });
  const values = { email: form.values.email.slice(0, 254) };
  if (!form.ok) return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: words.problems(form.problems), values };
  const outcome = await changeEmailByStaff(admin, id, form.values.email, await staffActor(admin));
  if (!outcome.ok && outcome.reason === "not_found") customerNotFound(id);
  if (!outcome.ok && outcome.reason === "protected") return { status: "error", message: words.t("staff.customer.refused.protected"), values };
  if (!outcome.ok) {
    const message = words.t(`staff.customer.emailRefused.${outcome.reason}`);
    return { status: "error", message: words.t("fields.correctBelow"), fieldErrors: { email: message }, values };
  }
  redirect(`${customerPath(id)}?done=emailChangeStarted`);
});
