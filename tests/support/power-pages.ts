import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";

/** The fixtures of a Power Pages export (tests/fixtures/power-pages) and what their rows hold. */
export const FIXTURES = path.join(process.cwd(), "tests", "fixtures", "power-pages");
export const fixture = (name: string) => path.join(FIXTURES, name);

/** The mapping the fixtures need: their two OpenID Connect authorities; "Facebook" stays unmapped. */
export const PROVIDER_MAP = [
  "https://login.corp.example.test=corp",
  "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000a11a/v2.0=microsoft-entra-id",
];

/** Contacts of the fixtures by their part in the tests; passwords are what Power Pages hashed. */
export const CONTACTS = {
  v2: { contactId: "11111111-1111-4111-8111-111111111111", username: "jsmith", email: "john.smith@example.test", password: "my password" },
  v3: { contactId: "22222222-2222-4222-8222-222222222222", username: "maria.garcia@example.test", email: "maria.garcia@example.test", password: "my password" },
  noPassword: { contactId: "33333333-3333-4333-8333-333333333333", username: "pnguyen", email: "pnguyen@example.test" },
  disabled: { contactId: "44444444-4444-4444-8444-444444444444", username: "old.account", email: "old.account@example.test", password: "Garden-Path-2019" },
  locked: { contactId: "55555555-5555-4555-8555-555555555555", username: "locked.out", email: "locked.out@example.test", password: "Winter-Lake-2021" },
  twoIdentities: { contactId: "66666666-6666-4666-8666-666666666666", username: "akumar", email: "akumar@example.test" },
  noUsername: { contactId: "77777777-7777-4777-8777-777777777777", username: "sofia.rossi", email: "sofia.rossi@example.test" },
} as const;

/** An ASP.NET Identity v2 hash, as Power Pages stores it (base64 of 0x00 | salt | PBKDF2-HMAC-SHA1 ×1000). */
export function aspNetIdentityV2Hash(password: string, salt = randomBytes(16)): string {
  const subkey = pbkdf2Sync(Buffer.from(password, "utf8"), salt, 1000, 32, "sha1");
  return Buffer.concat([Buffer.from([0]), salt, subkey]).toString("base64");
}

export const CONTACT_COLUMNS = [
  "contactid",
  "adx_identity_username",
  "emailaddress1",
  "adx_identity_emailaddress1confirmed",
  "adx_identity_passwordhash",
  "adx_identity_logonenabled",
  "adx_identity_lockoutenabled",
  "adx_identity_lockoutenddate",
  "adx_identity_twofactorenabled",
  "firstname",
  "lastname",
  "fullname",
  "mobilephone",
  "telephone1",
] as const;

export type ContactRow = Partial<Record<(typeof CONTACT_COLUMNS)[number], string>>;

/** A CSV export of these contacts in a temporary folder (columns not given are empty; sign-in is enabled). */
export function writeContactsCsv(rows: ContactRow[]): string {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [CONTACT_COLUMNS.join(",")];
  for (const row of rows) {
    const full: ContactRow = { adx_identity_logonenabled: "True", adx_identity_lockoutenabled: "True", ...row };
    lines.push(CONTACT_COLUMNS.map((column) => quote(full[column] ?? "")).join(","));
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), "power-pages-")), "contacts.csv");
  writeFileSync(file, `${lines.join("\r\n")}\r\n`);
  return file;
}

export async function customerOfContact(contactId: string) {
  const [row] = await (await db()).select().from(customers).where(eq(customers.dataverseContactId, contactId));
  return row;
}
