/**
 * npm run bench:import — how long `npm run user -- import` takes for a large Power Pages export.
 * Writes a synthetic export (BENCH_IMPORT_ROWS contacts, 100 000 by default, and external
 * identities for a tenth of them) to a temporary folder, imports it into a fresh database (a new
 * database on the PostgreSQL server in DATABASE_URL, else an embedded one) with the CLI as an
 * operator runs it, imports it a second time (nothing changes), prints the figures and cleans up.
 */
import { spawnSync } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database";
import { benchDatabase, runBench } from "./entry-point";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
// Distinct hashes cost a PBKDF2 each to make; the import's work does not depend on them being distinct.
const DISTINCT_HASHES = 256;

function v2Hash(password: string): string {
  const salt = randomBytes(16);
  return Buffer.concat([Buffer.from([0]), salt, pbkdf2Sync(password, salt, 1000, 32, "sha1")]).toString("base64");
}

function contactId(i: number): string {
  const hex = i.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

function writeExport(folder: string) {
  const hashes = Array.from({ length: DISTINCT_HASHES }, (_, i) => v2Hash(`benchmark password ${i}`));
  const contacts = [
    "contactid,adx_identity_username,emailaddress1,adx_identity_emailaddress1confirmed,adx_identity_passwordhash,adx_identity_logonenabled,adx_identity_lockoutenabled,adx_identity_lockoutenddate,adx_identity_twofactorenabled,firstname,lastname,fullname,mobilephone,telephone1",
  ];
  const identities = ["adx_contactid,adx_identityprovidername,adx_username"];
  for (let i = 0; i < ROWS; i += 1) {
    const hash = i % 10 === 9 ? "" : hashes[i % DISTINCT_HASHES];
    const enabled = i % 100 === 42 ? "False" : "True";
    const lock = i % 500 === 7 ? "2099-01-01T00:00:00Z" : "";
    contacts.push(
      `${contactId(i)},customer${i},customer${i}@example.test,${i % 3 === 0 ? "False" : "True"},${hash},${enabled},True,${lock},${i % 20 === 0 ? "True" : "False"},Given${i},Family${i},Given${i} Family${i},+1 555 ${String(i).padStart(7, "0")},`,
    );
    if (i % 10 === 0) identities.push(`${contactId(i)},https://login.corp.example.test/,corp-subject-${i}`);
  }
  const contactsFile = path.join(folder, "contacts.csv");
  const identitiesFile = path.join(folder, "external-identities.csv");
  writeFileSync(contactsFile, `${contacts.join("\r\n")}\r\n`);
  writeFileSync(identitiesFile, `${identities.join("\r\n")}\r\n`);
  return { contactsFile, identitiesFile };
}

function runImport(env: NodeJS.ProcessEnv, files: { contactsFile: string; identitiesFile: string }) {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      path.join("node_modules", "tsx", "dist", "cli.mjs"),
      "scripts/user.ts",
      "import",
      files.contactsFile,
      "--external-identities",
      files.identitiesFile,
      "--provider-map",
      "https://login.corp.example.test=corp",
    ],
    { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`the import exited ${result.status}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  const summary = result.stdout.split("\n").filter((line) => /^(Contacts|External identities):/.test(line));
  return { seconds, summary };
}

async function main() {
  const folder = mkdtempSync(path.join(tmpdir(), "power-pages-bench-"));
  const where = benchDatabase();
  let database: TestDatabase | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", DEMO_ACCOUNT: "0" };
  try {
    console.log(`Writing a ${ROWS.toLocaleString("en-US")}-contact export…`);
    const files = writeExport(folder);
    const megabytes = statSync(files.contactsFile).size / 2 ** 20;
    if (where.url) {
      database = await createTestDatabase();
      env.DATABASE_URL = database.url;
      await database.close();
    } else {
      delete env.DATABASE_URL;
      env.EMBEDDED_DATABASE_DIR = path.join(folder, "pglite");
    }
    console.log(`Importing into a fresh database on ${where.label}…`);
    const first = runImport(env, files);
    console.log("Importing the same file again…");
    const second = runImport(env, files);

    const rate = (seconds: number) => Math.round(ROWS / seconds).toLocaleString("en-US");
    console.log(`\n${where.label}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${megabytes.toFixed(1)} MB of CSV`);
    console.log(`first import:  ${first.seconds.toFixed(1)} s (${rate(first.seconds)} contacts/s)`);
    for (const line of first.summary) console.log(`  ${line}`);
    console.log(`second import: ${second.seconds.toFixed(1)} s (${rate(second.seconds)} contacts/s)`);
    for (const line of second.summary) console.log(`  ${line}`);
  } finally {
    if (database) {
      // The CLI closed its connections when it exited; drop the database it used.
      await database.drop().catch(() => undefined);
    }
    rmSync(folder, { recursive: true, force: true });
  }
}

runBench(main);
