import { recordAuditEntries } from "@/lib/audit";
import { linkImportedIdentities, type ImportedIdentityLink } from "@/lib/auth/external-sign-in";
import { voidResetLinks } from "@/lib/auth/password-reset";
import { endAllSessions } from "@/lib/auth/sessions";
import { now } from "@/lib/clock";
import type { IdentityProvider } from "@/lib/config";
import { findCustomersForImport, insertImportedCustomers, updateImportedCustomer, type ImportedCustomer } from "@/lib/customers/customers";
import { db, type Transaction } from "@/lib/db";
import type { Customer, ImportedValues } from "@/lib/db/schema";
import { OPTIONAL_CONTACT_COLUMNS, readContact, REQUIRED_CONTACT_COLUMNS, type ImportedContact } from "./contact-row";
import { findDuplicates, type PlacedContact } from "./duplicates";
import { readExternalIdentity, REQUIRED_IDENTITY_COLUMNS, type ImportedIdentity } from "./external-identity-row";
import { buildProviderMap, type ProviderMap } from "./provider-map";
import { ExportFileError, readExport, type ExportFile } from "./read-export";
import { currentValuesOf, passwordHashSha256, planReimport } from "./reimport";

/**
 * `npm run user -- import`: Power Pages contacts (and their external identities) become customers.
 * Every row ends as imported, updated, skipped (with why) or rejected (with where and what is
 * wrong). Rows are written in batches, each in one transaction; a dry run does all of it and
 * rolls every batch back. Running the same file twice changes nothing the second time.
 */
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

const tally = (): Tally => ({ rows: 0, imported: 0, updated: 0, skipped: 0, rejected: 0 });

function requireColumns(file: ExportFile, name: string, required: ReadonlyArray<ReadonlyArray<string>>) {
  // An empty JSON array has no columns to check, and nothing to import either.
  if (file.rows.length === 0) return;
  const missing = required.filter((alternatives) => !alternatives.some((column) => file.columns.has(column))).map((alternatives) => alternatives[0]);
  if (missing.length > 0) {
    throw new ExportFileError(`The ${name} export has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}. Export ${missing.length > 1 ? "them" : "it"} too (the README's "Moving from Power Pages" lists every column).`);
  }
}

/** A username for a contact that had none: the email's local part, or with the contact's id when that is taken. */
function chooseUsername(contact: ImportedContact, taken: Set<string>): string {
  const local = contact.email.split("@")[0];
  const plain = local.length > 0 ? local : "customer";
  return taken.has(plain.toLowerCase()) ? `${plain}-${contact.contactId.slice(0, 8)}` : plain;
}

function importedValuesOf(contact: ImportedContact, username: string): ImportedValues {
  return {
    username,
    email: contact.email,
    emailConfirmed: contact.emailConfirmed,
    name: contact.name,
    phone: contact.phone,
    passwordHashSha256: passwordHashSha256(contact.passwordHash),
    disabled: contact.disabled,
    lockedUntil: contact.lockedUntil?.toISOString() ?? null,
    mfaEmailCodeRequired: contact.mfaEmailCodeRequired,
  };
}

function columnsOf(contact: ImportedContact, username: string, time: Date): ImportedCustomer {
  return {
    username,
    email: contact.email,
    // Note: Dataverse keeps no date of confirmation; the import's time stands for it.
    emailVerified: contact.emailConfirmed ? time : null,
    name: contact.name,
    phone: contact.phone,
    passwordHash: contact.passwordHash,
    disabled: contact.disabled,
    lockedUntil: contact.lockedUntil,
    mfaEmailCodeRequired: contact.mfaEmailCodeRequired,
  };
}

const FIELD_NAMES: Record<keyof ImportedValues, string> = {
  username: "username",
  email: "email address",
  emailConfirmed: "email confirmation",
  name: "name",
  phone: "phone",
  passwordHashSha256: "password",
  disabled: "sign-in enabled",
  lockedUntil: "lockout",
  mfaEmailCodeRequired: "two-factor",
};

type Planned = PlacedContact & { username: string };

type BatchResult = { reports: RowReport[]; customerIds: Map<string, string> };

