import { getTranslations } from "next-intl/server";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";
import { config } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { passwordWords } from "@/lib/forms/password-words";
import { setPasswordAction } from "./actions";
import { ChangePasswordForm } from "./change-password-form";

/** Change the password — or, for a customer who signs in with an external account only, set one by mail. */
export async function PasswordSection({ customer, notice }: { customer: Customer; notice: "changed" | "link-sent" | null }) {
  const t = await getTranslations("account");
  const hasPassword = customer.passwordHash !== null;
  return (
    <CardSection headingId="password-heading" heading={hasPassword ? t("changePasswordHeading") : t("setPasswordHeading")} gap={4}>
      {notice === "changed" && <Notice tone="success">{t("passwordChanged")}</Notice>}
      {notice === "link-sent" && <Notice tone="success">{t("setPasswordSent")}</Notice>}
      {hasPassword ? (
        <ChangePasswordForm username={customer.username} minLength={config().passwordMinLength} requirements={(await passwordWords()).requirements()} />
      ) : (
        <form action={setPasswordAction} className="space-y-3">
          <p>{t("setPasswordIntro", { username: customer.username })}</p>
          <button type="submit" className="button-primary">
            {t("setPasswordButton")}
          </button>
        </form>
      )}
    </CardSection>
  );
}
