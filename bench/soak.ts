/**
 * npm run bench:soak — mail latency under load (issue 23): the busy-hour mix (pages, "Forgot your
 * password?" for unknown addresses, wrong-password sign-ins) at 4 and then 16 connections, while
 * known customers ask for a reset at a steady pace. Reported: each reset mail's time from "Send"
 * to the SMTP receiver (p50/p95/max), split into the wait for its job and the wait in the outbox;
 * the oldest waiting job and mail during the run; the server's resident memory over time and at
 * the end. Against the production build (`npm run build` first), on a fresh database like `npm run
 * bench`. BENCH_SOAK_SECONDS sets each phase's length (default 150, so the soak lasts 5 minutes).
 * BENCH_SOAK_HEAP_SNAPSHOTS=<dir> starts the server with --heapsnapshot-signal and takes a heap
 * snapshot at the start, between the phases and at the end (written into <dir>).
 * BENCH_SOAK_NODE_OPTIONS (e.g. `--max-old-space-size=256`) and any MALLOC_* variable are given to
 * the server, to compare how it holds memory.
 */
import { readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { startPortal, type Portal } from "../tests/e2e/support/portal-server";
import { benchDatabase, runBench, saveResults, whileRunning } from "./entry-point";
import { formBody, type FormBody, loadAverage, residentMb, serverCpuMs } from "./load";
import { percentile } from "./statistics";

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 150);
const HEAP_SNAPSHOTS = process.env.BENCH_SOAK_HEAP_SNAPSHOTS;
const RESETS_PER_SECOND = 4;
const SAMPLE_EVERY_MS = 1_000;
const METRICS_TOKEN = "soak-metrics-token-soak-metrics-token-0123456789";
const now = () => performance.timeOrigin + performance.now();
// Note: without a password (set later through "Forgot your password?"), so that seeding a
// thousand customers costs no argon2id hashing; the soak only asks for their resets.
const customer = (i: number) => ({ username: `soak${i}`, email: `soak${i}@example.test`, name: `Soak ${i}`, password: null });

