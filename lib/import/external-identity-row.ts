import type { ExportRow } from "./read-export";
import { guidCell, Problem, textCell } from "./column-values";
import type { ProviderMap } from "./provider-map";

/**
 * One `adx_externalidentity` row: a customer's sign-in at an external identity provider. It becomes
 * a row of Auth.js's accounts table (provider id + the provider's subject) for the same customer.
 */
export type ImportedIdentity = {
  where: string;
  position: number;
  contactId: string;
  providerName: string;
  providerId: string;
  providerConfigured: boolean;
  subject: string;
};

export type IdentityVerdict =
  | { kind: "identity"; identity: ImportedIdentity }
  | { kind: "skip"; contactId: string | null; reason: string; providerName?: string }
  | { kind: "reject"; contactId: string | null; problems: string[] };

/** The Web API names a lookup column `_<name>_value`; a CSV export names it plainly. */
function contactColumn(fields: Record<string, unknown>): unknown {
  return fields.adx_contactid ?? fields._adx_contactid_value;
}

export const REQUIRED_IDENTITY_COLUMNS = [["adx_contactid", "_adx_contactid_value"], ["adx_identityprovidername"], ["adx_username"]] as const;

export function readExternalIdentity(row: ExportRow, providers: ProviderMap): IdentityVerdict {
  const problems: string[] = [];
  const contactCell = guidCell(contactColumn(row.fields), "adx_contactid");
  const providerCell = textCell(row.fields.adx_identityprovidername, "adx_identityprovidername", 400);
  const subjectCell = textCell(row.fields.adx_username, "adx_username", 400);
  for (const cell of [contactCell, providerCell, subjectCell]) if (cell instanceof Problem) problems.push(cell.message);
  const contactId = contactCell instanceof Problem ? null : contactCell;
  if (problems.length === 0) {
    if (!contactId) problems.push("adx_contactid is empty");
    if (!providerCell) problems.push("adx_identityprovidername is empty");
    if (!subjectCell) problems.push("adx_username (the provider's key for the customer) is empty");
  }
  if (problems.length > 0) return { kind: "reject", contactId, problems };

  const providerName = providerCell as string;
  const target = providers.lookup(providerName);
  if (!target) {
    return {
      kind: "skip",
      contactId,
      providerName,
      reason: `provider "${providerName}" has no mapping to a provider of this portal (add --provider-map "${providerName}=<provider id>")`,
    };
  }
  return {
    kind: "identity",
    identity: {
      where: row.where,
      position: row.position,
      contactId: contactId!,
      providerName,
      providerId: target.providerId,
      providerConfigured: target.configured,
      subject: subjectCell as string,
    },
  };
}
