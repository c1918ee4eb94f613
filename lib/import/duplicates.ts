import type { ImportedContact } from "./contact-row";

/**
 * Duplicates inside one export are reported, never merged: two rows with one contactid, or one
 * username or email address (case-insensitively) on two rows. A username that is another row's
 * email address counts too, since the Username box accepts either. Every row of such a group is
 * rejected, naming the others, because choosing one would be a guess.
 */
export type PlacedContact = { where: string; position: number; contact: ImportedContact };

type Use = { row: PlacedContact; field: "contactid" | "the username" | "the email address"; value: string };

export function findDuplicates(rows: PlacedContact[]): Map<PlacedContact, string[]> {
  const uses = new Map<string, Use[]>();
  const note = (key: string, use: Use) => {
    const list = uses.get(key) ?? [];
    if (!list.some((other) => other.row === use.row)) list.push(use);
    uses.set(key, list);
  };
  for (const row of rows) {
    note(`id:${row.contact.contactId}`, { row, field: "contactid", value: row.contact.contactId });
    if (row.contact.username) note(`login:${row.contact.username.toLowerCase()}`, { row, field: "the username", value: row.contact.username });
    note(`login:${row.contact.email}`, { row, field: "the email address", value: row.contact.email });
  }

  const problems = new Map<PlacedContact, string[]>();
  for (const list of uses.values()) {
    if (list.length < 2) continue;
    for (const use of list) {
      const others = list.filter((other) => other !== use);
      const elsewhere = others.map((other) => `${other.field} on ${other.row.where}`).join(", ");
      const messages = problems.get(use.row) ?? [];
      messages.push(`${use.field} "${use.value}" is also ${elsewhere} (duplicates are never merged: correct the export)`);
      problems.set(use.row, messages);
    }
  }
  return problems;
}
