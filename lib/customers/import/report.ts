import type { ImportReport, RowReport, Tally } from "./import-contacts";

/**
 * The import's answer to the operator: every rejected row with where it is and what is wrong, the
 * other rows that need a word (at most a screenful of each kind), and the counts.
 */
const EXAMPLES_PER_KIND = 20;

const SKIP_KINDS: Record<NonNullable<RowReport["kind"]>, string> = {
  unchanged: "unchanged",
  no_web_account: "no web account",
  unmapped_provider: "provider not mapped",
  other: "other reasons",
};

/**
 * The report goes to the operator's terminal, and an export's cells are anyone's text: a contactid
 * or date holding "\x1b]0;…\x07\x1b[2J" would retitle and clear the terminal, and bidirectional
 * overrides would reorder what is read. Such characters are printed as escapes (\x1b, \u202e).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => {
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

function line(row: RowReport): string {
  const contact = row.contactId ? ` (contactid ${row.contactId})` : "";
  return `${row.file}, ${row.where}${contact}: ${row.outcome}${row.reason ? `: ${row.reason}` : ""}`;
}

function counts(name: string, tally: Tally, rows: RowReport[], dryRun: boolean): string {
  const would = dryRun ? "would be " : "";
  const skippedKinds = new Map<string, number>();
  for (const row of rows) if (row.outcome === "skipped") skippedKinds.set(SKIP_KINDS[row.kind ?? "other"], (skippedKinds.get(SKIP_KINDS[row.kind ?? "other"]) ?? 0) + 1);
  const n = (value: number) => value.toLocaleString("en-US");
  const why = skippedKinds.size > 0 ? ` (${[...skippedKinds].map(([kind, count]) => `${n(count)} ${kind}`).join(", ")})` : "";
  return `${name}: ${n(tally.rows)} rows: ${n(tally.imported)} ${would}imported, ${n(tally.updated)} ${would}updated, ${n(tally.skipped)} skipped${why}, ${n(tally.rejected)} rejected.`;
}

export function formatImportReport(report: ImportReport): string {
  const out: string[] = [];
  for (const warning of report.warnings) out.push(`Warning: ${warning}`);
  const shown = new Map<string, number>();
  for (const row of report.rows) {
    if (row.outcome !== "rejected" && (!row.reason || row.kind === "unchanged")) continue;
    const group = `${row.file}/${row.outcome}/${row.kind ?? ""}`;
    const seen = (shown.get(group) ?? 0) + 1;
    shown.set(group, seen);
    if (row.outcome === "rejected" || seen <= EXAMPLES_PER_KIND) out.push(line(row));
  }
  for (const [group, seen] of shown) {
    if (seen > EXAMPLES_PER_KIND && !group.includes("/rejected/")) {
      const [file, outcome] = group.split("/");
      out.push(`${file}: … and ${(seen - EXAMPLES_PER_KIND).toLocaleString("en-US")} more ${outcome} rows like the ones above.`);
    }
  }
  const contactRows = report.rows.filter((row) => row.file === "contacts");
  out.push(counts("Contacts", report.contacts, contactRows, report.dryRun));
  if (report.identities) {
    out.push(counts("External identities", report.identities, report.rows.filter((row) => row.file === "external identities"), report.dryRun));
  }
  if (report.dryRun) out.push("Dry run: nothing was written.");
  return out.map(printable).join("\n");
}

export function hasRejections(report: ImportReport): boolean {
  return report.contacts.rejected > 0 || (report.identities?.rejected ?? 0) > 0;
}
