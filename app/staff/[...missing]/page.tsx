import { notFound } from "next/navigation";
import { withPageNotFound } from "@/lib/http/page-not-found";

/**
 * An address under /staff that no staff screen has: "Page not found", 404, inside the staff
 * layout (so without the customers' Get Help block), like a staff page that finds nothing.
 */
async function MissingStaffPage(): Promise<never> {
  notFound();
}

export default withPageNotFound(MissingStaffPage);
