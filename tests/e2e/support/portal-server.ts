import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAccount, setAccountDisabled, type NewAccount } from "@/lib/auth/accounts";
import { reloadConfig } from "@/lib/config";
import { setCustomerRole } from "@/lib/customers/customers";
import type { Role } from "@/lib/db/schema";
import { openDatabase, setPortalDatabase } from "@/lib/db";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { SmtpReceiver } from "../../support/smtp-receiver";

/** One `next start` process of the production build. */
export type PortalInstance = {
  baseUrl: string;
  /** The server's process id (the benchmark reads its CPU time). */
  pid: number;
  /** Server output, for failures worth reading. */
  log: () => string;
  exited: () => boolean;
  /** Stops the process: SIGTERM, then SIGKILL after 5 s. */
  stop: () => Promise<void>;
  /** Kills the process at once (a crash). */
  kill: () => Promise<void>;
};

export type Portal = PortalInstance & {
  receiver: SmtpReceiver;
  /** The PostgreSQL database's URL (undefined on the embedded database). */
  databaseUrl?: string;
  /** The settings the first instance was started with, to start it again after a crash. */
  environment: NodeJS.ProcessEnv;
  /** Another server on the same database and mail server (two instances behind one balancer). */
  startInstance: (settings?: Record<string, string>) => Promise<PortalInstance>;
  /** Stops every instance, the mail receiver, and drops the database. */
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

/** Seeding options: accounts to disable, roles to give (username → role), and more seeding (e.g. an import from Power Pages), before the server starts. */
export type SeedOptions = { disable?: string[]; roles?: Record<string, Role>; seed?: () => Promise<unknown> };

async function seed(customers: NewAccount[], options: SeedOptions) {
  for (const customer of customers) {
    // Seeded customers have confirmed addresses unless a test says otherwise.
    const created = await createAccount({ emailConfirmed: true, ...customer });
    if (options.disable?.includes(created.username)) await setAccountDisabled(created.id, true);
    const role = options.roles?.[created.username];
    if (role) await setCustomerRole(created.id, role);
  }
  await options.seed?.();
}

export function assertBuilt() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("The end-to-end tests run against the production build: run `npm run build` first.");
  }
}

function waitForExit(server: ChildProcess, ms: number): Promise<boolean> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    server.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * `next start` as `npm start` runs it (several, with PORTAL_WORKERS in `env`) — with the preload that stamps peer addresses before the
 * first request (S28) — on a free port, answering /api/health before this resolves.
 */
export async function startServer(env: NodeJS.ProcessEnv, port?: number, options: { closeOutput?: boolean } = {}): Promise<PortalInstance> {
  const listenOn = port ?? (await freePort());
  const baseUrl = `http://localhost:${listenOn}`;
  // With PORTAL_WORKERS, the way `npm start` runs several server processes (server/start.cjs).
  const entry = env.PORTAL_WORKERS ? "server/start.cjs" : "node_modules/next/dist/bin/next";
  const server: ChildProcess = spawn(process.execPath, ["--require", "./server/preload.cjs", entry, ...(env.PORTAL_WORKERS ? [] : ["start"]), "-p", String(listenOn)], {
    env: { APP_URL: baseUrl, ...env },
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
    if (Date.now() > deadline) {
      // Nothing else holds this process yet: without this it would outlive the run.
      server.kill("SIGKILL");
      await waitForExit(server, 5_000);
      throw new Error(`the portal did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (options.closeOutput) {
    // The process that collected the log is gone: every later write is a broken pipe.
    server.stdout!.destroy();
    server.stderr!.destroy();
  }
  return {
    baseUrl,
    pid: server.pid!,
    log: () => output,
    exited: () => server.exitCode !== null || server.signalCode !== null,
    stop: async () => {
      server.kill("SIGTERM");
      if (!(await waitForExit(server, 5_000))) server.kill("SIGKILL");
      await waitForExit(server, 5_000);
    },
    kill: async () => {
      server.kill("SIGKILL");
      await waitForExit(server, 5_000);
    },
  };
}

/**
 * The production server on a fresh database — a new PostgreSQL database when E2E_DATABASE_URL or
 * TEST_DATABASE_URL is set, else an embedded one in a temporary folder — with a real SMTP receiver
 * on 127.0.0.1. Customers are created (and given roles) before it starts, since an embedded
 * database has one process at a time.
 */
export async function startPortal(
  customers: NewAccount[],
  settings: Record<string, string> = {},
  options: SeedOptions & { port?: number } = {},
): Promise<Portal> {
  assertBuilt();
  const receiver = await new SmtpReceiver().start();
  const adminUrl = process.env.E2E_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let database: TestDatabase | undefined;
  let embeddedDir: string | undefined;
  const databaseEnv: Record<string, string> = {};

  if (adminUrl) {
    process.env.TEST_DATABASE_URL = adminUrl;
    database = await createTestDatabase();
    databaseEnv.DATABASE_URL = database.url!;
    setPortalDatabase(database);
    await seed(customers, options);
  } else {
    embeddedDir = mkdtempSync(path.join(tmpdir(), "portal-e2e-"));
    const directory = path.join(embeddedDir, "pglite");
    const handle = await openDatabase({ kind: "embedded", directory });
    setPortalDatabase(handle);
    await seed(customers, options);
    await handle.close();
    databaseEnv.EMBEDDED_DATABASE = "1";
    databaseEnv.EMBEDDED_DATABASE_DIR = directory;
  }

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789abcdef",
    MFA_ENCRYPTION_KEY: "ZTJlLXR3by1zdGVwLWtleS0zMi1ieXRlcy1sb25nISE=",
    SMTP_URL: receiver.url,
    MAIL_FROM: "Customer Portal <no-reply@portal.example.test>",
    SUPPORT_EMAIL: "support@example.test",
    OUTBOX_POLL_SECONDS: "1",
    ...databaseEnv,
    ...settings,
  };
  const first = await startServer(env, options.port);
  const instances = [first];
  let stopped = false;
  return {
    ...first,
    receiver,
    databaseUrl: database?.url,
    environment: { ...env, APP_URL: first.baseUrl },
    startInstance: async (more = {}) => {
      const instance = await startServer({ ...env, ...more });
      instances.push(instance);
      return instance;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all(instances.map((instance) => instance.stop()));
      await receiver.stop();
      await database?.drop();
      if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
      reloadConfig();
    },
  };
}
