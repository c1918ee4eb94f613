import { acceptAuthenticatorCode, beginAuthenticatorSetUp, hasAuthenticatorApp, isUsedAuthenticatorCode, removeAuthenticatorApp } from "@/lib/auth/two-step/authenticator-app";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";

/** An authenticator app (TOTP, RFC 6238): set up from /account with a QR code, confirmed by a first code. */
export const authenticatorAppMethod: SecondStepMethod = {
  id: "authenticator_app",
  turnsTwoStepOn: true,
  isSetUp: (customer) => hasAuthenticatorApp(customer.id),
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
};
