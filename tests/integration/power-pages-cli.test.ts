import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { userCommand } from "@/scripts/user-commands";
import { fixture, PROVIDER_MAP, writeContactsCsv } from "../support/power-pages";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * `npm run user -- import` and `migration` on the test's database: the commands in this process
 * (the process around them, its output streams and exit code, is tests/integration/cli.test.ts).
 */
withTestDatabase();
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "portal-import-cli-"));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const user = (...args: string[]) => userCommand(args);

const mapping = PROVIDER_MAP.flatMap((pair) => ["--provider-map", pair]);

describe(`npm run user -- import and migration, on ${testDatabaseLabel()}`, () => {
  it("reports every row that needs a word and the counts, writes nothing on a dry run, and exits 1 when a row was rejected", async () => {
    const dry = await user("import", fixture("contacts.csv"), "--external-identities", fixture("external-identities.csv"), ...mapping, "--dry-run");
    expect(dry.code).toBe(1);
    expect(dry.out).toContain("contacts, line 12: rejected: this row has a different number of fields from the header");
    expect(dry.out).toContain("Contacts: 12 rows: 7 would be imported, 0 would be updated, 1 skipped (1 no web account), 4 rejected.");
    expect(dry.out).toContain("Dry run: nothing was written.");
    expect((await user("list")).out).toContain("No customers yet.");

    const real = await user("import", fixture("contacts.csv"), "--external-identities", fixture("external-identities.csv"), ...mapping);
    expect(real.code).toBe(1);
    expect(real.out).toMatch(/contacts, line 13 \(contactid cccccccc-cccc-4ccc-8ccc-cccccccccccc\): rejected: adx_identity_passwordhash is not/);
    expect(real.out).toContain('external identities, line 5 (contactid 11111111-1111-4111-8111-111111111111): skipped: provider "Facebook" has no mapping');
    expect(real.out).toContain("Contacts: 12 rows: 7 imported, 0 updated, 1 skipped (1 no web account), 4 rejected.");
    expect(real.out).toContain("External identities: 7 rows: 3 imported, 0 updated, 3 skipped (1 provider not mapped, 2 other reasons), 1 rejected.");
    expect((await user("list")).out).toMatch(/old\.account\told\.account@example\.test\tOlga Account\tdisabled/);

    const again = await user("import", fixture("contacts.json"), "--external-identities", fixture("external-identities.json"), ...mapping);
    expect(again.out).toContain("Contacts: 12 rows: 0 imported, 0 updated, 8 skipped (7 unchanged, 1 no web account), 4 rejected.");
  });

  it("prints control characters from the export escaped, never raw, so a cell cannot drive the operator's terminal (issue 22)", async () => {
    const escape = "\u001b]0;owned\u0007\u001b[2J\u202e";
    const file = writeContactsCsv([
      { contactid: `16161616-1616-4161-8161-161616161616${escape}`, adx_identity_username: "escape.one", emailaddress1: "escape.one@example.test" },
      { contactid: "17171717-1717-4171-8171-171717171717", adx_identity_username: "escape.two", emailaddress1: "escape.two@example.test", adx_identity_lockoutenddate: `2026-01-01${escape}` },
    ]);
    const result = await user("import", file, "--dry-run");
    expect(result.out).toContain("\\x1b]0;owned\\x07\\x1b[2J\\u202e");
    expect(result.out).toContain("contacts, line 3 (contactid 17171717-1717-4171-8171-171717171717): rejected");
    expect(result.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it("exits 0 when every row was imported, updated or skipped", async () => {
    const clean = writeContactsCsv([{ contactid: "15151515-1515-4151-8151-151515151515", adx_identity_username: "clean.row", emailaddress1: "clean.row@example.test" }]);
    const result = await user("import", clean);
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain("Contacts: 1 rows: 1 imported, 0 updated, 0 skipped, 0 rejected.");
  });

  it("tells the operator where the migration stands", async () => {
    const report = await user("migration");
    expect(report.code).toBe(0);
    expect(report.out).toContain("Customers imported from Power Pages: 8");
    expect(report.out).toContain("still on their Power Pages password hash: 4 (v2 3, v3 1)");
    expect(report.out).toContain("signed in since the import: 0");
    expect(report.out).toContain("no password yet: 4");
  });

  it("refuses a file it cannot use with a message that says what to do", async () => {
    const noColumns = path.join(scratch, "no-columns.csv");
    writeFileSync(noColumns, "contactid,emailaddress1\n16161616-1616-4161-8161-161616161616,a@example.test\n");
    const columns = await user("import", noColumns);
    expect(columns.code).toBe(1);
    expect(columns.err).toContain("The contacts export has no adx_identity_username, adx_identity_passwordhash, adx_identity_logonenabled");
    const paged = path.join(scratch, "page.json");
    writeFileSync(paged, JSON.stringify({ value: [], "@odata.nextLink": "https://contoso.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=x" }));
    expect((await user("import", paged)).err).toContain("one page of a longer answer");
    const badMap = await user("import", fixture("contacts.csv"), "--provider-map", "Facebook");
    expect(badMap.code).toBe(1);
    expect(badMap.err).toContain('--provider-map "Facebook" is not <adx_identityprovidername>=<provider id>');
  });
});
