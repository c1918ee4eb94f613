import TwoStepChangedEmail, { type TwoStepChange } from "@/emails/two-step-changed";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import type { Executor } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { describeDevice } from "@/lib/http/user-agent";
import { enqueueMail } from "@/lib/mail/outbox";
import { formatEventTime, mailText, renderEmail } from "@/lib/mail/render";
import { mailTimeZone } from "@/lib/i18n/time-zone";

/**
 * The mail after every change to a customer's second steps (issue 17, as S41 for passwords): a
 * method turned on or off, a passkey added or removed, new recovery codes, a recovery code used,
 * a reset by support — what, when, from where, and what to do if it was not them. Always to the
 * address on the account, through the outbox, in the transaction that made the change.
 */
export type { TwoStepChange };

export async function sendTwoStepNotice(
  tx: Executor,
  customer: Customer,
  change: TwoStepChange,
  meta: RequestMeta | null,
  details: { passkeyName?: string; codesLeft?: number; notMeUrl?: string } = {},
  requestLocale?: string | null,
) {
  const locale = customer.locale ?? requestLocale ?? null;
  const t = mailText(locale);
  const { browser, system } = describeDevice(meta?.userAgent);
  const email = await renderEmail(
    "two-step-changed",
    TwoStepChangedEmail,
    {
      username: customer.username,
      name: customer.name,
      change,
      when: formatEventTime(now(), locale, mailTimeZone(customer)),
      browser: meta ? t("device", { browser: browser ?? t("unknownBrowser"), system: system ?? t("unknownSystem") }) : null,
      ip: meta?.ip ?? null,
      passkeyName: details.passkeyName ?? "",
      codesLeft: details.codesLeft ?? 0,
      accountUrl: `${config().appUrl}/account`,
      notMeUrl: details.notMeUrl ?? null,
    },
    locale,
    { change },
  );
  await enqueueMail(tx, customer.email, email);
}
