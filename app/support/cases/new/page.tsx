import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/coming-soon";
import { config } from "@/lib/config";
import { requireCustomer } from "@/lib/current-customer";

export const metadata: Metadata = { title: "Create Case" };

export default async function CreateCasePage() {
  await requireCustomer("/support/cases/new");
  const { supportPhone, supportEmail } = config().branding;
  return (
    <ComingSoon title="Create Case">
      <p>Here you will describe a problem (subject, category, description) and follow our answer under My cases.</p>
      <p>
        Until this form is ready, call <a href={`tel:${supportPhone.replace(/[^\d+]/g, "")}`}>{supportPhone}</a> or write to{" "}
        <a href={`mailto:${supportEmail}`}>{supportEmail}</a>. See also <Link href="/contact">Contact us</Link>.
      </p>
    </ComingSoon>
  );
}
