import type { SecondStepMethod } from "@/lib/auth/two-step/method";

/**
 * A second-step method that exists only in tests (issue 24): "paper codes", one fixed code per
 * customer, kept in memory. It reuses the authenticator app's words, so it needs no catalog entry;
 * a real method brings its own. Used by tests/integration/second-step-methods.test.ts, which adds
 * it to the table with jest.mock — nothing else of the portal knows of it.
 */
export const PAPER_CODE = "246810";
const setUp = new Set<string>();
const used = new Set<string>();

export const paperCodeMethod: SecondStepMethod = {
  id: "paper_code",
  turnsTwoStepOn: true,
  isSetUp: async (customer) => setUp.has(customer.id),
  offered: ({ setUp: has }) => has,
  async check(customerId, code) {
    if (code.trim() !== PAPER_CODE) return "wrong";
    // One right code passes once, as every method's must (S45).
    if (used.has(customerId)) return "spent";
    used.add(customerId);
    return "ok";
  },
  isUsedCode: async (customerId, code) => code.trim() === PAPER_CODE && used.has(customerId),
  removeAll: async (_tx, customerId) => setUp.delete(customerId),
  instructions: () => "authenticator_app",
  codeField: { label: "codeLabel", hint: "codeHint", inputMode: "numeric", maxLength: 12 },
  account: {
    words: "app",
    setUpWord: "setUp",
    start: async (customer) => void setUp.add(customer.id),
    setUpPath: "/account/two-step/paper",
    turnOff: async (_tx, customerId) => setUp.delete(customerId),
    offNotice: "authenticator_app_off",
  },
};
