/** The case form's three selects, which Save applies only when the agent changed them (actions.ts). */
export const CASE_CHOICES = ["status", "priority", "agent"] as const;
export type CaseChoice = (typeof CASE_CHOICES)[number];
