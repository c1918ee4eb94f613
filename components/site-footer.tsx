import { getTranslations } from "next-intl/server";
import { config } from "@/lib/config";
import { telephoneHref } from "@/lib/support/contact-details";

export async function SiteFooter() {
  const { companyName, supportPhone, supportEmail } = config().branding;
  const t = await getTranslations("shell");
  return (
    <footer className="bg-brand-900 text-slate-100">
      <div className="mx-auto flex w-full max-w-5xl flex-col gap-2 px-4 py-6 text-sm sm:flex-row sm:justify-between sm:px-6">
        <p>© {companyName}</p>
        <p>
          {t("footerSupport")}{" "}
          {supportPhone && (
            <>
              <a className="text-white" href={telephoneHref(supportPhone)}>{supportPhone}</a>
              {" · "}
            </>
          )}
          <a className="text-white" href={`mailto:${supportEmail}`}>{supportEmail}</a>
        </p>
      </div>
    </footer>
  );
}
