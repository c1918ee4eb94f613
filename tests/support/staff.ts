import { setCustomerRole } from "@/lib/customers/customers";
import type { StaffMember, StaffRole } from "@/lib/staff/access";
import { freshMeta, makeCustomer, reloadCustomer } from "./customers";

/**
 * A new staff member of the role, as requireStaff would answer with one, and the password to sign
 * in with: a customer made by makeCustomer and given the role the way an admin gives it.
 */
export async function makeStaffMember(role: StaffRole = "agent", overrides: Parameters<typeof makeCustomer>[0] = {}): Promise<StaffMember & { password: string }> {
  const person = await makeCustomer(overrides);
  await setCustomerRole(person.id, role);
  return { ...((await reloadCustomer(person.id)) as StaffMember), password: person.password };
}

/** Who does a staff call: the member, from a client address of its own so per-IP limits stay per test. */
export function staffActor(staff: Pick<StaffMember, "id">) {
  return { actorId: staff.id, meta: freshMeta() };
}
