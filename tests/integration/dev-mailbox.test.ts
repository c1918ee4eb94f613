import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { reloadConfig } from "@/lib/config";
import { readDevMailbox } from "@/lib/mail/dev-mailbox";
import { backgroundWork } from "@/lib/server/background-work";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { freshMeta, makeCustomer } from "../support/customers";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "portal-mailbox-"));
  process.env.DEV_MAILBOX_DIR = directory;
  Object.assign(process.env, { NODE_ENV: "development" });
  reloadConfig();
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  delete process.env.DEV_MAILBOX_DIR;
  Object.assign(process.env, { NODE_ENV: "test" });
  reloadConfig();
});

describe(`the dev mailbox, on ${testDatabaseLabel()}`, () => {
  it("holds the reset mail, HTML and text, in development without SMTP_URL", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta(), "en");
    await backgroundWork().run();
    const [message] = await readDevMailbox();
    expect(message.to).toBe(customer.email);
    expect(message.subject).toBe("Reset your Customer Portal password");
    expect(message.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);
    expect(message.html).toContain("Reset your password");
  });

});
