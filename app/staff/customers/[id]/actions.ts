"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";
import { requireStaff, staffActor } from "@/lib/staff/access";
import { grantableRoles, grantRole, resetTwoStepByStaff, sendResetLinkByStaff, setDisabledByStaff, unlockByStaff, type CareOutcome } from "@/lib/staff/customer-care";

/**
 * The Customers screen's actions, for admins only. Each checks the role first (S34): an agent, a
 * customer or a signed-out visitor gets a 404 and nothing is done.
 */

function customerIn(formData: FormData): string {
  const id = z.uuid().safeParse(readFields(formData, { customer: { maxLength: 40 } }).values.customer);
  if (!id.success) notFound();
  return id.data;
}

function finish(outcome: CareOutcome, id: string, done: string): never {
  if (!outcome.ok && outcome.reason === "not_found") notFound();
  redirect(`/staff/customers/${id}?${outcome.ok ? `done=${done}` : "refused=protected"}`);
}

export const unlockCustomerAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  finish(await unlockByStaff(admin, id, await staffActor(admin)), id, "unlocked");
});

export const disableCustomerAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  const disable = readFields(formData, { disable: { maxLength: 1 } }).values.disable === "1";
  finish(await setDisabledByStaff(admin, id, disable, await staffActor(admin)), id, disable ? "disabled" : "enabled");
});

export const sendResetLinkAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  const outcome = await sendResetLinkByStaff(admin, id, await staffActor(admin));
  after(backgroundWork().runQuietly);
  finish(outcome, id, "resetSent");
});

const roleSchema = z.enum(grantableRoles);

export const setRoleAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  const role = roleSchema.safeParse(readFields(formData, { role: { maxLength: 20 } }).values.role);
  if (!role.success) redirect(`/staff/customers/${id}`);
  finish(await grantRole(admin, id, role.data, await staffActor(admin)), id, "role");
});

/** Issue 27: reset a customer's two-step verification (audited, mailed, every session ended). */
export const resetTwoStepAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = customerIn(formData);
  const outcome = await resetTwoStepByStaff(admin, id, await staffActor(admin));
  after(backgroundWork().runQuietly);
  finish(outcome, id, "twoStepReset");
});
