import type { Metadata } from "next";
import { config } from "@/lib/config";

export const metadata: Metadata = { title: "Contact us" };

export default function ContactPage() {
  const { companyName, supportPhone, supportEmail, supportHours } = config().branding;
  return (
    <section aria-labelledby="contact-heading" className="card">
      <h1 id="contact-heading" className="mb-4 text-2xl font-bold">
        Contact us
      </h1>
      <p>{companyName} customer support is here to help.</p>
      <dl className="mt-4 grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
        <dt className="font-semibold">Phone</dt>
        <dd>
          <a href={`tel:${supportPhone.replace(/[^\d+]/g, "")}`}>{supportPhone}</a>
        </dd>
        <dt className="font-semibold">Email</dt>
        <dd>
          <a href={`mailto:${supportEmail}`}>{supportEmail}</a>
        </dd>
        <dt className="font-semibold">Hours</dt>
        <dd>{supportHours}</dd>
      </dl>
      <p className="mt-4 text-slate-700">A message form that reaches the support team directly is on its way.</p>
    </section>
  );
}
