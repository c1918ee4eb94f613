import { parseOptions } from "@node-rs/argon2";
import { and, asc, count, eq } from "drizzle-orm";
import { setAccountDisabled } from "@/lib/auth/accounts";
import { recordSignIn, signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, MINUTE, resetClock } from "@/lib/clock";
import { unlockCustomer } from "@/lib/customers/customers";
import { importProgress } from "@/lib/customers/imported";
import { importContacts, type ImportReport } from "@/lib/import/import-contacts";
import { db } from "@/lib/db";
import { accounts, auditLog, customers } from "@/lib/db/schema";
import { freshMeta, reloadCustomer } from "../support/customers";
import { aspNetIdentityV2Hash, CONTACTS, customerOfContact, fixture, PROVIDER_MAP, writeContactsCsv } from "../support/power-pages";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

/** A password sign-in as the sign-in form makes it for a customer without two-step verification: the check, then the record of it. */
async function signIn(login: string, password: string, meta: ReturnType<typeof freshMeta>) {
  const outcome = await signInWithPassword(login, password, meta);
  if (outcome.ok) await recordSignIn(outcome.customer.id, meta);
  return outcome;
}
afterEach(resetClock);

const csv = { contactsFile: fixture("contacts.csv"), identitiesFile: fixture("external-identities.csv"), providerMap: PROVIDER_MAP };
const json = { contactsFile: fixture("contacts.json"), identitiesFile: fixture("external-identities.json"), providerMap: PROVIDER_MAP };

const outcomesOf = (report: ImportReport, file: "contacts" | "external identities") =>
  report.rows.filter((row) => row.file === file).map((row) => `${row.where} ${row.outcome}`);

async function everything() {
  const database = await db();
  return {
    customers: await database.select().from(customers).orderBy(asc(customers.username)),
    accounts: await database.select().from(accounts).orderBy(asc(accounts.provider), asc(accounts.providerAccountId)),
    audit: (await database.select({ n: count() }).from(auditLog))[0].n,
  };
}

async function auditEvents(customerId: string, event: string) {
  return (await db()).select().from(auditLog).where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, event)));
}

