import { notFound, redirect } from "next/navigation";
import { guardPlainForm } from "@/lib/http/form";
import { requireStaff, staffActor, type StaffMember, type StaffRole } from "@/lib/staff/access";

/**
 * Issue 24's one shape for a staff screen's button: the role check first (S34: a customer, a
 * signed-out visitor and a staff member without the role get a 404 and nothing is done), the
 * audit's actor handed to lib/ (which records the event in its own transaction), and the page's
 * notice after the redirect — `?done=<notice>` or `?refused=<reason>`, which the page turns into
 * words. Mail the work queues wakes the background work itself (lib/jobs/wake.ts).
 */
export type StaffActionEnd = { path: string; done: string } | { path: string; refused: string } | "not_found";

type Actor = Awaited<ReturnType<typeof staffActor>>;

export function staffAction(role: StaffRole, run: (staff: StaffMember, formData: FormData, actor: Actor) => Promise<StaffActionEnd>) {
  return guardPlainForm(async (formData) => {
    const staff = await requireStaff(role);
    const end = await run(staff, formData, await staffActor(staff));
    if (end === "not_found") notFound();
    redirect("done" in end ? `${end.path}?done=${end.done}` : `${end.path}?refused=${end.refused}`);
  });
}
