import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("resetPassword"))("doneTitle") };
}

export default async function PasswordResetDonePage() {
  const t = await getTranslations("resetPassword");
  return (
    <section aria-labelledby="reset-heading" className="card mx-auto max-w-xl">
      <h1 id="reset-heading" className="mb-5 text-2xl font-bold">
        {t("title")}
      </h1>
      <p role="status" className="rounded-md border-l-4 border-success-700 bg-success-100 px-4 py-3 font-semibold text-success-700">
        {t("done")}
      </p>
      <p className="my-4">{t("doneHelp")}</p>
      <Link href="/signin" className="button-primary">
        {t("signIn")}
      </Link>
    </section>
  );
}
