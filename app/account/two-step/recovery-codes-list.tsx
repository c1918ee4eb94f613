import { useTranslations } from "@/lib/i18n/client-translations";
import Link from "next/link";

/** Recovery codes, the one time they are shown. */
export function RecoveryCodesList({ codes, doneHref }: { codes: string[]; doneHref: string }) {
  const t = useTranslations("twoStep.recoveryCodes");
  return (
    <div className="space-y-4">
      <h2 id="recovery-codes-heading" className="text-xl font-semibold" tabIndex={-1}>
        {t("yours")}
      </h2>
      <p role="status">{t("keepSafe")}</p>
      <ul aria-label={t("listLabel")} className="grid max-w-md grid-cols-1 gap-2 font-mono text-lg sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="rounded-md bg-slate-100 px-3 py-1">
            {code}
          </li>
        ))}
      </ul>
      <Link href={doneHref} className="button-primary">
        {t("done")}
      </Link>
    </div>
  );
}
