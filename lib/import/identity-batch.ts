import { linkImportedIdentities, type ImportedIdentityLink } from "@/lib/auth/external-sign-in";
import type { Transaction } from "@/lib/db";
import { readExternalIdentity, REQUIRED_IDENTITY_COLUMNS, type ImportedIdentity } from "./external-identity-row";
import type { RowReport } from "./outcome";
import type { ProviderMap } from "./provider-map";
import { readExport, requireColumns } from "./read-export";

/** The external identities export: reading it (one identity per provider subject) and linking a batch to customers. */
export type IdentityRow = ImportedIdentity & { contactWhere?: string };

/** Links a batch's identities; every identity row gets its outcome. */
export async function linkBatch(tx: Transaction, identities: IdentityRow[], customerIds: Map<string, string>): Promise<RowReport[]> {
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
export async function readIdentities(file: string, providers: ProviderMap) {
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
