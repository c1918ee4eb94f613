import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("sentTitle") };
}

/** S16: the one answer every registration gets, whatever address and username were typed. */
export default async function RegistrationSentPage() {
  const t = await getTranslations("registration");
  return (
    <section aria-labelledby="register-heading" className="card mx-auto max-w-xl">
      <h1 id="register-heading" className="mb-5 text-2xl font-bold">
        {t("title")}
      </h1>
      <Notice tone="success">
        {t("checkEmail")}
      </Notice>
      <p className="mt-4">{t("sentExplanation")}</p>
    </section>
  );
}
