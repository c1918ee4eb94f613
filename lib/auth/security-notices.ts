import PasswordChangedEmail, { passwordChangedSubject } from "@/emails/password-changed";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import type { Executor } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import { describeBrowser } from "@/lib/http/user-agent";
import { enqueueMail } from "@/lib/mail/outbox";
import { emailBranding, formatEventTime, renderEmail } from "@/lib/mail/render";

/**
 * Mail that tells customers about changes to their account's security, always to the address on
 * the account. S41: after every password reset and change; what happened, when, from where, and
 * what to do if it was not them.
 */
export async function sendPasswordChangedNotice(tx: Executor, customer: Customer, how: "reset" | "changed", meta: RequestMeta) {
  const email = await renderEmail(
    "password-changed",
    PasswordChangedEmail,
    {
      username: customer.username,
      how,
      when: formatEventTime(now()),
      browser: describeBrowser(meta.userAgent),
      ip: meta.ip,
      resetUrl: `${config().appUrl}/forgot-password`,
    },
    passwordChangedSubject(emailBranding()),
  );
  await enqueueMail(tx, customer.email, email);
}
