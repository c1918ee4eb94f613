/**
 * npm run bench:soak — mail latency under load (issue 23, item 5): the busy-hour mix (pages,
 * "Forgot your password?" for unknown addresses, wrong-password sign-ins) at 4 and 16 connections,
 * while known customers ask for a reset at a steady pace; each reset mail's time from "Send" to
 * the SMTP receiver, and the server's resident memory before, during and after. Against the
 * production build (`npm run build` first), on a fresh database like `npm run bench`.
 * BENCH_SOAK_SECONDS sets each phase's length (default 60; the soak is 300).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { hiddenFields } from "../tests/e2e/support/form-post";
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { percentile } from "./statistics";

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const RESETS_PER_SECOND = 4;
const PASSWORD = "benchmark lantern orchard ridge";
const now = () => performance.timeOrigin + performance.now();
const customer = (i: number) => ({ username: `soak${i}`, email: `soak${i}@example.test`, name: `Soak ${i}`, password: PASSWORD });

type FormBody = { body: Buffer; contentType: string };

async function formBody(portal: Portal, page: string, formId: string, fields: Array<[string, string]>): Promise<FormBody> {
  const form = new FormData();
  for (const [name, value] of await hiddenFields(portal.baseUrl, page, formId)) form.append(name, value);
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** The server's resident memory in MB, from /proc. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

/** One phase: the mix at `connections` for SECONDS, with reset requests for customers first..first+n. */
export async function mailLatencyUnderLoad(portal: Portal, connections: number, first: number) {
  const forgotUnknown = await formBody(portal, "/forgot-password", "forgot-password-form", [["email", "nobody-soak@example.test"]]);
  const signInWrong = await formBody(portal, "/signin", "signin-form", [["username", "nobody-soak"], ["password", "a wrong password here"]]);
  const headers = (form: FormBody) => ({ "content-type": form.contentType, origin: portal.baseUrl });
  const load = autocannon({
    url: portal.baseUrl,
    connections,
    duration: SECONDS,
    requests: [
      { method: "GET", path: "/" },
      { method: "GET", path: "/knowledge-base" },
      { method: "POST", path: "/forgot-password", body: forgotUnknown.body, headers: headers(forgotUnknown) },
      { method: "POST", path: "/signin", body: signInWrong.body, headers: headers(signInWrong) },
    ],
  });
  const latencies: number[] = [];
  const waits: Promise<void>[] = [];
  const until = now() + SECONDS * 1000;
  let i = first;
  while (now() < until) {
    const { email } = customer(i++);
    const form = await formBody(portal, "/forgot-password", "forgot-password-form", [["email", email]]);
    const sent = now();
    const response = await fetch(`${portal.baseUrl}/forgot-password`, { method: "POST", body: new Uint8Array(form.body), redirect: "manual", headers: headers(form) });
    await response.arrayBuffer();
    waits.push(
      portal.receiver.waitFor((m) => m.envelopeTo.includes(email), 120_000).then(
        (mail) => void latencies.push(mail.receivedAt - sent),
        () => void latencies.push(Number.POSITIVE_INFINITY),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000 / RESETS_PER_SECOND));
  }
  const result = await load;
  await Promise.all(waits);
  return {
    connections,
    seconds: SECONDS,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + (result["5xx"] ?? 0),
    resetMails: latencies.length,
    lost: latencies.filter((latency) => !Number.isFinite(latency)).length,
    mailP50Ms: Math.round(percentile(latencies, 50)),
    mailP95Ms: Math.round(percentile(latencies, 95)),
    rssMbAfter: rssMb(portal.pid),
    used: i - first,
  };
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) process.env.TEST_DATABASE_URL = databaseUrl;
  else delete process.env.TEST_DATABASE_URL;
  delete process.env.E2E_DATABASE_URL;
  delete process.env.DATABASE_URL;
  const customers = Math.ceil(2 * SECONDS * RESETS_PER_SECOND * 1.2);
  console.log(`Seeding ${customers} customers and starting the portal on ${databaseUrl ? "PostgreSQL" : "embedded PGlite"}…`);
  const portal = await startPortal(
    Array.from({ length: customers }, (_, i) => customer(i)),
    { RATE_LIMIT_SCALE: "100000", OUTBOX_POLL_SECONDS: "10" },
  );
  try {
    const rssBefore = rssMb(portal.pid);
    const four = await mailLatencyUnderLoad(portal, 4, 0);
    const sixteen = await mailLatencyUnderLoad(portal, 16, four.used);
    const results = { date: new Date().toISOString(), database: databaseUrl ? "PostgreSQL" : "embedded PGlite", rssMbBefore: rssBefore, phases: [four, sixteen] };
    writeFileSync(path.join(process.cwd(), "bench", "soak-results.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`server memory before: ${rssBefore} MB`);
    for (const phase of results.phases) {
      console.log(
        `mail latency under load, ${phase.connections} connections, ${phase.seconds} s: reset mail p50 ${phase.mailP50Ms} ms, p95 ${phase.mailP95Ms} ms ` +
          `(${phase.resetMails} mails, ${phase.lost} not arrived); mix ${Math.round(phase.requestsPerSecond)} req/s, p99 ${phase.p99Ms} ms, ${phase.errors} errors; server RSS after ${phase.rssMbAfter} MB`,
      );
    }
  } finally {
    await portal.stop();
  }
}

if (process.argv[1]?.endsWith("soak.ts")) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