/** One batch of checked contacts, in one transaction. */
async function writeBatch(tx: Transaction, batch: Planned[], fallbackNames: Map<string, string>): Promise<BatchResult> {
  const time = now();
  const reports: RowReport[] = [];
  const customerIds = new Map<string, string>();
  const logins = new Set<string>();
  for (const row of batch) {
    logins.add(row.username.toLowerCase());
    logins.add(row.contact.email);
    const fallback = fallbackNames.get(row.contact.contactId);
    if (fallback) logins.add(fallback.toLowerCase());
  }
  const existing = await findCustomersForImport(tx, { contactIds: batch.map((row) => row.contact.contactId), logins: [...logins] });
  const byContact = new Map<string, Customer>();
  const byLogin = new Map<string, Customer>();
  for (const customer of existing) {
    if (customer.dataverseContactId) byContact.set(customer.dataverseContactId, customer);
    byLogin.set(customer.username.toLowerCase(), customer);
    byLogin.set(customer.email.toLowerCase(), customer);
  }
  const takenByOther = (login: string, self?: Customer) => {
    const owner = byLogin.get(login.toLowerCase());
    return owner !== undefined && owner.id !== self?.id;
  };
  const report = (row: PlacedContact, outcome: Outcome, reason?: string, kind?: RowReport["kind"]) =>
    reports.push({ file: "contacts", where: row.where, position: row.position, contactId: row.contact.contactId, outcome, reason, kind });

  const inserts: Array<{ row: Planned; username: string }> = [];
  for (const row of batch) {
    const { contact } = row;
    const match = byContact.get(contact.contactId);
    if (!match) {
      let username = row.username;
      const fallback = fallbackNames.get(contact.contactId);
      if (fallback && takenByOther(username)) username = fallback;
      if (takenByOther(username)) {
        report(row, "rejected", `the username "${username}" belongs to a customer already in this portal who was not imported from this contact`);
      } else if (takenByOther(contact.email)) {
        report(row, "rejected", `the email address ${contact.email} belongs to a customer already in this portal who was not imported from this contact`);
      } else {
        inserts.push({ row, username });
      }
      continue;
    }

    customerIds.set(contact.contactId, match.id);
    // A contact without a username keeps the one this portal gave it.
    const username = contact.username ?? match.importedValues?.username ?? match.username;
    const incoming = importedValuesOf(contact, username);
    const plan = planReimport(currentValuesOf(match), match.importedValues, incoming);
    const clash = plan.changes.includes("username") && takenByOther(username, match)
      ? `the username "${username}"`
      : plan.changes.includes("email") && takenByOther(contact.email, match)
        ? `the email address ${contact.email}`
        : null;
    if (clash) {
      report(row, "rejected", `${clash} now belongs to another customer of this portal`);
      continue;
    }
    const kept = plan.kept.length > 0 ? `kept this portal's ${plan.kept.map((field) => FIELD_NAMES[field]).join(", ")} (changed here since the import)` : "";
    if (plan.changes.length === 0) {
      if (plan.bookkeepingOnly) await updateImportedCustomer(tx, match.id, {}, incoming);
      report(row, "skipped", kept || "unchanged since the last import", kept ? "other" : "unchanged");
      continue;
    }

    const all = columnsOf(contact, username, time);
    const changes: Partial<ImportedCustomer> = {};
    for (const field of plan.changes) {
      if (field === "passwordHashSha256") changes.passwordHash = all.passwordHash;
      else if (field === "emailConfirmed") changes.emailVerified = all.emailVerified;
      else (changes as Record<string, unknown>)[field] = all[field as keyof ImportedCustomer];
    }
    await updateImportedCustomer(tx, match.id, changes, incoming);
    // S12, S23, S33: a password or address that changed voids reset links; a new password or a
    // disabled account also ends every session, as a reset or `disable` would.
    if (changes.passwordHash !== undefined || changes.email !== undefined || changes.disabled === true) await voidResetLinks(tx, match.id);
    if (changes.passwordHash !== undefined || changes.disabled === true) await endAllSessions(tx, match.id);
    await recordAuditEntries([{ event: "customer_import_updated", customerId: match.id, details: { contactId: contact.contactId, fields: plan.changes, kept: plan.kept } }], tx);
    const changed = `changed the ${plan.changes.map((field) => FIELD_NAMES[field]).join(", ")}`;
    report(row, "updated", kept ? `${changed}; ${kept}` : changed);
  }

  const created = await insertImportedCustomers(
    tx,
    inserts.map(({ row, username }) => ({
      ...columnsOf(row.contact, username, time),
      dataverseContactId: row.contact.contactId,
      importedValues: importedValuesOf(row.contact, username),
    })),
    time,
  );
  for (const customer of created) customerIds.set(customer.dataverseContactId, customer.id);
  for (const { row, username } of inserts) {
    const notes = [
      row.contact.username === null ? `the contact had no username: "${username}" (the email address works too)` : "",
      row.contact.passwordHash === null ? "no password yet: \"Forgot your password?\" sets one" : "",
    ].filter(Boolean);
    report(row, "imported", notes.join("; ") || undefined);
  }
  return { reports, customerIds };
}

