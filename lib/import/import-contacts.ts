import type { IdentityProvider } from "@/lib/config";
import { findCustomersForImport } from "@/lib/customers/imported";
import { db, type Transaction } from "@/lib/db";
import { OPTIONAL_CONTACT_COLUMNS, readContact, REQUIRED_CONTACT_COLUMNS, type ImportedContact } from "./contact-row";
import { writeBatch, type Planned } from "./contact-batch";
import { findDuplicates, type PlacedContact } from "./duplicates";
import { linkBatch, readIdentities, type IdentityRow } from "./identity-batch";
import { tally, type ImportReport, type RowReport, type Tally } from "./outcome";
import { buildProviderMap } from "./provider-map";
import { readExport, requireColumns } from "./read-export";

export type { ImportReport, Outcome, RowReport, Tally } from "./outcome";

/**
 * `npm run user -- import`: Power Pages contacts (and their external identities) become customers.
 * Every row ends as imported, updated, skipped (with why) or rejected (with where and what is
 * wrong). Rows are written in batches, each in one transaction; a dry run does all of it and
 * rolls every batch back. Running the same file twice changes nothing the second time.
 */
export type ImportOptions = {
  contactsFile: string;
  identitiesFile?: string;
  /** `<adx_identityprovidername>=<provider id>` pairs (--provider-map). */
  providerMap?: string[];
  /** The providers configured on this portal (an issuer URL maps itself). */
  providers?: IdentityProvider[];
  dryRun?: boolean;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

const DEFAULT_BATCH = 500;

class DryRunRollback extends Error {}

/** A username for a contact that had none: the email's local part, or with the contact's id when that is taken. */
function chooseUsername(contact: ImportedContact, taken: Set<string>): string {
  const local = contact.email.split("@")[0];
  const plain = local.length > 0 ? local : "customer";
  return taken.has(plain.toLowerCase()) ? `${plain}-${contact.contactId.slice(0, 8)}` : plain;
}

async function inTransaction<T>(dryRun: boolean, work: (tx: Transaction) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await (await db()).transaction(async (tx) => {
      result = await work(tx);
      if (dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return result as T;
}

export async function importContacts(options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const warnings: string[] = [];
  const rows: RowReport[] = [];
  const contactTally = tally();

  const providers = buildProviderMap(options.providerMap ?? [], options.providers ?? []);
  const contactsFile = await readExport(options.contactsFile);
  requireColumns(contactsFile, "contacts", REQUIRED_CONTACT_COLUMNS.map((column) => [column]));
  if (contactsFile.rows.length > 0) {
    for (const [column, consequence] of Object.entries(OPTIONAL_CONTACT_COLUMNS)) {
      if (!contactsFile.columns.has(column)) warnings.push(`The contacts export has no ${column} column: ${consequence}.`);
    }
  }

  // External identities first: a contact whose only way in is an external sign-in is a customer too.
  const { identities, contactsWithIdentity, reports: identityReports } = options.identitiesFile
    ? await readIdentities(options.identitiesFile, providers)
    : { identities: [], contactsWithIdentity: new Set<string>(), reports: [] };
  rows.push(...identityReports);
  const identityTally: Tally | null = options.identitiesFile ? tally() : null;

  for (const bad of contactsFile.unreadable) {
    rows.push({ file: "contacts", where: bad.where, position: bad.position, contactId: null, outcome: "rejected", reason: bad.problem });
  }
  const placed: PlacedContact[] = [];
  for (const row of contactsFile.rows) {
    const verdict = readContact(row, (contactId) => contactsWithIdentity.has(contactId));
    const base = { file: "contacts" as const, where: row.where, position: row.position };
    if (verdict.kind === "reject") rows.push({ ...base, contactId: verdict.contactId, outcome: "rejected", reason: verdict.problems.join("; ") });
    else if (verdict.kind === "skip") rows.push({ ...base, contactId: verdict.contactId, outcome: "skipped", reason: verdict.reason, kind: "no_web_account" });
    else placed.push({ where: row.where, position: row.position, contact: verdict.contact });
  }

  const duplicates = findDuplicates(placed);
  const fileLogins = new Set<string>();
  for (const row of placed) {
    if (row.contact.username) fileLogins.add(row.contact.username.toLowerCase());
    fileLogins.add(row.contact.email);
  }
  const planned: Planned[] = [];
  const fallbackNames = new Map<string, string>();
  for (const row of placed) {
    const problems = duplicates.get(row);
    if (problems) {
      rows.push({ file: "contacts", where: row.where, position: row.position, contactId: row.contact.contactId, outcome: "rejected", reason: problems.join("; ") });
      continue;
    }
    let username = row.contact.username;
    if (!username) {
      username = chooseUsername(row.contact, fileLogins);
      fileLogins.add(username.toLowerCase());
      fallbackNames.set(row.contact.contactId, `${row.contact.email.split("@")[0]}-${row.contact.contactId.slice(0, 8)}`);
    }
    planned.push({ ...row, username });
  }

  // Where each contact's row is, so an identity of a contact that was not imported can say why.
  const contactWhere = new Map<string, string>();
  for (const row of rows) if (row.file === "contacts" && row.contactId) contactWhere.set(row.contactId, row.where);
  for (const identity of identities) identity.contactWhere = contactWhere.get(identity.contactId);
  const identitiesByContact = new Map<string, IdentityRow[]>();
  for (const identity of identities) {
    const list = identitiesByContact.get(identity.contactId) ?? [];
    list.push(identity);
    identitiesByContact.set(identity.contactId, list);
  }
  const plannedIds = new Set(planned.map((row) => row.contact.contactId));

  const total = contactsFile.rows.length + contactsFile.unreadable.length;
  let done = total - planned.length;
  options.onProgress?.(done, total);
  for (let start = 0; start < planned.length; start += batchSize) {
    const batch = planned.slice(start, start + batchSize);
    const batchIdentities = batch.flatMap((row) =>
      (identitiesByContact.get(row.contact.contactId) ?? []).map((identity) => ({ ...identity, contactWhere: row.where })),
    );
    const reports = await inTransaction(dryRun, async (tx) => {
      const written = await writeBatch(tx, batch, fallbackNames);
      return [...written.reports, ...(await linkBatch(tx, batchIdentities, written.customerIds))];
    });
    rows.push(...reports);
    done += batch.length;
    options.onProgress?.(done, total);
  }

  // Identities of contacts not imported in this run: linked to a customer from an earlier import, if any.
  const others = identities.filter((identity) => !plannedIds.has(identity.contactId));
  for (let start = 0; start < others.length; start += batchSize) {
    const batch = others.slice(start, start + batchSize);
    const reports = await inTransaction(dryRun, async (tx) => {
      const contactIds = [...new Set(batch.filter((identity) => !identity.contactWhere).map((identity) => identity.contactId))];
      const found = await findCustomersForImport(tx, { contactIds, logins: [] });
      const customerIds = new Map(found.map((customer) => [customer.dataverseContactId!, customer.id]));
      return linkBatch(tx, batch, customerIds);
    });
    rows.push(...reports);
  }

  rows.sort((a, b) => (a.file === b.file ? a.position - b.position : a.file === "contacts" ? -1 : 1));
  for (const row of rows) {
    const target = row.file === "contacts" ? contactTally : identityTally!;
    target.rows += 1;
    target[row.outcome] += 1;
  }
  return { dryRun, warnings, contacts: contactTally, identities: identityTally, rows };
}
