import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { authenticatorAppMethod } from "@/lib/auth/two-step/methods/authenticator-app";
import { emailCodeMethod } from "@/lib/auth/two-step/methods/email-code";
import { recoveryCodeMethod } from "@/lib/auth/two-step/methods/recovery-code";

/**
 * The second-step methods (issue 24), in the order the second-step screen offers them: the first
 * one offered is the one shown first. Adding one is an entry here, its module under methods/ and
 * its words in the catalogs (see lib/auth/two-step/method.ts). A passkey is not among them: it
 * signs in on its own, as both steps (lib/auth/two-step/passkeys.ts).
 */
export const secondStepMethods: readonly SecondStepMethod[] = [authenticatorAppMethod, emailCodeMethod, recoveryCodeMethod];