type IdentityRow = ImportedIdentity & { contactWhere?: string };

/** Links a batch's identities; every identity row gets its outcome. */
async function linkBatch(tx: Transaction, identities: IdentityRow[], customerIds: Map<string, string>): Promise<RowReport[]> {
  const reports: RowReport[] = [];
  const linkable = identities.filter((identity) => customerIds.has(identity.contactId));
  for (const identity of identities) {
    if (customerIds.has(identity.contactId)) continue;
    reports.push({
      file: "external identities",
      where: identity.where,
      position: identity.position,
      contactId: identity.contactId,
      outcome: "skipped",
      kind: "other",
      reason: identity.contactWhere
        ? `its contact (${identity.contactWhere}) was not imported`
        : `no customer here was imported from contact ${identity.contactId} (it is not in the contacts export)`,
    });
  }
  const links: ImportedIdentityLink[] = linkable.map((identity) => ({
    customerId: customerIds.get(identity.contactId)!,
    provider: identity.providerId,
    providerAccountId: identity.subject,
  }));
  const results = await linkImportedIdentities(tx, links);
  linkable.forEach((identity, index) => {
    const base = { file: "external identities" as const, where: identity.where, position: identity.position, contactId: identity.contactId };
    const result = results[index];
    if (result === "linked") {
      reports.push({
        ...base,
        outcome: "imported",
        reason: identity.providerConfigured ? undefined : `provider "${identity.providerId}" is not configured on this portal yet: these sign-ins work once it is`,
      });
    } else if (result === "already_linked") {
      reports.push({ ...base, outcome: "skipped", kind: "unchanged", reason: "already linked to this customer" });
    } else {
      reports.push({ ...base, outcome: "rejected", reason: `this ${identity.providerId} identity is already linked to another customer of this portal` });
    }
  });
  return reports;
}

/**
 * The external identities export, row by row. One provider subject on two rows is one identity
 * when both name the same contact, and a conflict (every row of it rejected) when they do not.
 */
async function readIdentities(file: string, providers: ProviderMap) {
  const identities: IdentityRow[] = [];
  const contactsWithIdentity = new Set<string>();
  const reports: RowReport[] = [];
  const identityFile = await readExport(file);
  requireColumns(identityFile, "external identities", REQUIRED_IDENTITY_COLUMNS);
  for (const bad of identityFile.unreadable) {
    reports.push({ file: "external identities", where: bad.where, position: bad.position, contactId: null, outcome: "rejected", reason: bad.problem });
  }
  const seen = new Map<string, IdentityRow>();
  const conflicting = new Set<string>();
  for (const row of identityFile.rows) {
    const verdict = readExternalIdentity(row, providers);
    const contactId = verdict.kind === "identity" ? verdict.identity.contactId : verdict.contactId;
    if (contactId) contactsWithIdentity.add(contactId);
    const base = { file: "external identities" as const, where: row.where, position: row.position, contactId };
    if (verdict.kind === "reject") {
      reports.push({ ...base, outcome: "rejected", reason: verdict.problems.join("; ") });
      continue;
    }
    if (verdict.kind === "skip") {
      reports.push({ ...base, outcome: "skipped", reason: verdict.reason, kind: "unmapped_provider" });
      continue;
    }
    const key = `${verdict.identity.providerId}\u0000${verdict.identity.subject}`;
    const earlier = seen.get(key);
    const conflict = `this ${verdict.identity.providerId} identity is on more than one contact (never merged: correct the export)`;
    if (!earlier) {
      seen.set(key, verdict.identity);
      identities.push(verdict.identity);
    } else if (conflicting.has(key) || earlier.contactId !== verdict.identity.contactId) {
      reports.push({ ...base, outcome: "rejected", reason: `${conflict}; see ${earlier.where}` });
      if (!conflicting.has(key)) {
        conflicting.add(key);
        identities.splice(identities.indexOf(earlier), 1);
        reports.push({ ...base, where: earlier.where, position: earlier.position, contactId: earlier.contactId, outcome: "rejected", reason: `${conflict}; see ${row.where}` });
      }
    } else {
      reports.push({ ...base, outcome: "skipped", kind: "other", reason: `the same identity as ${earlier.where}` });
    }
  }
  return { identities, contactsWithIdentity, reports };
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