/** What the server's memory holds (MB), from its own metrics: the JavaScript heap in use and reserved, and memory outside it. */
async function memoryBreakdown(portal: Portal): Promise<{ heapUsedMb?: number; heapTotalMb?: number; externalMb?: number }> {
  try {
    const response = await fetch(`${portal.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await response.text();
    const value = (name: string) => Math.round(Number(text.match(new RegExp(`^${name} (\\S+)`, "m"))?.[1] ?? Number.NaN) / 1024 / 1024);
    return { heapUsedMb: value("nodejs_heap_size_used_bytes"), heapTotalMb: value("nodejs_heap_size_total_bytes"), externalMb: value("nodejs_external_memory_bytes") };
  } catch {
    return {};
  }
}

/**
 * Every second: the oldest waiting job and mail (read from the database by the bench, not through
 * the server under test), the server's RSS and the machine's load average.
 */
function startSampling(portal: Portal, startedAt: number) {
  const sql = portal.databaseUrl ? postgres(portal.databaseUrl, { max: 1, onnotice: () => {} }) : undefined;
  const samples: Array<
    { second: number; rssMb: number; load: number; oldestJobSeconds: number | null; oldestMailSeconds: number | null; jobsWaiting: number | null; mailWaiting: number | null } & Awaited<
      ReturnType<typeof memoryBreakdown>
    >
  > = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = now();
      let waiting = { oldestJobSeconds: null as number | null, oldestMailSeconds: null as number | null, jobsWaiting: null as number | null, mailWaiting: null as number | null };
      if (sql) {
        const [row] = await sql`
          select (select extract(epoch from now() - min(created_at))::float from jobs where status = 'pending') as oldest_job,
                 (select count(*)::int from jobs where status = 'pending') as jobs_waiting,
                 (select extract(epoch from now() - min(created_at))::float from outbox where status = 'pending') as oldest_mail,
                 (select count(*)::int from outbox where status = 'pending') as mail_waiting`;
        waiting = { oldestJobSeconds: row.oldest_job ?? 0, oldestMailSeconds: row.oldest_mail ?? 0, jobsWaiting: row.jobs_waiting, mailWaiting: row.mail_waiting };
      }
      const second = Math.round((at - startedAt) / 1000);
      samples.push({ second, rssMb: residentMb(portal.pid), load: loadAverage()[0], ...waiting, ...(second % 10 === 0 ? await memoryBreakdown(portal) : {}) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, SAMPLE_EVERY_MS - (now() - at))));
    }
  })();
  return {
    samples,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await loop;
      await sql?.end();
    },
  };
}

/** When each reset mail was queued and accepted, from the outbox (PostgreSQL only). */
async function outboxTimes(portal: Portal): Promise<Map<string, { queuedAt: number; sentAt: number | null }>> {
  const times = new Map<string, { queuedAt: number; sentAt: number | null }>();
  if (!portal.databaseUrl) return times;
  const sql = postgres(portal.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select recipient, created_at, sent_at from outbox where template = 'reset-password'`;
    for (const row of rows) times.set(row.recipient, { queuedAt: new Date(row.created_at).getTime(), sentAt: row.sent_at ? new Date(row.sent_at).getTime() : null });
  } finally {
    await sql.end();
  }
  return times;
}

const spread = (values: number[]) => ({ p50: Math.round(percentile(values, 50)), p95: Math.round(percentile(values, 95)), max: Math.round(Math.max(...values)) });

/** One phase: the mix at `connections` for SECONDS, with reset requests for customers first..first+n. */
export async function mailLatencyUnderLoad(portal: Portal, connections: number, first: number) {
  const forgotUnknown = await formBody(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", "nobody-soak@example.test"]]);
  const signInWrong = await formBody(portal.baseUrl, "/signin", "signin-form", [["username", "nobody-soak"], ["password", "a wrong password here"]]);
  const headers = (form: FormBody) => ({ "content-type": form.contentType, origin: portal.baseUrl });
  const loadAtStart = loadAverage()[0];
  // The server's own CPU (its process and any workers, from /proc): the measure that a shared
  // machine's load does not change much, unlike throughput and latency.
  const cpuAtStart = serverCpuMs(portal.pid);
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
  const requested = new Map<string, number>();
  const arrived = new Map<string, number>();
  const waits: Promise<void>[] = [];
  const until = now() + SECONDS * 1000;
  let i = first;
  let refused = 0;
  while (now() < until) {
    const { email } = customer(i++);
    const form = await formBody(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", email]]);
    const sent = now();
    const response = await fetch(`${portal.baseUrl}/forgot-password`, { method: "POST", body: new Uint8Array(form.body), redirect: "manual", headers: headers(form) });
    await response.arrayBuffer();
    // Note: only a request the portal accepted (its 303 to "check your email") counts; one it
    // answered otherwise (a 503 while the server could not reach the database in time) queued
    // nothing, so its missing mail is a refusal, not a lost mail.
    if (response.status !== 303) {
      refused += 1;
      continue;
    }
    requested.set(email, sent);
    waits.push(portal.receiver.waitFor((m) => m.envelopeTo.includes(email), 120_000).then((mail) => void arrived.set(email, mail.receivedAt), () => {}));
    await new Promise((resolve) => setTimeout(resolve, 1000 / RESETS_PER_SECOND));
  }
  const result = await load;
  const cpuMs = serverCpuMs(portal.pid) - cpuAtStart;
  await Promise.all(waits);
  const outbox = await outboxTimes(portal);
  const latencies = [...arrived].map(([email, at]) => at - requested.get(email)!);
  const jobWaits = [...requested].flatMap(([email, at]) => (outbox.has(email) ? [outbox.get(email)!.queuedAt - at] : []));
  const outboxWaits = [...outbox].flatMap(([email, times]) => (requested.has(email) && times.sentAt ? [times.sentAt - times.queuedAt] : []));
  return {
    connections,
    seconds: SECONDS,
    loadAverage: { atStart: loadAtStart, atEnd: loadAverage()[0] },
    requestsPerSecond: result.requests.average,
    // Server CPU per request of the phase (the mix and the known customers' resets, with the jobs
    // and mail they cause), and the share of one core it used.
    cpuMsPerRequest: Math.round((cpuMs / (result.requests.total + requested.size)) * 100) / 100,
    cpuCores: Math.round((cpuMs / (SECONDS * 1000)) * 100) / 100,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + (result["5xx"] ?? 0),
    resetRequests: requested.size,
    resetRequestsRefused: refused,
    resetMails: arrived.size,
    lost: requested.size - arrived.size,
    mailMs: spread(latencies),
    // From "Send" until the job had queued the mail, and from then until the mail server took it.
    jobWaitMs: jobWaits.length ? spread(jobWaits) : null,
    outboxWaitMs: outboxWaits.length ? spread(outboxWaits) : null,
    rssMbAfter: residentMb(portal.pid),
    used: i - first,
  };
}

/** Asks the server for a heap snapshot (it writes Heap.<date>.<pid>….heapsnapshot in its working directory) and moves it to `name`. */
async function heapSnapshot(portal: Portal, name: string) {
  if (!HEAP_SNAPSHOTS) return;
  const before = new Set(readdirSync(process.cwd()));
  process.kill(portal.pid, "SIGUSR2");
  for (let tries = 0; tries < 600; tries += 1) {
    const written = readdirSync(process.cwd()).find((file) => file.endsWith(".heapsnapshot") && !before.has(file));
    // The file appears when writing starts; its size stops changing when it is done.
    if (written) {
      let size = -1;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const now = readFileSync(written).length;
        if (now === size && now > 0) break;
        size = now;
      }
      renameSync(written, path.join(HEAP_SNAPSHOTS, `${name}.heapsnapshot`));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server wrote no heap snapshot");
}

/** The soak: both phases on one server, sampled every second; prints the figures and writes bench/soak-results.json. */
export async function soak() {
  const database = benchDatabase();
  const customers = Math.ceil(2 * SECONDS * RESETS_PER_SECOND * 1.2);
  console.log(`\nMail latency under load: seeding ${customers} customers and starting the portal on ${database.label} (2 × ${SECONDS} s)…`);
  const starting = startPortal(
    Array.from({ length: customers }, (_, i) => customer(i)),
    {
      RATE_LIMIT_SCALE: "100000",
      OUTBOX_POLL_SECONDS: "10",
      METRICS_TOKEN,
      NODE_OPTIONS: [HEAP_SNAPSHOTS ? "--heapsnapshot-signal=SIGUSR2" : "", process.env.BENCH_SOAK_NODE_OPTIONS ?? ""].join(" ").trim(),
      // glibc's allocator settings (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_…) reach the server, to compare.
      ...Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith("MALLOC_") && entry[1] !== undefined)),
    },
  );
  return whileRunning(starting, async (portal) => {
    const startedAt = now();
    const sampling = startSampling(portal, startedAt);
    try {
      const rssBefore = residentMb(portal.pid);
      await heapSnapshot(portal, "0-start");
      const four = await mailLatencyUnderLoad(portal, 4, 0);
      await heapSnapshot(portal, "1-after-4");
      const sixteen = await mailLatencyUnderLoad(portal, 16, four.used);
      await heapSnapshot(portal, "2-after-16");
      await sampling.stop();
      const samples = sampling.samples;
      const during = (from: number, to: number) => samples.filter((sample) => sample.second >= from && sample.second < to);
      const worst = (list: typeof samples, key: "oldestJobSeconds" | "oldestMailSeconds") => (list.some((sample) => sample[key] !== null) ? Math.max(...list.map((sample) => sample[key] ?? 0)) : null);
      const phases = [four, sixteen].map((phase, index) => {
        const window = during(index * SECONDS, (index + 1) * SECONDS);
        return { ...phase, oldestWaitingJobSeconds: worst(window, "oldestJobSeconds"), oldestWaitingMailSeconds: worst(window, "oldestMailSeconds") };
      });
      const results = {
        date: new Date().toISOString(),
        database: database.label,
        rssMbBefore: rssBefore,
        rssMbAfterSeconds: { seconds: Math.round((now() - startedAt) / 1000), rssMb: residentMb(portal.pid) },
        phases,
        // Every 10 s: seconds since the start, RSS (MB), load average, oldest waiting job and mail (s),
        // waiting jobs and mail, and the JavaScript heap used and reserved and memory outside it (MB).
        overTime: samples.filter((sample) => sample.second % 10 === 0),
      };
      console.log(`server memory: ${rssBefore} MB before, ${results.rssMbAfterSeconds.rssMb} MB after ${results.rssMbAfterSeconds.seconds} s`);
      console.log(
        `RSS over time (MB, every 30 s; JavaScript heap used/reserved in brackets): ${samples
          .filter((sample) => sample.second % 30 === 0)
          .map((sample) => `${sample.rssMb} (${sample.heapUsedMb ?? "?"}/${sample.heapTotalMb ?? "?"})`)
          .join(" ")}`,
      );
      for (const phase of phases) {
        const ms = (spread: { p50: number; p95: number; max: number } | null) => (spread ? `${spread.p50} / ${spread.p95} / ${spread.max} ms` : "n/a");
        console.log(
          `mail latency under load, ${phase.connections} connections, ${phase.seconds} s (load average ${phase.loadAverage.atStart}→${phase.loadAverage.atEnd}): ` +
            `reset mail p50/p95/max ${ms(phase.mailMs)} (${phase.resetMails} of ${phase.resetRequests} accepted arrived, ${phase.resetRequestsRefused} refused; job wait ${ms(phase.jobWaitMs)}, outbox wait ${ms(phase.outboxWaitMs)}); ` +
            `oldest waiting job ${phase.oldestWaitingJobSeconds ?? "n/a"} s, mail ${phase.oldestWaitingMailSeconds ?? "n/a"} s; ` +
            `mix ${Math.round(phase.requestsPerSecond)} req/s, p99 ${phase.p99Ms} ms, ${phase.errors} errors; server CPU ${phase.cpuMsPerRequest} ms per request (${phase.cpuCores} cores); server RSS after ${phase.rssMbAfter} MB`,
        );
      }
      saveResults("soak-results.json", results);
      return results;
    } finally {
      await sampling.stop();
    }
  });
}

if (process.argv[1]?.endsWith("soak.ts")) runBench(soak);
