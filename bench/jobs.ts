/**
 * npm run bench:jobs — what one reset job costs the server (issue 23): the "Forgot your password?"
 * job for unknown addresses (most of a busy hour's resets) and for customers (which issue a link,
 * render the mail and queue it), run by the job lanes straight from the queue with no HTTP in
 * front. Reported per job: the server's CPU (process.cpuUsage), the statements sent and the wall
 * time; and the cost of rendering one reset mail. On PostgreSQL (TEST_DATABASE_URL, a fresh
 * database dropped afterwards) or embedded PGlite. BENCH_JOBS sets how many jobs (default 2000).
 */
process.env.APP_URL ??= "https://portal.example.test";
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123456789";
process.env.LOG_LEVEL = "warn";
delete process.env.DATABASE_URL;
delete process.env.SMTP_URL;

import { loadavg } from "node:os";
import ResetPasswordEmail from "@/emails/reset-password";
import { processResetRequest, RESET_REQUEST_JOB } from "@/lib/auth/password-reset";
import { createAccount } from "@/lib/auth/accounts";
import { db } from "@/lib/db";
import { jobs } from "@/lib/db/schema";
import { runDueJobs } from "@/lib/jobs/queue";
import { requestContexts } from "@/lib/log";
import { renderEmail } from "@/lib/mail/render";
import { setPortalDatabase } from "@/lib/db";
import { createTestDatabase } from "../tests/support/test-database";
import { runBench, whileRunning } from "./entry-point";

const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const KNOWN_SHARE = 0.1;

async function measure(label: string, work: () => Promise<number>) {
  const context = { requestId: "bench", queries: 0 } as { requestId: string; queries?: number };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const count = await requestContexts().run(context as never, work);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`${label}: ${count} in ${Math.round(wall)} ms — per one: ${(cpuMs / count).toFixed(2)} ms CPU, ${((context.queries ?? 0) / count).toFixed(1)} statements, ${(wall / count).toFixed(2)} ms wall (load average ${loadavg()[0].toFixed(2)})`);
}

async function main() {
  await whileRunning(createTestDatabase(), async (database) => {
    setPortalDatabase(database);
    const handle = await db();
    const known = Math.round(JOBS * KNOWN_SHARE);
    const customers = [];
    for (let i = 0; i < known; i += 1) customers.push(await createAccount({ username: `jobbench${i}`, email: `jobbench${i}@example.test`, name: `Job ${i}`, password: null, emailConfirmed: true }));

    // Rendering one reset mail (both parts), warm.
    const render = () => renderEmail("reset-password", ResetPasswordEmail, { username: "someone", resetUrl: "https://portal.example.test/reset-password/x", expiresInMinutes: 60 }, "en");
    for (let i = 0; i < 20; i += 1) await render();
    await measure("render the reset mail", async () => {
      for (let i = 0; i < 200; i += 1) await render();
      return 200;
    });

    for (const [label, emails] of [
      ["reset job, unknown address", Array.from({ length: JOBS - known }, (_, i) => `nobody${i}@example.test`)],
      ["reset job, customer (link, mail rendered and queued)", customers.map((customer) => customer.email)],
    ] as const) {
      await handle.insert(jobs).values(emails.map((email) => ({ kind: RESET_REQUEST_JOB, payload: { email, ip: "192.0.2.1", userAgent: null, locale: "en" }, runAfter: new Date() })));
      await measure(label, () => runDueJobs({ [RESET_REQUEST_JOB]: processResetRequest }, 1_000_000));
    }
  });
}

runBench(main);
