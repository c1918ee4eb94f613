import { redirect } from "next/navigation";
import { requireStaffPage } from "@/lib/staff/access";
import { withPageNotFound } from "@/lib/http/page-not-found";

/** The support team starts at the case queue. */
async function StaffPage() {
  await requireStaffPage("agent", "/staff");
  return redirect("/staff/cases");
}

// Its notFound() answers the portal's own "Page not found", also without JavaScript.
export default withPageNotFound(StaffPage);
