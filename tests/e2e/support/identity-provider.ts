import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The test OpenID Connect provider (oidc-test-provider.mjs) as a child process on 127.0.0.1. */
export type TestIdentityProvider = { issuer: string; stop: () => Promise<void> };

export async function startIdentityProvider(port: number, redirectUri: string): Promise<TestIdentityProvider> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, "oidc-test-provider.mjs"), String(port), redirectUri], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`identity provider did not start:\n${output}`)), 20_000);
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk) => (output += chunk));
    child.on("exit", () => reject(new Error(`identity provider exited:\n${output}`)));
  });
  return {
    issuer: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.removeAllListeners("exit");
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3_000)))]);
      clearTimeout(timer);
      // Never leave the provider behind: Jest would wait for it forever.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
