"use server";

import { after } from "next/server";
import { notFound, redirect } from "next/navigation";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { retryDeadJobByStaff, retryDeadMailByStaff } from "@/lib/operations/dead-work";
import { backgroundWork } from "@/lib/server/background-work";
import { requireStaff, staffActor } from "@/lib/staff/access";

/**
 * The health page's "Try again" buttons, for admins only. Each checks the role first (S34): an
 * agent, a customer or a signed-out visitor gets a 404 and nothing is done.
 */

function idIn(formData: FormData): number {
  const raw = readFields(formData, { id: { maxLength: 19 } }).values.id ?? "";
  if (!/^[1-9]\d{0,15}$/.test(raw)) notFound();
  return Number(raw);
}

export const retryDeadMailAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = idIn(formData);
  const outcome = await retryDeadMailByStaff(admin, id, await staffActor(admin));
  if (outcome.ok) after(backgroundWork().runQuietly);
  redirect(outcome.ok ? `/staff/health?done=mail&id=${id}` : "/staff/health?refused=gone");
});

export const retryDeadJobAction = guardPlainForm(async (formData) => {
  const admin = await requireStaff("admin");
  const id = idIn(formData);
  const outcome = await retryDeadJobByStaff(admin, id, await staffActor(admin));
  if (outcome.ok) after(backgroundWork().runQuietly);
  redirect(outcome.ok ? `/staff/health?done=job&id=${id}` : "/staff/health?refused=gone");
});
