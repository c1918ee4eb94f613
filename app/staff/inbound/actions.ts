"use server";

import { notFound, redirect } from "next/navigation";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { requireStaff, staffActor } from "@/lib/staff/access";
import { discardHeldMail, postHeldMail } from "@/lib/support/inbound/held-mail";

/**
 * Held mail's "Post to the case" and "Discard" (issue 28), for agents and admins. Each checks the
 * role first (S34): a customer or a signed-out visitor gets a 404 and nothing is done.
 */

function idIn(formData: FormData): number {
  const raw = readFields(formData, { id: { maxLength: 19 } }).values.id ?? "";
  if (!/^[1-9]\d{0,15}$/.test(raw)) notFound();
  return Number(raw);
}

export const postHeldMailAction = guardPlainForm(async (formData) => {
  const staff = await requireStaff("agent");
  const id = idIn(formData);
  const outcome = await postHeldMail(staff, id, await staffActor(staff));
  redirect(outcome.ok ? `/staff/inbound?done=posted&case=${outcome.caseId}` : `/staff/inbound?refused=${outcome.reason}`);
});

export const discardHeldMailAction = guardPlainForm(async (formData) => {
  const staff = await requireStaff("agent");
  const id = idIn(formData);
  const outcome = await discardHeldMail(staff, id, await staffActor(staff));
  redirect(outcome.ok ? "/staff/inbound?done=discarded" : `/staff/inbound?refused=${outcome.reason}`);
});
