import {
  acceptAuthenticatorCode,
  authenticatorAppAddedAt,
  beginAuthenticatorSetUp,
  hasAuthenticatorAppCondition,
  isUsedAuthenticatorCode,
  removeAuthenticatorApp,
  removeAuthenticatorAppAddedSince,
} from "@/lib/auth/two-step/authenticator-app";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { dropRecoveryCodes } from "@/lib/auth/two-step/recovery-codes";

/** An authenticator app (TOTP, RFC 6238): set up from /account with a QR code, confirmed by a first code. */
// `satisfies`: its set-up (lib/auth/two-step/manage.ts) names its kind of way in for the undo link.
export const authenticatorAppMethod = {
  id: "authenticator_app",
  turnsTwoStepOn: true,
  isSetUp: (customer) => hasAuthenticatorAppCondition(customer.id),
  offered: ({ setUp }) => setUp,
  check: async (customerId, code) => ((await acceptAuthenticatorCode(customerId, code)) ? "ok" : "wrong"),
  isUsedCode: isUsedAuthenticatorCode,
  removeAll: removeAuthenticatorApp,
  instructions: () => "authenticator_app",
  codeField: { label: "codeLabel", hint: "codeHint", inputMode: "numeric", maxLength: 12 },
  account: {
    words: "app",
    setUpWord: "setUp",
    start: async (customer) => void (await beginAuthenticatorSetUp(customer)),
    setUpPath: "/account/two-step/authenticator",
    turnOff: removeAuthenticatorApp,
    offNotice: "authenticator_app_off",
  },
  wayIn: {
    kind: "authenticator_app",
    async list(customer) {
      const addedAt = await authenticatorAppAddedAt(customer.id);
      return addedAt ? [{ id: "app", addedAt }] : [];
    },
    remove: (tx, customerId) => removeAuthenticatorApp(tx, customerId),
    removeAddedSince: removeAuthenticatorAppAddedSince,
    // The recovery codes made with it were shown to whoever set it up.
    async undo(tx, customerId) {
      await removeAuthenticatorApp(tx, customerId);
      await dropRecoveryCodes(tx, customerId);
    },
  },
} satisfies SecondStepMethod;
