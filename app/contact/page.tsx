import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { currentCustomer } from "@/lib/auth/current-customer";
import { config } from "@/lib/config";
import { telephoneHref } from "@/lib/support/contact-details";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { ContactForm } from "./contact-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("contact"))("title") };
}

type ContactPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ContactPage({ searchParams }: ContactPageProps) {
  const { companyName, supportPhone, supportEmail, supportHours } = config().branding;
  const t = await getTranslations("contact");
  const signedIn = await currentCustomer();
  const sent = (await searchParams).sent === "1";
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <section aria-labelledby="contact-heading" className="card">
        <h1 id="contact-heading" className="mb-4 text-2xl font-bold">
          {t("title")}
        </h1>
        <p>{t("intro", { companyName })}</p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
          {supportPhone && (
            <>
              <dt className="font-semibold">{t("phone")}</dt>
              <dd>
                <a href={telephoneHref(supportPhone)}>{supportPhone}</a>
              </dd>
            </>
          )}
          <dt className="font-semibold">{t("email")}</dt>
          <dd className="break-all">
            <a href={`mailto:${supportEmail}`}>{supportEmail}</a>
          </dd>
          <dt className="font-semibold">{t("hours")}</dt>
          <dd>{supportHours ?? t("defaultHours")}</dd>
        </dl>
      </section>
      <CardSection headingId="message-heading" heading={t("messageHeading")} gap={4}>
        {sent ? (
          <Notice tone="success">
            {t("sent")}
          </Notice>
        ) : (
          <ContactForm name={signedIn ? (signedIn.customer.name ?? signedIn.customer.username) : undefined} email={signedIn?.customer.email} />
        )}
      </CardSection>
    </div>
  );
}
