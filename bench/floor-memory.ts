/**
 * npm run bench:floor-memory — what Next.js itself holds in memory under the soak's kind of load
 * (issue 23): the floor (bench/floor/, a minimal Next.js app on the same Next.js, React and
 * postgres.js as the portal) under the busy-hour mix — its Knowledge Base page, "Forgot your
 * password?" for an unknown address and a wrong-password sign-in (of an account it has, so that
 * argon2id runs, as the portal's sign-in of an unknown name does), its forms posted without
 * JavaScript — at 4 and then 16 connections, BENCH_SOAK_SECONDS each (default 150, as the soak).
 * Reported: the server's resident memory (its process and any children, from /proc) at the start,
 * every 30 s and at the end, beside the load average; written to bench/floor-memory-results.json.
 * Needs PostgreSQL (DATABASE_URL, as `npm run bench`); builds the floor if needed.
 */
import autocannon from "autocannon";
import { benchDatabase, runBench, saveResults, whileRunning } from "./entry-point";
import { startFloor } from "./floor";
import { formBody, loadAverage, serverCpuMs, treeResidentMb } from "./load";

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 150);

async function main() {
  const database = benchDatabase("npm run bench:floor-memory");
  await whileRunning(startFloor(database.url, [{ username: "floorsoak", password: "floor soak lantern ridge" }]), async (floor) => {
    const base = floor.baseUrl;
    const forgot = await formBody(base, "/forgot-password", "forgot-password-form", [["email", "nobody-soak@example.test"]]);
    const signIn = await formBody(base, "/signin", "signin-form", [["username", "floorsoak"], ["password", "a wrong password here"]]);
    const headers = (form: { contentType: string }) => ({ "content-type": form.contentType, origin: base });
    const samples: Array<{ second: number; rssMb: number; load: number }> = [];
    const started = performance.now();
    const sampler = setInterval(() => samples.push({ second: Math.round((performance.now() - started) / 1000), rssMb: treeResidentMb(floor.pid), load: loadAverage()[0] }), 1_000);
    const rssBefore = treeResidentMb(floor.pid);
    const phases = [];
    try {
      for (const connections of [4, 16]) {
        const loadAtStart = loadAverage()[0];
        const cpuAtStart = serverCpuMs(floor.pid);
        const result = await autocannon({
          url: base,
          connections,
          duration: SECONDS,
          requests: [
            { method: "GET", path: "/kb" },
            { method: "POST", path: "/forgot-password", body: forgot.body, headers: headers(forgot) },
            { method: "POST", path: "/signin", body: signIn.body, headers: headers(signIn) },
          ],
        });
        const cpuMs = serverCpuMs(floor.pid) - cpuAtStart;
        phases.push({
          connections,
          seconds: SECONDS,
          loadAverage: { atStart: loadAtStart, atEnd: loadAverage()[0] },
          requestsPerSecond: Math.round(result.requests.average),
          p99Ms: result.latency.p99,
          errors: result.errors + result.timeouts + (result["5xx"] ?? 0),
          cpuMsPerRequest: Math.round((cpuMs / result.requests.total) * 100) / 100,
          rssMbAfter: treeResidentMb(floor.pid),
        });
      }
    } finally {
      clearInterval(sampler);
    }
    const results = { date: new Date().toISOString(), rssMbBefore: rssBefore, rssMbMax: Math.max(...samples.map((sample) => sample.rssMb)), phases, overTime: samples.filter((sample) => sample.second % 10 === 0) };
    console.log(`floor memory: ${rssBefore} MB before, ${treeResidentMb(floor.pid)} MB after ${Math.round((performance.now() - started) / 1000)} s, at most ${results.rssMbMax} MB`);
    console.log(`RSS over time (MB, every 30 s): ${samples.filter((sample) => sample.second % 30 === 0).map((sample) => `${sample.rssMb} (load ${sample.load})`).join(" ")}`);
    for (const phase of phases) {
      console.log(
        `floor, ${phase.connections} connections, ${phase.seconds} s (load average ${phase.loadAverage.atStart}→${phase.loadAverage.atEnd}): ` +
          `${phase.requestsPerSecond} req/s, p99 ${phase.p99Ms} ms, ${phase.errors} errors, ${phase.cpuMsPerRequest} ms CPU per request; RSS after ${phase.rssMbAfter} MB`,
      );
    }
    saveResults("floor-memory-results.json", results);
  });
}

runBench(main);
