import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A real clamd (Debian's clamav-daemon) for one test file, on a loopback port, with a signature
 * database the test writes: ClamAV cannot download its own here, and one hash signature for the
 * EICAR test string is all a test needs (`md5:size:name` in an .hdb file).
 */
export const CLAMD = "/usr/sbin/clamd";

// The EICAR anti-virus test string: harmless, and every scanner reports it.
export const EICAR = Buffer.from("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*", "latin1");

export type Clamd = { url: string; stop: () => Promise<void> };

export function clamdAbsentReason(): string | null {
  return existsSync(CLAMD) ? null : `${CLAMD} is not installed (apt-get install -y clamav-daemon)`;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write("zPING\0"));
    socket.on("data", (data) => {
      resolve(data.toString().startsWith("PONG"));
      socket.destroy();
    });
    socket.on("error", () => resolve(false));
  });
}

export async function startClamd(): Promise<Clamd> {
  const directory = await mkdtemp(path.join(tmpdir(), "portal-clamd-"));
  const database = path.join(directory, "db");
  await mkdir(database);
  const md5 = createHash("md5").update(EICAR).digest("hex");
  await writeFile(path.join(database, "eicar.hdb"), `${md5}:${EICAR.length}:Eicar-Test-Signature\n`);
  const port = await freePort();
  const configFile = path.join(directory, "clamd.conf");
  await writeFile(
    configFile,
    [`Foreground yes`, `DatabaseDirectory ${database}`, `TCPSocket ${port}`, `TCPAddr 127.0.0.1`, `LogFile ${path.join(directory, "clamd.log")}`, `StreamMaxLength 30M`, ""].join("\n"),
  );
  const child: ChildProcess = spawn(CLAMD, ["-c", configFile], { stdio: "ignore" });
  let exited = false;
  child.on("exit", () => (exited = true));
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await gone;
    }
    await rm(directory, { recursive: true, force: true });
  };
  // Loading even one signature takes clamd a few seconds: wait until it answers PING.
  const deadline = Date.now() + 60_000;
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error("clamd did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `tcp://127.0.0.1:${port}`, stop };
}
