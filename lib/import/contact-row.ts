import { LEGACY_HASH_PREFIX, parseAspNetIdentityHash } from "@/lib/auth/legacy-password-hash";
import { emailSchema } from "@/lib/customers/account-fields";
import type { ExportRow } from "./read-export";
import { dateCell, flagCell, guidCell, Problem, textCell, type Cell } from "./column-values";

/**
 * One Dataverse `contact` row, checked and mapped onto a customer (the column table is in the
 * README's "Moving from Power Pages"). Rows without a web account are skipped; a row with
 * something wrong is rejected with every problem named.
 */
export type ImportedContact = {
  contactId: string;
  /** null: the contact had no username; one is made from the email address. */
  username: string | null;
  email: string;
  emailConfirmed: boolean;
  name: string | null;
  phone: string | null;
  /** `aspnet-identity:<base64>`, or null for a contact who has no password yet. */
  passwordHash: string | null;
  disabled: boolean;
  /** Power Pages' lockout end when lockout is enabled (a past end is no lock). */
  lockedUntil: Date | null;
  mfaEmailCodeRequired: boolean;
};

export type ContactVerdict =
  | { kind: "contact"; contact: ImportedContact }
  | { kind: "skip"; contactId: string | null; reason: string }
  | { kind: "reject"; contactId: string | null; problems: string[] };

/** Without these the import could not carry a customer's sign-in or lock state faithfully. */
export const REQUIRED_CONTACT_COLUMNS = [
  "contactid",
  "adx_identity_username",
  "emailaddress1",
  "adx_identity_passwordhash",
  "adx_identity_logonenabled",
  "adx_identity_lockoutenabled",
  "adx_identity_lockoutenddate",
] as const;

/** Carried when present; a missing one is reported once, with what its absence means. */
export const OPTIONAL_CONTACT_COLUMNS: Record<string, string> = {
  adx_identity_emailaddress1confirmed: "no address counts as confirmed",
  adx_identity_twofactorenabled: "no customer is marked for the email code",
  fullname: "names come from firstname and lastname only",
  firstname: "names come from fullname only",
  lastname: "names come from fullname only",
  mobilephone: "phone numbers come from telephone1 only",
  telephone1: "phone numbers come from mobilephone only",
};

// Dataverse's column lengths (adx_identity_username 100, fullname 160, telephone 50).
const USERNAME_MAX = 100;
const NAME_MAX = 160;
const PHONE_MAX = 50;

export function readContact(row: ExportRow, hasExternalIdentity: (contactId: string) => boolean): ContactVerdict {
  const f = row.fields;
  const problems: string[] = [];
  const take = <T,>(cell: Cell<T>): T | null => {
    if (cell instanceof Problem) {
      problems.push(cell.message);
      return null;
    }
    return cell;
  };

  const contactId = take(guidCell(f.contactid, "contactid"));
  const username = take(textCell(f.adx_identity_username, "adx_identity_username", USERNAME_MAX));
  const rawHash = take(textCell(f.adx_identity_passwordhash, "adx_identity_passwordhash", 1024));
  if (problems.length === 0 && !contactId) problems.push("contactid is empty");
  if (problems.length > 0) return { kind: "reject", contactId, problems };

  // A CRM contact who never had a web account is not a customer of the portal.
  if (!username && !rawHash && !hasExternalIdentity(contactId!)) {
    return { kind: "skip", contactId, reason: "no web account (no username, password hash or external identity)" };
  }

  const rawEmail = take(textCell(f.emailaddress1, "emailaddress1", 254));
  let email: string | null = null;
  if (rawEmail) {
    const parsed = emailSchema.safeParse(rawEmail);
    if (parsed.success) email = parsed.data;
    else problems.push(`emailaddress1 "${rawEmail}" is not an email address`);
  } else if (!problems.length) {
    problems.push("emailaddress1 is empty: a customer needs an address for \"Forgot your password?\" and notices");
  }

  let passwordHash: string | null = null;
  if (rawHash) {
    if (parseAspNetIdentityHash(rawHash)) passwordHash = `${LEGACY_HASH_PREFIX}${rawHash}`;
    else problems.push("adx_identity_passwordhash is not an ASP.NET Identity v2 or v3 password hash");
  }

  const logonEnabled = take(flagCell(f.adx_identity_logonenabled, "adx_identity_logonenabled"));
  if (logonEnabled === null && !problems.some((problem) => problem.startsWith("adx_identity_logonenabled"))) {
    problems.push("adx_identity_logonenabled is empty: say true or false, whether this contact may sign in");
  }
  const lockoutEnabled = take(flagCell(f.adx_identity_lockoutenabled, "adx_identity_lockoutenabled"));
  const lockoutEnd = take(dateCell(f.adx_identity_lockoutenddate, "adx_identity_lockoutenddate"));
  const emailConfirmed = take(flagCell(f.adx_identity_emailaddress1confirmed, "adx_identity_emailaddress1confirmed"));
  const twoFactor = take(flagCell(f.adx_identity_twofactorenabled, "adx_identity_twofactorenabled"));

  const fullName = take(textCell(f.fullname, "fullname", NAME_MAX));
  const firstName = take(textCell(f.firstname, "firstname", NAME_MAX));
  const lastName = take(textCell(f.lastname, "lastname", NAME_MAX));
  const mobile = take(textCell(f.mobilephone, "mobilephone", PHONE_MAX));
  const telephone = take(textCell(f.telephone1, "telephone1", PHONE_MAX));

  if (problems.length > 0) return { kind: "reject", contactId, problems };
  return {
    kind: "contact",
    contact: {
      contactId: contactId!,
      username,
      email: email!,
      emailConfirmed: emailConfirmed ?? false,
      name: fullName ?? ([firstName, lastName].filter(Boolean).join(" ") || null),
      phone: mobile ?? telephone,
      passwordHash,
      disabled: !logonEnabled,
      lockedUntil: lockoutEnabled && lockoutEnd ? lockoutEnd : null,
      mfaEmailCodeRequired: twoFactor ?? false,
    },
  };
}
