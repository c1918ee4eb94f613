import { recordAuditEntries } from "@/lib/audit";
import { voidResetLinks } from "@/lib/auth/password-reset";
import { endAllSessions } from "@/lib/auth/sessions";
import { now } from "@/lib/clock";
import { insertImportedCustomers, updateImportedCustomer } from "@/lib/customers/customers";
import { findCustomersForImport, type ImportedCustomer } from "@/lib/customers/imported";
import type { Transaction } from "@/lib/db";
import type { Customer, ImportedValues } from "@/lib/db/schema";
import type { ImportedContact } from "./contact-row";
import type { PlacedContact } from "./duplicates";
import type { Outcome, RowReport } from "./outcome";
import { currentValuesOf, passwordHashSha256, planReimport } from "./reimport";

/** Writing one batch of checked contacts: new customers, re-imported ones (planReimport), and each row's outcome. */
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

export type Planned = PlacedContact & { username: string };

type BatchResult = { reports: RowReport[]; customerIds: Map<string, string> };

/** One batch of checked contacts, in one transaction. */
export async function writeBatch(tx: Transaction, batch: Planned[], fallbackNames: Map<string, string>): Promise<BatchResult> {
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
