import { notFound, redirect } from "next/navigation";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { requireStaff, staffActor, type StaffMember, type StaffRole } from "@/lib/staff/access";

/**
 * Issue 24's one shape for a staff screen's button: the role check first (S34: a customer, a
 * signed-out visitor and a staff member without the role get a 404 and nothing is done), the
 * audit's actor handed to lib/ (which records the event in its own transaction), and the page's
 * notice after the redirect — `?done=<notice>` (with what the notice names, `query`: the row
 * retried, the case posted to) or `?refused=<reason>`, which the page turns into words. Mail the
 * work queues wakes the background work itself (lib/jobs/wake.ts). Something the button names that
 * is gone ends with pageNotFoundAt (lib/http/page-not-found.tsx) at that thing's own address.
 */
export type StaffActionEnd = { path: string; done: string; query?: Record<string, string> } | { path: string; refused: string };

type Actor = Awaited<ReturnType<typeof staffActor>>;

export function staffAction(role: StaffRole, run: (staff: StaffMember, formData: FormData, actor: Actor) => Promise<StaffActionEnd>) {
  return guardPlainForm(async (formData) => {
    const staff = await requireStaff(role);
    const end = await run(staff, formData, await staffActor(staff));
    redirect(`${end.path}?${new URLSearchParams("done" in end ? { done: end.done, ...end.query } : { refused: end.refused })}`);
  });
}

/** The row a button is about (a dead mail or job, a held mail), from its hidden field; anything else is a 404. */
export function rowIdIn(formData: FormData, field = "id"): number {
  const raw = readFields(formData, { [field]: { maxLength: 19 } }).values[field] ?? "";
  if (!/^[1-9]\d{0,15}$/.test(raw)) notFound();
  return Number(raw);
}
