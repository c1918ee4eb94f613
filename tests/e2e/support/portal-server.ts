import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { reloadConfig } from "@/lib/config";
import { createCustomer, setCustomerDisabled, type NewCustomer } from "@/lib/customers/customers";
import { openDatabase, setPortalDatabase } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { SmtpReceiver } from "../../support/smtp-receiver";

export type Portal = {
  baseUrl: string;
  /** The server's process id (the benchmark reads its CPU time). */
  pid: number;
  receiver: SmtpReceiver;
  /** Server output, for failures worth reading. */
  log: () => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function seed(customers: NewCustomer[], disable: string[]) {
  for (const customer of customers) {
    const created = await createCustomer(customer);
    if (disable.includes(created.username)) await setCustomerDisabled(created.id, true);
  }
}

export function assertBuilt() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The end-to-end tests run against the production build: run `npm run build` first.");
  }
}

/**
 * The production server (`next start` on a free port) on a fresh database — a new PostgreSQL
 * database when E2E_DATABASE_URL or TEST_DATABASE_URL is set, else an embedded one in a temporary
 * folder — with a real SMTP receiver on 127.0.0.1. Customers are created before it starts, since
 * an embedded database has one process at a time.
 */
export async function startPortal(
  customers: NewCustomer[],
  settings: Record<string, string> = {},
  options: { disable?: string[]; port?: number } = {},
): Promise<Portal> {
  assertBuilt();
  const receiver = await new SmtpReceiver().start();
  const port = options.port ?? (await freePort());
  const adminUrl = process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let database: TestDatabase | undefined;
  let embeddedDir: string | undefined;
  const databaseEnv: Record<string, string> = {};

  if (adminUrl) {
    process.env.TEST_DATABASE_URL = adminUrl;
    database = await createTestDatabase();
    databaseEnv.DATABASE_URL = database.url!;
    setPortalDatabase(database);
    await seed(customers, options.disable ?? []);
  } else {
    embeddedDir = mkdtempSync(path.join(tmpdir(), "portal-e2e-"));
    const directory = path.join(embeddedDir, "pglite");
    const handle = await openDatabase({ kind: "embedded", directory });
    setPortalDatabase(handle);
    await seed(customers, options.disable ?? []);
    await handle.close();
    databaseEnv.EMBEDDED_DATABASE = "1";
    databaseEnv.EMBEDDED_DATABASE_DIR = directory;
  }

  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: baseUrl,
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789abcdef",
    SMTP_URL: receiver.url,
    MAIL_FROM: "Customer Portal <no-reply@portal.example.test>",
    SUPPORT_EMAIL: "support@example.test",
    OUTBOX_POLL_SECONDS: "1",
    ...databaseEnv,
    ...settings,
  };
  const server: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the portal did not start:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the portal did not answer within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    pid: server.pid!,
    receiver,
    log: () => output,
    stop: async () => {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      if (server.exitCode === null) server.kill("SIGKILL");
      await receiver.stop();
      await database?.drop();
      if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
      reloadConfig();
    },
  };
}
