import { getTranslations } from "next-intl/server";
import { StaffActionButton } from "@/components/staff-action-button";
import { CardSection } from "@/components/card-section";
import { now } from "@/lib/clock";
import type { Customer } from "@/lib/db/schema";
import type { StaffMember } from "@/lib/staff/access";
import { grantableRoles } from "@/lib/staff/customer-care";
import { disableCustomerAction, resetTwoStepAction, sendResetLinkAction, setRoleAction, unlockCustomerAction } from "./actions";

/** The CLI's powers over a customer, for admins: unlock, a reset link, reset two-step, disable, give a role. */
export async function AdminActions({ customer, admin }: { customer: Customer; admin: StaffMember }) {
  const t = await getTranslations("staff.customer");
  const roleWords = await getTranslations("staff.roles");
  const locked = customer.passwordSignInBlocked || (customer.lockedUntil !== null && customer.lockedUntil > now()) || customer.failedSignIns > 0;
  // Admins are managed with the CLI only, and nobody disables themselves here.
  const protectedAccount = customer.role === "admin" || customer.id === admin.id;
  const about = { customer: customer.id };
  return (
    <CardSection headingId="actions-heading" heading={t("actions")} gap={5}>
      {locked && <StaffActionButton id="unlock-form" action={unlockCustomerAction} fields={about} intro={t("unlockIntro")} label={t("unlock")} />}
      {!customer.disabled && <StaffActionButton id="reset-link-form" action={sendResetLinkAction} fields={about} intro={t("resetIntro", { email: customer.email })} label={t("sendReset")} />}
      {customer.role !== "admin" && <StaffActionButton id="reset-two-step-form" action={resetTwoStepAction} fields={about} intro={t("resetTwoStepIntro")} label={t("resetTwoStep")} />}
      {protectedAccount ? (
        <p>{t("protectedNote")}</p>
      ) : (
        <>
          <StaffActionButton
            id="disable-form"
            action={disableCustomerAction}
            fields={{ ...about, disable: customer.disabled ? "0" : "1" }}
            intro={customer.disabled ? t("enableIntro") : t("disableIntro")}
            label={customer.disabled ? t("enable") : t("disable")}
          />
          <form id="role-form" action={setRoleAction} className="space-y-2">
            <input type="hidden" name="customer" value={customer.id} />
            <label htmlFor="customer-role" className="block font-semibold">
              {t("roleLabel")}
            </label>
            <p id="customer-role-hint" className="text-sm text-slate-600">
              {t("roleHint")}
            </p>
            <div className="flex flex-wrap gap-3">
              <select id="customer-role" name="role" defaultValue={customer.role} aria-describedby="customer-role-hint" className="text-input w-auto">
                {grantableRoles.map((role) => (
                  <option key={role} value={role}>
                    {roleWords(role)}
                  </option>
                ))}
              </select>
              <button type="submit" className="button-secondary">
                {t("saveRole")}
              </button>
            </div>
          </form>
        </>
      )}
    </CardSection>
  );
}
