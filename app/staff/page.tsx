import { redirect } from "next/navigation";
import { requireStaffPage } from "@/lib/staff/access";

/** The support team starts at the case queue. */
export default async function StaffPage() {
  await requireStaffPage("agent", "/staff");
  redirect("/staff/cases");
}
