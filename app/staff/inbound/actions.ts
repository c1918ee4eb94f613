"use server";

import { rowIdIn, staffAction } from "@/lib/staff/staff-action";
import { discardHeldMail, postHeldMail } from "@/lib/support/inbound/held-mail";

/**
 * Held mail's "Post to the case" and "Discard" (issue 28), for agents and admins. Each checks the
 * role first (S34): a customer or a signed-out visitor gets a 404 and nothing is done.
 */

export const postHeldMailAction = staffAction("agent", async (staff, formData, actor) => {
  const outcome = await postHeldMail(staff, rowIdIn(formData), actor);
  return outcome.ok ? { path: "/staff/inbound", done: "posted", query: { case: String(outcome.caseId) } } : { path: "/staff/inbound", refused: outcome.reason };
});

export const discardHeldMailAction = staffAction("agent", async (staff, formData, actor) => {
  const outcome = await discardHeldMail(staff, rowIdIn(formData), actor);
  return outcome.ok ? { path: "/staff/inbound", done: "discarded" } : { path: "/staff/inbound", refused: outcome.reason };
});
