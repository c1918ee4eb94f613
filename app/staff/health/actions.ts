"use server";

import { retryDeadJobByStaff, retryDeadMailByStaff } from "@/lib/operations/dead-work";
import { rowIdIn, staffAction } from "@/lib/staff/staff-action";

/**
 * The health page's "Try again" buttons, for admins only. Each checks the role first (S34): an
 * agent, a customer or a signed-out visitor gets a 404 and nothing is done.
 */

export const retryDeadMailAction = staffAction("admin", async (admin, formData, actor) => {
  const id = rowIdIn(formData);
  const outcome = await retryDeadMailByStaff(admin, id, actor);
  return outcome.ok ? { path: "/staff/health", done: "mail", query: { id: String(id) } } : { path: "/staff/health", refused: "gone" };
});

export const retryDeadJobAction = staffAction("admin", async (admin, formData, actor) => {
  const id = rowIdIn(formData);
  const outcome = await retryDeadJobByStaff(admin, id, actor);
  return outcome.ok ? { path: "/staff/health", done: "job", query: { id: String(id) } } : { path: "/staff/health", refused: "gone" };
});
