/** What the import says of each row, and the counts it ends with. */
export type Outcome = "imported" | "updated" | "skipped" | "rejected";

export type RowReport = {
  file: "contacts" | "external identities";
  where: string;
  position: number;
  contactId: string | null;
  outcome: Outcome;
  /** Why a row was skipped or rejected; what changed or was kept for an update. */
  reason?: string;
  /** Rows skipped for the same kind of reason are summarised together. */
  kind?: "unchanged" | "no_web_account" | "unmapped_provider" | "other";
};

export type Tally = Record<Outcome, number> & { rows: number };

export type ImportReport = {
  dryRun: boolean;
  warnings: string[];
  contacts: Tally;
  identities: Tally | null;
  rows: RowReport[];
};

export const tally = (): Tally => ({ rows: 0, imported: 0, updated: 0, skipped: 0, rejected: 0 });
