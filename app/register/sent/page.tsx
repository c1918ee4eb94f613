import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CardPage } from "@/components/card-page";
import { Notice } from "@/components/notice";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registration"))("sentTitle") };
}

/** S16: the one answer every registration gets, whatever address and username were typed. */
export default async function RegistrationSentPage() {
  const t = await getTranslations("registration");
  return (
    <CardPage headingId="register-heading" heading={t("title")}>
      <Notice tone="success">
        {t("checkEmail")}
      </Notice>
      <p className="mt-4">{t("sentExplanation")}</p>
    </CardPage>
  );
}
