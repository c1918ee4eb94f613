import { recordAudit } from "@/lib/audit";
import { setEmailCodeRequired } from "@/lib/customers/customers";
import { claimResend } from "@/lib/auth/sign-in-challenge";
import {
  dropEmailCodes,
  EMAIL_CODE_RESEND_COOLDOWN_MS,
  hasLiveEmailCode,
  isUsedEmailCode,
  sendEmailCodeNow,
  spendEmailCode,
} from "@/lib/auth/two-step/email-code";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { sendTwoStepNotice } from "@/lib/auth/two-step/notices";

/**
 * Codes by email (the replaced portal's "two-factor"): on while customers.mfa_email_code_required
 * is set. It is also the way in for a customer who must use two-step verification and has nothing
 * yet — offered while two-step verification is off, and turned on by the first code that passes:
 * the mailbox is proved before anything is set up (issue 17).
 */
export const emailCodeMethod: SecondStepMethod = {
  id: "email_code",
  turnsTwoStepOn: true,
  isSetUp: (customer) => customer.mfaEmailCodeRequired,
  offered: ({ setUp, twoStepOn }) => setUp || !twoStepOn,
  check: (customerId, code) => spendEmailCode(customerId, "sign_in", code),
  isUsedCode: (customerId, code) => isUsedEmailCode(customerId, "sign_in", code),
  async removeAll(tx, customerId) {
    await setEmailCodeRequired(tx, customerId, false);
    await dropEmailCodes(tx, customerId);
  },
  async afterPass(tx, { customer, meta, locale, wasSetUp }) {
    if (wasSetUp || !(await setEmailCodeRequired(tx, customer.id, true))) return;
    await recordAudit({ event: "two_step_enabled", customerId: customer.id, meta, details: { method: "email_code", at: "sign_in" } }, tx);
    await sendTwoStepNotice(tx, customer, "email_code_on", meta, {}, locale);
  },
  sendsCode: {
    isWaiting: (customerId) => hasLiveEmailCode(customerId, "sign_in"),
    async send(challenge, customer, locale) {
      const claimed = await claimResend(challenge, EMAIL_CODE_RESEND_COOLDOWN_MS);
      if (claimed.ok) await sendEmailCodeNow(customer, "sign_in", locale);
      return claimed;
    },
  },
  instructions: ({ twoStepOn, codeSent }) => (!twoStepOn ? "email_code_set_up" : codeSent ? "email_code" : "email_code_none"),
  codeField: { label: "codeLabel", hint: "codeHint", inputMode: "numeric", maxLength: 12 },
  account: {
    words: "email",
    setUpWord: "turnOn",
    // The first code proves the codes reach the customer; it turns them on (manage.ts).
    start: (customer, locale) => sendEmailCodeNow(customer, "turn_on", locale),
    setUpPath: "/account/two-step/email",
    turnOff: (tx, customerId) => setEmailCodeRequired(tx, customerId, false),
    offNotice: "email_code_off",
  },
  wayIn: {
    kind: "email_code",
    list: async (customer) => (customer.mfaEmailCodeRequired ? [{ id: "email", addedAt: null }] : []),
    remove: (tx, customerId) => setEmailCodeRequired(tx, customerId, false),
    // Nothing records when they were turned on, and they only ever reach the customer's own mailbox.
    removeAddedSince: async () => 0,
    undo: async (tx, customerId) => void (await setEmailCodeRequired(tx, customerId, false)),
    keptWhenRequiredAlone: true,
  },
};