describe(`npm run user -- import: a Power Pages export, on ${testDatabaseLabel()}`, () => {
  it("checks everything in a dry run and writes nothing", async () => {
    const report = await importContacts({ ...csv, dryRun: true });
    expect(report.contacts).toEqual({ rows: 12, imported: 7, updated: 0, skipped: 1, rejected: 4 });
    expect(report.identities).toEqual({ rows: 7, imported: 3, updated: 0, skipped: 3, rejected: 1 });
    expect(await everything()).toEqual({ customers: [], accounts: [], audit: 0 });
  });

  it("handles every row of the CSV export: imported, skipped with why, or rejected with the line and what is wrong", async () => {
    const report = await importContacts(csv);
    expect(report.contacts).toEqual({ rows: 12, imported: 7, updated: 0, skipped: 1, rejected: 4 });
    expect(outcomesOf(report, "contacts")).toEqual([
      "line 2 imported",
      "line 3 imported",
      "line 4 imported",
      "line 5 imported",
      "line 6 imported",
      "line 7 imported",
      "line 8 imported",
      "line 9 rejected",
      "line 10 rejected",
      "line 11 skipped",
      "line 12 rejected",
      "line 13 rejected",
    ]);
    const reason = (where: string) => report.rows.find((row) => row.file === "contacts" && row.where === where)?.reason;
    // The duplicate, case-insensitively, is reported on both lines and neither is imported.
    expect(reason("line 9")).toMatch(/email address "t\.lee@example\.test" is also the email address on line 10/);
    expect(reason("line 10")).toMatch(/is also the email address on line 9/);
    expect(reason("line 11")).toBe("no web account (no username, password hash or external identity)");
    expect(reason("line 12")).toMatch(/different number of fields/);
    expect(reason("line 13")).toMatch(/adx_identity_passwordhash is not an ASP.NET Identity v2 or v3 password hash; adx_identity_lockoutenddate is "next tuesday"/);

    expect(outcomesOf(report, "external identities")).toEqual([
      "line 2 imported",
      "line 3 imported",
      "line 4 imported",
      "line 5 skipped",
      "line 6 skipped",
      "line 7 skipped",
      "line 8 rejected",
    ]);
    const identityReason = (where: string) => report.rows.find((row) => row.file === "external identities" && row.where === where)?.reason;
    expect(identityReason("line 5")).toMatch(/provider "Facebook" has no mapping/);
    expect(identityReason("line 6")).toMatch(/not in the contacts export/);
    expect(identityReason("line 7")).toBe("its contact (line 9) was not imported");
    expect(identityReason("line 8")).toMatch(/adx_username .* is empty/);
  });

  it("carries over each account's username, email, name, phone, confirmation, sign-in, lock, two-factor and hash", async () => {
    const v2 = await customerOfContact(CONTACTS.v2.contactId);
    expect(v2).toMatchObject({ username: "jsmith", email: "john.smith@example.test", name: "John Smith", phone: "+1 555 0100 111", disabled: false, lockedUntil: null, mfaEmailCodeRequired: false });
    expect(v2.passwordHash).toBe("aspnet-identity:AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg==");
    expect(v2.emailVerified).toBeInstanceOf(Date);
    expect(v2.importedAt).toBeInstanceOf(Date);

    const v3 = await customerOfContact(CONTACTS.v3.contactId);
    expect(v3).toMatchObject({ username: "maria.garcia@example.test", name: "María García", phone: "+34 91 123 4567", mfaEmailCodeRequired: true });
    expect(v3.passwordHash).toMatch(/^aspnet-identity:AQAAAAEAACcQ/);

    expect(await customerOfContact(CONTACTS.noPassword.contactId)).toMatchObject({ username: "pnguyen", passwordHash: null, emailVerified: null, disabled: false });
    expect(await customerOfContact(CONTACTS.disabled.contactId)).toMatchObject({ username: "old.account", disabled: true });
    expect((await customerOfContact(CONTACTS.locked.contactId)).lockedUntil).toEqual(new Date("2099-01-01T00:00:00Z"));

    const twoIdentities = await customerOfContact(CONTACTS.twoIdentities.contactId);
    const linked = await (await db()).select().from(accounts).where(eq(accounts.userId, twoIdentities.id)).orderBy(asc(accounts.provider));
    expect(linked.map((row) => [row.provider, row.providerAccountId])).toEqual([
      ["corp", "corp-akumar-0001"],
      ["microsoft-entra-id", "entra-akumar-oid"],
    ]);
    const noUsername = await customerOfContact(CONTACTS.noUsername.contactId);
    expect(noUsername).toMatchObject({ username: "sofia.rossi", email: "sofia.rossi@example.test", name: "Sofia Rossi" });
    expect(await auditEvents(v2.id, "customer_imported")).toHaveLength(1);
  });

  it("changes nothing when the same file is imported again, and the JSON export of the same contacts maps to the same values", async () => {
    const before = await everything();
    const again = await importContacts(csv);
    expect(again.contacts).toEqual({ rows: 12, imported: 0, updated: 0, skipped: 8, rejected: 4 });
    expect(again.rows.filter((row) => row.kind === "unchanged" && row.file === "contacts")).toHaveLength(7);
    expect(again.identities).toMatchObject({ imported: 0, skipped: 6 });
    const fromJson = await importContacts(json);
    expect(fromJson.contacts).toEqual({ rows: 12, imported: 0, updated: 0, skipped: 8, rejected: 4 });
    expect(fromJson.identities).toMatchObject({ imported: 0, skipped: 6, rejected: 1 });
    expect(await everything()).toEqual(before);
  });

  it("signs in with the old v2 and v3 passwords and makes each hash argon2id in the same step, audited (S5)", async () => {
    for (const contact of [CONTACTS.v2, CONTACTS.v3]) {
      const outcome = await signIn(contact.username, contact.password, freshMeta());
      expect(outcome).toMatchObject({ ok: true });
      const customer = await customerOfContact(contact.contactId);
      expect(parseOptions(customer.passwordHash!)).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
      const [upgrade] = await auditEvents(customer.id, "password_hash_upgraded");
      expect(upgrade.details).toEqual({ from: contact === CONTACTS.v2 ? "aspnet-identity-v2" : "aspnet-identity-v3", to: "argon2id" });
      // The same password keeps working, now against argon2id.
      expect((await signIn(contact.email.toUpperCase(), contact.password, freshMeta())).ok).toBe(true);
      expect(await auditEvents(customer.id, "password_hash_upgraded")).toHaveLength(1);
    }
  });

  it("refuses a disabled or locked imported account with the generic answer, even with its old password (S25)", async () => {
    for (const contact of [CONTACTS.disabled, CONTACTS.locked]) {
      expect(await signIn(contact.username, contact.password, freshMeta())).toEqual({ ok: false, reason: "invalid" });
      expect((await customerOfContact(contact.contactId)).passwordHash).toMatch(/^aspnet-identity:/);
    }
  });

  it("counts a wrong password against a legacy hash towards the lockout like any other (S27)", async () => {
    const file = writeContactsCsv([
      { contactid: "12121212-1212-4121-8121-121212121212", adx_identity_username: "legacy.guesses", emailaddress1: "legacy.guesses@example.test", adx_identity_passwordhash: aspNetIdentityV2Hash("Autumn-Leaves-2020") },
    ]);
    expect((await importContacts({ contactsFile: file })).contacts.imported).toBe(1);
    for (let i = 0; i < 5; i += 1) expect(await signIn("legacy.guesses", `wrong guess ${i}`, freshMeta())).toEqual({ ok: false, reason: "invalid" });
    const locked = await customerOfContact("12121212-1212-4121-8121-121212121212");
    expect(locked.failedSignIns).toBe(5);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await auditEvents(locked.id, "lockout_started")).toHaveLength(1);
    // The right password is refused while locked, and the legacy hash stays until it is accepted.
    expect((await signIn("legacy.guesses", "Autumn-Leaves-2020", freshMeta())).ok).toBe(false);
    expect((await reloadCustomer(locked.id)).passwordHash).toMatch(/^aspnet-identity:/);
    advanceClock(5 * MINUTE + 1_000);
    expect((await signIn("legacy.guesses", "Autumn-Leaves-2020", freshMeta())).ok).toBe(true);
    expect((await reloadCustomer(locked.id)).passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("updates the same customers from a later export, matched by contactid, and never overwrites what changed here", async () => {
    const lockedHere = await customerOfContact(CONTACTS.locked.contactId);
    await unlockCustomer(lockedHere.id);
    const newHash = aspNetIdentityV2Hash("Spring-Meadow-2026");
    const later = writeContactsCsv([
      // Signed in here since (argon2id now): the export's new hash is not taken; the phone is.
      { contactid: CONTACTS.v2.contactId, adx_identity_username: "jsmith", emailaddress1: "John.Smith@example.test", adx_identity_emailaddress1confirmed: "True", adx_identity_passwordhash: aspNetIdentityV2Hash("changed on the old site"), fullname: "John Smith", mobilephone: "+1 555 0100 999" },
      // Registered on the old site since the first export: the password arrives.
      { contactid: CONTACTS.noPassword.contactId, adx_identity_username: "pnguyen", emailaddress1: "pnguyen@example.test", adx_identity_passwordhash: newHash, fullname: "Phuong Nguyen-Tran" },
      // Sign-in enabled again on the old site, nothing changed here: it follows.
      { contactid: CONTACTS.disabled.contactId, adx_identity_username: "old.account", emailaddress1: "old.account@example.test", adx_identity_emailaddress1confirmed: "True", adx_identity_passwordhash: "AKGyw9Tl9gcYKTpLXG1+j5D3dGJL27NAilKqnlK8oVnXpcHCUdKYOT6hlugDYd9AJg==", fullname: "Olga Account" },
      // Unlocked here by the operator; the export moves the old lock: this portal's state stays.
      { contactid: CONTACTS.locked.contactId, adx_identity_username: "locked.out", emailaddress1: "locked.out@example.test", adx_identity_emailaddress1confirmed: "True", adx_identity_passwordhash: "AA8eLTxLWml4h5altMPS4fBniXB+j780Q0sqogmfK4EX8oOh2Niy14WSXWTlDxMpjw==", adx_identity_lockoutenddate: "2098-01-01T00:00:00Z", fullname: "Lars Lockwood" },
    ]);
    const report = await importContacts({ contactsFile: later });
    expect(report.contacts).toEqual({ rows: 4, imported: 0, updated: 3, skipped: 1, rejected: 0 });
    const reasons = report.rows.map((row) => `${row.outcome}: ${row.reason}`);
    expect(reasons).toEqual([
      "updated: changed the phone; kept this portal's password (changed here since the import)",
      "updated: changed the name, password",
      "updated: changed the sign-in enabled",
      "skipped: kept this portal's lockout (changed here since the import)",
    ]);

    const v2 = await customerOfContact(CONTACTS.v2.contactId);
    expect(v2.passwordHash).toMatch(/^\$argon2id\$/);
    expect(v2.phone).toBe("+1 555 0100 999");
    expect((await signIn("jsmith", CONTACTS.v2.password, freshMeta())).ok).toBe(true);
    expect((await signIn("pnguyen", "Spring-Meadow-2026", freshMeta())).ok).toBe(true);
    expect((await customerOfContact(CONTACTS.disabled.contactId)).disabled).toBe(false);
    expect((await customerOfContact(CONTACTS.locked.contactId)).lockedUntil).toBeNull();

    // The operator disables an account here: a later export that still says "enabled" does not undo it.
    await setAccountDisabled(v2.id, true);
    const again = await importContacts({ contactsFile: later });
    expect(again.contacts).toMatchObject({ imported: 0, updated: 0, skipped: 4 });
    expect((await reloadCustomer(v2.id)).disabled).toBe(true);
  });

  it("refuses to take over a customer this portal already has under the same username or email", async () => {
    const file = writeContactsCsv([
      { contactid: "13131313-1313-4131-8131-131313131313", adx_identity_username: "JSMITH", emailaddress1: "someone.else@example.test" },
      { contactid: "14141414-1414-4141-8141-141414141414", adx_identity_username: "someone.new", emailaddress1: "PNGUYEN@example.test" },
    ]);
    const report = await importContacts({ contactsFile: file });
    expect(report.contacts).toMatchObject({ imported: 0, rejected: 2 });
    expect(report.rows.map((row) => row.reason)).toEqual([
      'the username "JSMITH" belongs to a customer already in this portal who was not imported from this contact',
      "the email address pnguyen@example.test belongs to a customer already in this portal who was not imported from this contact",
    ]);
  });

  it("counts who is still on a legacy hash, who signed in since the import and who has no password", async () => {
    // Imported: the 7 fixtures and legacy.guesses. Signed in here: jsmith, maria, legacy.guesses,
    // pnguyen (whose password came with the later export). Legacy hashes left: old.account, locked.out.
    expect(await importProgress()).toMatchObject({ imported: 8, legacyPasswordV2: 2, legacyPasswordV3: 0, signedInSinceImport: 4, noPassword: 2 });
  });
});
