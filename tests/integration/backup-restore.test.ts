import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";
import { listCaseAttachments, openAttachment } from "@/lib/support/attachments/attachments";
import { takeMessageFiles } from "@/lib/support/attachments/message-files";
import { createCase, findCase } from "@/lib/support/cases";
import { readiness } from "@/lib/operations/readiness";
import { freshMeta, makeCustomer } from "../support/customers";
import { createTestDatabase, dropDatabase, type TestDatabase } from "../support/test-database";

/**
 * Issue 29: the README's backup runbook, run. A populated PostgreSQL database is dumped with
 * pg_dump, restored into a new database with pg_restore, and the portal signs in and reads a case
 * and its attachment there (kept in the database, the default; with ATTACHMENTS_DIR that folder is
 * backed up beside the dump, as the runbook says). PostgreSQL only: the embedded database is one folder, backed up by copying it while the
 * portal is stopped.
 */
const run = promisify(execFile);
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) console.info("backup-restore: skipped — it needs a PostgreSQL server (set TEST_DATABASE_URL) and pg_dump/pg_restore");
const describeOnPostgres = onPostgres ? describe : describe.skip;

describeOnPostgres("backup and restore with pg_dump and pg_restore (issue 29)", () => {
  let original: TestDatabase;
  let restoredName: string;
  let restored: DatabaseHandle | undefined;
  let folder: string;

  beforeAll(async () => {
    original = await createTestDatabase();
    setPortalDatabase(original);
    folder = mkdtempSync(path.join(tmpdir(), "portal-backup-"));
  });

  afterAll(async () => {
    await restored?.close();
    await original?.drop();
    if (restoredName) {
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        await dropDatabase(admin, restoredName);
      } finally {
        await admin.end();
      }
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it("restores a working portal: the customer signs in with their password and reads their case and its attachment", async () => {
    const customer = await makeCustomer();
    const invoice = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const form = new FormData();
    form.append("files", new File([new Uint8Array(invoice)], "invoice.pdf", { type: "application/pdf" }));
    const files = await takeMessageFiles(customer, form);
    expect(files.status).toBe("accepted");
    const created = await createCase(
      customer,
      { subject: "Invoice total looks wrong", category: "question", description: "Twice the usual amount on my last invoice." },
      "en",
      files.status === "accepted" ? files.ids : [],
    );

    // The runbook's commands: a custom-format dump, restored into a new, empty database.
    const dump = path.join(folder, "portal.dump");
    await run("pg_dump", ["--format=custom", "--no-owner", "--file", dump, original.url!]);
    expect(statSync(dump).size).toBeGreaterThan(0);
    restoredName = `${new URL(original.url!).pathname.slice(1)}_restored`;
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${restoredName}`);
    } finally {
      await admin.end();
    }
    const restoredUrl = new URL(original.url!);
    restoredUrl.pathname = `/${restoredName}`;
    await run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", restoredUrl.toString(), dump]);

    // The original goes away, as after losing the server; the portal opens the restored copy.
    await original.close();
    restored = await openDatabase({ kind: "postgres", url: restoredUrl.toString() });
    setPortalDatabase(restored);

    expect(await signInWithPassword(customer.username, customer.password, freshMeta())).toMatchObject({ ok: true, customer: { id: customer.id } });
    const restoredCase = await findCase(customer.id, String(created.id));
    expect(restoredCase).toMatchObject({ subject: "Invoice total looks wrong" });
    expect(JSON.stringify(restoredCase)).toContain("Twice the usual amount on my last invoice.");
    const [attachment] = await listCaseAttachments(created.id, { includeInternal: false });
    expect(attachment).toMatchObject({ fileName: "invoice.pdf" });
    const opened = await openAttachment({ customerId: customer.id, staff: false }, attachment.id, "file");
    expect(Buffer.from(opened!.data).equals(invoice)).toBe(true);
    expect((await readiness()).database).toMatchObject({ reachable: true, migrations: { current: true } });
  });
});
