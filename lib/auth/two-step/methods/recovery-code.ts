import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";
import { sendTwoStepNotice } from "@/lib/auth/two-step/notices";
import {
  dropRecoveryCodes,
  dropRecoveryCodesAddedSince,
  isUsedRecoveryCode,
  recoveryCodesLeftCount,
  spendRecoveryCode,
  unusedRecoveryCodes,
} from "@/lib/auth/two-step/recovery-codes";

/**
 * Recovery codes: 10 single-use codes made with the first method turned on (lib/auth/two-step/manage.ts).
 * They stand in for the other methods, so they never turn two-step verification on by themselves
 * and are offered only while it is on; using one is audited and mailed.
 */
// `satisfies`: its set-up (lib/auth/two-step/manage.ts) names its kind of way in for the undo link.
export const recoveryCodeMethod = {
  id: "recovery_code",
  turnsTwoStepOn: false,
  isSetUp: (customer) => sql<boolean>`${recoveryCodesLeftCount(customer.id)} > 0`,
  offered: ({ setUp, twoStepOn }) => setUp && twoStepOn,
  check: async (customerId, code) => ((await spendRecoveryCode(customerId, code)) ? "ok" : "wrong"),
  isUsedCode: isUsedRecoveryCode,
  removeAll: dropRecoveryCodes,
  async afterPass(tx, { customer, meta, locale, recoveryCodesLeft: left }) {
    await recordAudit({ event: "recovery_code_used", customerId: customer.id, meta }, tx);
    await sendTwoStepNotice(tx, customer, "recovery_code_used", meta, { codesLeft: Math.max(0, left - 1) }, locale);
  },
  instructions: () => "recovery_code",
  codeField: { label: "recoveryCodeLabel", hint: "recoveryCodeHint", inputMode: "text", maxLength: 24 },
  wayIn: {
    // Named for the set, as the list after a reset and the "new recovery codes" notice's link say it.
    kind: "recovery_codes",
    async list(customer) {
      const codes = await unusedRecoveryCodes(customer.id);
      return codes ? [{ id: "codes", left: codes.left, addedAt: codes.addedAt }] : [];
    },
    remove: async (tx, customerId) => {
      await dropRecoveryCodes(tx, customerId);
      return true;
    },
    removeAddedSince: dropRecoveryCodesAddedSince,
    undo: dropRecoveryCodes,
  },
} satisfies SecondStepMethod;
