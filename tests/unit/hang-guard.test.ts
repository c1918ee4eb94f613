import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/**
 * Issue 24: a Jest process still alive after its tests fails, naming what holds it. The guard runs
 * in a process of its own here (it ends the process it is in), holding a server and a socket to it.
 */
const children: ChildProcess[] = [];
afterEach(() => {
  // A test that failed by its time limit leaves its process behind: it is ended here.
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function runGuarded(script: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--eval", script], { cwd: process.cwd(), stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stderr }));
  });
}

const guard = JSON.stringify(path.resolve("tests/support/hang-guard.ts"));

describe("the hang guard", () => {
  it("fails a process that outlives its tests and lists the server and the connection that hold it", async () => {
    const { code, stderr } = await runGuarded(`
      const net = require("node:net");
      const { failIfStillRunning } = require(${guard});
      const server = net.createServer(() => {}).listen(0, "127.0.0.1", () => {
        net.connect(server.address().port, "127.0.0.1");
        failIfStillRunning(300);
      });`);
    expect(code).toBe(1);
    expect(stderr).toContain("has not exited");
    expect(stderr).toMatch(/Server listening on .*127\.0\.0\.1/);
    expect(stderr).toMatch(/Socket to 127\.0\.0\.1:\d+/);
  }, 60_000);

  // The guard's minute here is ten, past the test's own limit: a guard that held the process would
  // fail the test by its time limit.
  it("lets a process that closed everything exit by itself, with success", async () => {
    const { code, stderr } = await runGuarded(`
      const { failIfStillRunning } = require(${guard});
      failIfStillRunning(600_000);`);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  }, 60_000);
});
