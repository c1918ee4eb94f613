import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/coming-soon";
import { requireCustomer } from "@/lib/current-customer";

export const metadata: Metadata = { title: "My cases" };

export default async function MyCasesPage() {
  await requireCustomer("/support/cases");
  return (
    <ComingSoon title="My cases">
      <p>Your support cases, newest first, with their status and history, will be listed here.</p>
      <p>
        You can already reach support through <Link href="/contact">Contact us</Link>.
      </p>
    </ComingSoon>
  );
}
