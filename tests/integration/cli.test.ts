import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, testDatabaseLabel, type TestDatabase } from "../support/test-database";

/**
 * The operator CLI as an operator runs it: a separate process on the configured database (a new
 * PostgreSQL database, or an embedded one in a temporary folder).
 */
let database: TestDatabase | undefined;
let embeddedDir: string | undefined;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  environment = { ...process.env, NODE_ENV: "development", DEMO_ACCOUNT: "0" };
  if (process.env.TEST_DATABASE_URL) {
    database = await createTestDatabase();
    environment.DATABASE_URL = database.url;
  } else {
    embeddedDir = mkdtempSync(path.join(tmpdir(), "portal-cli-"));
    environment.EMBEDDED_DATABASE_DIR = path.join(embeddedDir, "pglite");
  }
});
afterAll(async () => {
  await database?.drop();
  if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
});

function user(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/user.ts", ...args], {
    env: environment,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe(`npm run user, on ${testDatabaseLabel()}`, () => {
  it("creates, lists, disables, enables and unlocks customers", () => {
    const created = user("create", "cli-customer", "CLI@Example.test", "--name", "Cli Customer", "--password", "a cli chosen passphrase");
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain("Created cli-customer <cli@example.test>");

    const noPassword = user("create", "no-password-yet", "later@example.test");
    expect(noPassword.code).toBe(0);
    expect(noPassword.out).toContain("Forgot your password?");

    expect(user("disable", "cli-customer").out).toContain("Disabled cli-customer");
    const listed = user("list");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/cli-customer\tcli@example\.test\tCli Customer\tdisabled/);
    expect(listed.out).toMatch(/no-password-yet\t.*active, no password yet/);

    expect(user("enable", "cli@example.test").out).toContain("Enabled cli-customer");
    expect(user("unlock", "cli-customer").out).toContain("Unlocked cli-customer");
  });

  it("rejects bad input with a clear message and a non-zero exit", () => {
    const unknownCommand = user("frobnicate");
    expect(unknownCommand.code).not.toBe(0);
    expect(unknownCommand.err).toContain('Unknown command "frobnicate"');
    expect(unknownCommand.err).toContain("Usage: npm run user");

    const badEmail = user("create", "someone", "not-an-email");
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.err).toContain("Enter an email address");

    const weakPassword = user("create", "weak", "weak@example.test", "--password", "passwordpassword");
    expect(weakPassword.code).not.toBe(0);
    expect(weakPassword.err).toMatch(/guess|common|Repeated/i);

    const missing = user("disable", "nobody-here");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('No customer has the username or email address "nobody-here"');

    user("create", "taken", "taken@example.test");
    const duplicate = user("create", "TAKEN", "other@example.test");
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.err).toContain("is taken");
  });

  it("gives and takes roles, shows them in the list, and refuses a role that does not exist (issue 15)", () => {
    expect(user("create", "first-admin", "admin@example.test").code).toBe(0);
    const made = user("role", "first-admin", "admin");
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toContain("first-admin is now an admin (was customer).");
    expect(user("role", "admin@example.test", "admin").out).toContain("first-admin is already an admin.");
    expect(user("list").out).toMatch(/first-admin\tadmin@example\.test\t\tactive, no password yet\tadmin/);
    expect(user("role", "first-admin", "customer").out).toContain("first-admin is now a customer (was admin).");

    const unknownRole = user("role", "first-admin", "superuser");
    expect(unknownRole.code).toBe(64);
    expect(unknownRole.err).toContain("one of: customer, agent, admin");
    expect(user("role", "nobody-here", "agent").err).toContain('No customer has the username or email address "nobody-here"');
  });

  it("resets a customer's two-step verification, and says the customer was mailed (issue 17)", () => {
    expect(user("create", "lost-factors", "lost@example.test").code).toBe(0);
    const reset = user("reset-mfa", "lost@example.test");
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.out).toContain("Two-step verification reset for lost-factors; they have been mailed.");
    expect(user("reset-mfa", "nobody-here").err).toContain('No customer has the username or email address "nobody-here"');
  });
});
