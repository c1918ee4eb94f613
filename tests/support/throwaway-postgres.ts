import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/**
 * A PostgreSQL cluster of a test's own, on a loopback port of its own, that the test may stop and
 * start (a database restart under load). Built with Debian's PostgreSQL 15 binaries; when the test
 * runs as root (as CI does), the cluster runs as the `postgres` user, since PostgreSQL refuses to
 * run as root. Trust authentication, loopback only, in a temporary folder that `destroy` removes.
 */
const BIN = "/usr/lib/postgresql/15/bin";
const run = promisify(execFile);

export type ThrowawayPostgres = { url: string; port: number; stop: () => Promise<void>; start: () => Promise<void>; destroy: () => Promise<void> };

/** Why a throwaway cluster cannot run here, or undefined when it can. */
export function throwawayPostgresUnavailable(): string | undefined {
  if (!existsSync(path.join(BIN, "initdb"))) return `PostgreSQL 15's binaries are not in ${BIN} (apt-get install postgresql-15)`;
  return undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const asRoot = process.getuid?.() === 0;
  const folder = await mkdtemp(path.join(tmpdir(), "portal-pg-"));
  const data = path.join(folder, "data");
  const logFile = path.join(folder, "server.log");
  const port = await freePort();
  // Note: every command runs as the cluster's owner; as root that is `postgres` (su keeps no shell state).
  const asOwner = (command: string, args: string[]) =>
    asRoot ? run("su", ["postgres", "-s", "/bin/sh", "-c", [command, ...args].map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ")]) : run(command, args);
  if (asRoot) {
    await run("chown", ["postgres", folder]);
  }
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const pgCtl = (...args: string[]) => asOwner(path.join(BIN, "pg_ctl"), ["-D", data, ...args]);
  let running = false;
  const cluster: ThrowawayPostgres = {
    port,
    url: `postgres://portal@127.0.0.1:${port}/postgres`,
    start: async () => {
      await pgCtl("-o", options, "-l", logFile, "-w", "-t", "30", "start");
      running = true;
    },
    stop: async () => {
      running = false;
      await pgCtl("-m", "fast", "-w", "-t", "30", "stop");
    },
    destroy: async () => {
      if (running) await pgCtl("-m", "immediate", "-w", "-t", "30", "stop").catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
  try {
    await asOwner(path.join(BIN, "initdb"), ["-D", data, "-U", "portal", "-A", "trust", "--no-sync", "-E", "UTF8"]);
    await cluster.start();
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
