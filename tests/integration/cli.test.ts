import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { userCommand } from "@/scripts/user-commands";
import { createTestDatabase, testDatabaseLabel, withTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * The operator CLI. Its commands run in this process on the test's database (what each command
 * does, says and exits with); one test runs it as an operator does, a separate process on the
 * configured database (a new PostgreSQL database, or an embedded one in a temporary folder), for
 * what only the process adds: the configuration read, the output streams and the exit code.
 * Note: each process opens (and migrates) its database, several seconds on the embedded one, so
 * the commands' own checks no longer start one each (issue 24).
 */
withTestDatabase();

const user = (...args: string[]) => userCommand(args);

describe(`npm run user as a separate process, on ${testDatabaseLabel()}`, () => {
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

  function spawned(...args: string[]) {
    const result = spawnSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/user.ts", ...args], {
      env: environment,
      encoding: "utf8",
      // The first process creates and migrates the embedded database: ~10 s on a quiet machine,
      // over 60 s on a machine at load 25 (a kill then shows as exit 143, not as a slow pass).
      timeout: 120_000,
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  }

  it("writes to the configured database, prints answers on stdout and refusals on stderr, and exits with their code", () => {
    const created = spawned("create", "cli-process", "process@example.test", "--name", "Cli Process");
    expect(created).toMatchObject({ code: 0, err: "" });
    expect(created.out).toContain("Created cli-process <process@example.test>");
    // A second process finds what the first wrote.
    const missing = spawned("disable", "nobody-here");
    expect(missing).toMatchObject({ code: 1, out: "" });
    expect(missing.err).toContain('No customer has the username or email address "nobody-here"');
    expect(spawned("list").out).toMatch(/cli-process\tprocess@example\.test\tCli Process\tactive, no password yet/);
  }, 400_000);

  it("a usage error prints the usage and exits 64 without opening (or creating and migrating) a database", () => {
    const neverMade = path.join(mkdtempSync(path.join(tmpdir(), "portal-cli-usage-")), "pglite");
    try {
      const embedded = { ...environment };
      delete embedded.DATABASE_URL;
      const result = spawnSync(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/user.ts", "frobnicate"], {
        env: { ...embedded, EMBEDDED_DATABASE_DIR: neverMade },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(result).toMatchObject({ status: 64, stdout: "" });
      expect(result.stderr).toContain('Unknown command "frobnicate".');
      expect(result.stderr).toContain("Usage: npm run user -- <command> [arguments]");
      expect(existsSync(neverMade)).toBe(false);
    } finally {
      rmSync(path.dirname(neverMade), { recursive: true, force: true });
    }
  }, 120_000);
});

describe(`npm run user's commands, on ${testDatabaseLabel()}`, () => {
  it("creates, lists, disables, enables and unlocks customers", async () => {
    const created = await user("create", "cli-customer", "CLI@Example.test", "--name", "Cli Customer", "--password", "a cli chosen passphrase");
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain("Created cli-customer <cli@example.test>");

    const noPassword = await user("create", "no-password-yet", "later@example.test");
    expect(noPassword.code).toBe(0);
    expect(noPassword.out).toContain("Forgot your password?");

    expect((await user("disable", "cli-customer")).out).toContain("Disabled cli-customer");
    const listed = await user("list");
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/cli-customer\tcli@example\.test\tCli Customer\tdisabled/);
    expect(listed.out).toMatch(/no-password-yet\t.*active, no password yet/);

    expect((await user("enable", "cli@example.test")).out).toContain("Enabled cli-customer");
    expect((await user("unlock", "cli-customer")).out).toContain("Unlocked cli-customer");
  });

  it("rejects bad input with a clear message and a non-zero exit", async () => {
    const unknownCommand = await user("frobnicate");
    expect(unknownCommand.code).not.toBe(0);
    expect(unknownCommand.err).toContain('Unknown command "frobnicate"');
    expect(unknownCommand.err).toContain("Usage: npm run user");

    const unknownOption = await user("list", "--no-such-option");
    expect(unknownOption.code).toBe(64);
    expect(unknownOption.err).toContain("Usage: npm run user");

    const badEmail = await user("create", "someone", "not-an-email");
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.err).toContain("Enter an email address");

    const weakPassword = await user("create", "weak", "weak@example.test", "--password", "passwordpassword");
    expect(weakPassword.code).not.toBe(0);
    expect(weakPassword.err).toMatch(/guess|common|Repeated/i);

    const missing = await user("disable", "nobody-here");
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('No customer has the username or email address "nobody-here"');

    await user("create", "taken", "taken@example.test");
    const duplicate = await user("create", "TAKEN", "other@example.test");
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.err).toContain("is taken");
  });

  it("gives and takes roles, shows them in the list, and refuses a role that does not exist (issue 15)", async () => {
    expect((await user("create", "first-admin", "admin@example.test")).code).toBe(0);
    const made = await user("role", "first-admin", "admin");
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toContain("first-admin is now an admin (was customer).");
    expect((await user("role", "admin@example.test", "admin")).out).toContain("first-admin is already an admin.");
    expect((await user("list")).out).toMatch(/first-admin\tadmin@example\.test\t\tactive, no password yet\tadmin/);
    expect((await user("role", "first-admin", "customer")).out).toContain("first-admin is now a customer (was admin).");

    const unknownRole = await user("role", "first-admin", "superuser");
    expect(unknownRole.code).toBe(64);
    expect(unknownRole.err).toContain("one of: customer, agent, admin");
    expect((await user("role", "nobody-here", "agent")).err).toContain('No customer has the username or email address "nobody-here"');
  });

  it("resets a customer's two-step verification, and says the customer was mailed (issue 17)", async () => {
    expect((await user("create", "lost-factors", "lost@example.test")).code).toBe(0);
    const reset = await user("reset-mfa", "lost@example.test");
    expect(reset).toMatchObject({ code: 0 });
    expect(reset.out).toContain("Two-step verification reset for lost-factors; they have been mailed.");
    expect((await user("reset-mfa", "nobody-here")).err).toContain('No customer has the username or email address "nobody-here"');
  });
});
