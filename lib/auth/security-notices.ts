import PasswordChangedEmail from "@/emails/password-changed";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import type { Executor } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { describeDevice } from "@/lib/http/user-agent";
import { enqueueMail } from "@/lib/mail/outbox";
import { formatEventTime, mailText, renderEmail } from "@/lib/mail/render";

/**
 * Mail that tells customers about changes to their account's security, always to the address on
 * the account and in the customer's language (the one on their record, else the one the change
 * was made in). S41: after every password reset and change; what happened, when, from where, and
 * what to do if it was not them.
 */
function noticeLanguage(customer: Customer, requestLocale: string | undefined) {
  return customer.locale ?? requestLocale ?? null;
}

/** "Chrome on Windows", in the mail's language. */
function deviceWords(userAgent: string | null, locale: string | null) {
  const t = mailText(locale);
  const { browser, system } = describeDevice(userAgent);
  return t("device", { browser: browser ?? t("unknownBrowser"), system: system ?? t("unknownSystem") });
}

export async function sendPasswordChangedNotice(tx: Executor, customer: Customer, how: "reset" | "changed", meta: RequestMeta, requestLocale?: string) {
  const locale = noticeLanguage(customer, requestLocale);
  const email = await renderEmail(
    "password-changed",
    PasswordChangedEmail,
    {
      username: customer.username,
      how,
      when: formatEventTime(now(), locale),
      browser: deviceWords(meta.userAgent, locale),
      ip: meta.ip,
      resetUrl: `${config().appUrl}/forgot-password`,
    },
    locale,
  );
  await enqueueMail(tx, customer.email, email);
}
