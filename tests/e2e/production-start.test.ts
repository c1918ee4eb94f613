import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A production start without its settings stops at once and says which one is missing. */
function startProduction(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", "0"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    server.stdout.on("data", (chunk) => (output += chunk));
    server.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => server.kill("SIGKILL"), 60_000);
    server.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("a production start", () => {
  it("stops without DATABASE_URL unless the embedded database is chosen, naming the variable", async () => {
    const { code, output } = await startProduction({
      APP_URL: "https://portal.example.test",
      AUTH_SECRET: "a-production-secret-that-is-long-enough-0123",
      SMTP_URL: "smtps://mailer:secret@smtp.example.test:465",
    });
    expect(code).toBe(1);
    expect(output).toContain("[portal] cannot start: Configuration: DATABASE_URL is required in production");
  });

  it("stops without AUTH_SECRET", async () => {
    const { code, output } = await startProduction({ APP_URL: "https://portal.example.test" });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_SECRET is required in production");
  });

  it("stops without SUPPORT_EMAIL rather than show a placeholder address (issue 29)", async () => {
    const { code, output } = await startProduction({
      APP_URL: "https://portal.example.test",
      AUTH_SECRET: "a-production-secret-that-is-long-enough-0123",
      SMTP_URL: "smtps://mailer:secret@smtp.example.test:465",
      EMBEDDED_DATABASE: "1",
    });
    expect(code).toBe(1);
    expect(output).toContain("SUPPORT_EMAIL is required in production");
  });

  // Every other setting a production start needs, so that only the missing preload is left to refuse.
  const complete = {
    APP_URL: "https://portal.example.test",
    AUTH_SECRET: "a-production-secret-that-is-long-enough-0123",
    SMTP_URL: "smtps://mailer:secret@smtp.example.test:465",
    EMBEDDED_DATABASE: "1",
    EMBEDDED_DATABASE_DIR: "/nonexistent/portal-never-opened",
    MFA_ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    SUPPORT_EMAIL: "support@portal.example.test",
  };

  it("refuses to run without server/preload.cjs even behind a proxy, as the first requests would have no guard (issue 23)", async () => {
    const { code, output } = await startProduction({ ...complete, TRUSTED_PROXY_HOPS: "1" });
    expect(code).toBe(1);
    expect(output).toContain("[portal] cannot start: client addresses and the log guard would be missing for the first requests");
    expect(output).toContain("start the portal with `npm start`");
  });

  it("stops at once, naming the file, when a language's password.json cannot be used", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "portal-bad-password-json-"));
    try {
      mkdirSync(path.join(directory, "zz"));
      writeFileSync(path.join(directory, "zz", "messages.json"), "{}");
      writeFileSync(path.join(directory, "zz", "password.json"), "{ not json");
      const { code, output } = await startProduction({ ...complete, TRUSTED_PROXY_HOPS: "1", EXTRA_LOCALES_DIR: directory });
      expect(code).toBe(1);
      expect(output).toContain(`[portal] cannot start: Configuration: ${path.join(directory, "zz", "password.json")} is not valid JSON`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("on Vercel, where no preload can run, refuses unless the platform's proxy decides the client address (issue 23)", async () => {
    const { code, output } = await startProduction({ ...complete, VERCEL: "1" });
    expect(code).toBe(1);
    expect(output).toContain("on Vercel set TRUSTED_PROXY_HOPS=1");
  });
});
