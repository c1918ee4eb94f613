/**
 * Issue 25: the portal against its floor (bench/floor/, a minimal Next.js app doing the same jobs
 * on the same PostgreSQL server), in one run, interleaved — floor, portal, floor, portal for each
 * job — so that whatever else the shared machine is doing weighs on both alike. Then the portal
 * with one server process against PORTAL_WORKERS=2, interleaved the same way.
 */
import type { Portal, PortalInstance } from "../tests/e2e/support/portal-server";
import type { Floor } from "./floor";
import { argon2idBound, formBody, loadAt16, loadAverage, pageWeight, postSignedIn, signedInCookie, signInTarget, type LoadResult, type LoadTarget } from "./load";
import { summarise } from "./statistics";

export const FLOOR_JOBS = ["resetRequest", "signIn", "signInNewBrowser", "pageSignedIn", "pageSignedOut"] as const;
type Job = (typeof FLOOR_JOBS)[number];

export const JOB_NAMES: Record<Job, string> = {
  resetRequest: '"Forgot your password?" (no-JS form post)',
  signIn: "successful sign-in, from the customer's browser",
  signInNewBrowser: "successful sign-in, from a new browser",
  pageSignedIn: "Knowledge Base page, signed in",
  pageSignedOut: "Knowledge Base page, signed out",
};

// The issue's targets, as a share of the floor's throughput.
export const TARGET_RATIO: Record<Job, number> = { resetRequest: 0.6, signIn: 0.7, signInNewBrowser: 0.7, pageSignedIn: 0.6, pageSignedOut: 0.6 };

export type Account = { username: string; email: string; password: string };

type Side = Record<Job, LoadTarget>;

async function portalTargets(portal: PortalInstance, resetFor: Account, signInAs: Account[], pageAs: Account): Promise<Side> {
  const base = portal.baseUrl;
  const signInForm = (who: Account) => formBody(base, "/signin", "signin-form", [["username", who.username], ["password", who.password]]);
  const cookie = await signedInCookie(base, await signInForm(pageAs), /portal\.session=/);
  const common = { origin: base, serverPid: portal.pid };
  // A returning customer's browser holds the id cookie its first sign-in set (issue 16); a sign-in
  // without it is from a new browser, which queues the "new sign-in" notice and mails it.
  const browser = await signedInCookie(base, await signInForm(signInAs[0]), /portal\.browser=/);
  return {
    resetRequest: { ...common, url: `${base}/forgot-password`, form: await formBody(base, "/forgot-password", "forgot-password-form", [["email", resetFor.email]]) },
    signIn: { ...common, ...(await signInTarget(base, signInAs, browser)) },
    signInNewBrowser: { ...common, ...(await signInTarget(base, signInAs)) },
    pageSignedIn: { ...common, url: `${base}/knowledge-base`, cookie },
    pageSignedOut: { ...common, url: `${base}/knowledge-base` },
  };
}

async function floorTargets(floor: Floor, account: Account): Promise<Side> {
  const base = floor.baseUrl;
  const signInForm = await formBody(base, "/signin", "signin-form", [["username", account.username], ["password", account.password]]);
  const cookie = await signedInCookie(base, signInForm, /floor\.session=/);
  const common = { origin: base, serverPid: floor.pid };
  return {
    resetRequest: { ...common, url: `${base}/forgot-password`, form: await formBody(base, "/forgot-password", "forgot-password-form", [["email", account.email]]) },
    signIn: { ...common, url: `${base}/signin`, form: signInForm },
    signInNewBrowser: { ...common, url: `${base}/signin`, form: signInForm },
    pageSignedIn: { ...common, url: `${base}/kb`, cookie },
    pageSignedOut: { ...common, url: `${base}/kb` },
  };
}

/** A few requests one at a time first, so that neither side is measured compiling or connecting. */
async function warmUp(target: LoadTarget) {
  for (let i = 0; i < 10; i += 1) {
    const form = target.forms?.[i % target.forms.length] ?? target.form;
    const response = await fetch(target.url, {
      method: form ? "POST" : "GET",
      body: form ? new Uint8Array(form.body) : undefined,
      redirect: "manual",
      headers: { origin: target.origin, ...(form ? { "content-type": form.contentType } : {}), ...(target.cookie ? { cookie: target.cookie } : {}) },
    });
    await response.arrayBuffer();
    if (response.status >= 400) throw new Error(`${target.url} answered ${response.status} while warming up`);
    // A portal form answers 303 when it worked; 200 is its page again with an error.
    if (form && response.status === 200) throw new Error(`${target.url} refused the form while warming up`);
  }
}

const summary = (loads: LoadResult[], key: keyof LoadResult) => summarise(loads.map((load) => Number(load[key])));
const describe = (loads: LoadResult[]) => ({
  requestsPerSecond: summary(loads, "requestsPerSecond"),
  serverCpuMsPerRequest: summary(loads, "serverCpuMsPerRequest"),
  p50Ms: summary(loads, "p50Ms"),
  p99Ms: summary(loads, "p99Ms"),
  errors: summary(loads, "errors"),
  refused: summary(loads, "refused"),
});

/** A case of the signed-in customer's, made with Create Case: its page (the conversation and the reply form) is weighed too. */
async function casePage(portal: PortalInstance, cookie: string): Promise<string> {
  const created = await postSignedIn(portal.baseUrl, "/support/cases/new", "create-case-form", cookie, [
    ["subject", "Page weight"],
    ["category", "other"],
    ["description", "A case whose page is weighed."],
  ]);
  const page = /\/support\/cases\/\d+/.exec(created.headers.get("location") ?? "")?.[0];
  if (!page) throw new Error(`Create Case answered ${created.status} ${created.headers.get("location") ?? ""}`);
  return page;
}

/**
 * The customer pages the portal serves everyone and, with a signed-in `cookie`, the ones it serves
 * its customers, each with the floor's page for the same kind of job (also `npm run bench:weight`).
 */
export async function pageWeights(portal: PortalInstance, floor: Floor, cookie?: string) {
  const guides = await (await fetch(`${portal.baseUrl}/knowledge-base`)).text();
  const guide = /href="(\/knowledge-base\/[a-z0-9-]+)"/.exec(guides)?.[1];
  const pages: Array<[string, string]> = [
    ["/signin", "/signin"],
    ["/forgot-password", "/forgot-password"],
    ["/forgot-password/sent", "/forgot-password/sent"],
    ["/reset-password", "/forgot-password"],
    ["/", "/kb"],
    ["/knowledge-base", "/kb"],
    ...(guide ? ([[guide, "/kb"]] as Array<[string, string]>) : []),
  ];
  const floorPages = new Map<string, Awaited<ReturnType<typeof pageWeight>>>();
  for (const page of ["/signin", "/forgot-password", "/forgot-password/sent", "/kb"]) floorPages.set(page, await pageWeight(floor.baseUrl, page));
  // The target is against the floor's heaviest page: every page of an app pays the same runtime.
  const floorJsKB = Math.max(...[...floorPages.values()].map((weight) => weight.kB));
  const rows = [];
  const signedIn: Array<[string, string]> = cookie ? [...["/account", "/support/cases", "/support/cases/new", "/contact"], await casePage(portal, cookie)].map((page) => [page, "/kb"]) : [];
  for (const [page, floorPage, pageCookie] of [...pages, ...signedIn.map(([page, floorPage]) => [page, floorPage, cookie] as const)]) {
    const weight = await pageWeight(portal.baseUrl, page, pageCookie);
    const shown = pageCookie ? `${page.replace(/\d+$/, "[id]")} (signed in)` : page;
    rows.push({ page: shown, jsKB: weight.kB, overFloorKB: weight.kB - floorJsKB, scripts: weight.scripts, htmlKB: weight.htmlKB, floorPage, floorHtmlKB: floorPages.get(floorPage)!.htmlKB });
  }
  return { floorJsKB, floorPages: Object.fromEntries(floorPages), pages: rows };
}

export type FloorComparison = Awaited<ReturnType<typeof compareWithFloor>>;

/**
 * `runs` rounds of every job, floor then portal, `seconds` each at 16 connections; then the
 * portal's reset request and pages with one process and with two (PORTAL_WORKERS=2, started on
 * the same database), interleaved alike. Accounts: `reset` asks for resets (its mail limit is hit
 * at once, as in a flood), the `signIn` accounts sign in again and again, in turn, `page` holds the page's session.
 */
export async function compareWithFloor(
  portal: Portal,
  floor: Floor,
  accounts: { reset: Account; signIn: Account[]; page: Account; floor: Account },
  options: { runs: number; seconds: number },
) {
  const loadAtStart = loadAverage();
  const portalSide = await portalTargets(portal, accounts.reset, accounts.signIn, accounts.page);
  const floorSide = await floorTargets(floor, accounts.floor);
  for (const job of FLOOR_JOBS) {
    await warmUp(floorSide[job]);
    await warmUp(portalSide[job]);
  }
  const measured: Record<Job, { floor: LoadResult[]; portal: LoadResult[] }> = Object.fromEntries(FLOOR_JOBS.map((job) => [job, { floor: [], portal: [] }])) as never;
  const bound: Array<Awaited<ReturnType<typeof argon2idBound>>> = [];
  const loadAverages: Array<{ run: number; start: number[]; end: number[] }> = [];
  for (let run = 0; run < options.runs; run += 1) {
    const start = loadAverage();
    bound.push(await argon2idBound(accounts.floor.password));
    for (const job of FLOOR_JOBS) {
      console.log(`  run ${run + 1}: ${JOB_NAMES[job]} — floor, then portal (load average ${loadAverage().join(", ")})`);
      measured[job].floor.push(await loadAt16(floorSide[job], options.seconds));
      measured[job].portal.push(await loadAt16(portalSide[job], options.seconds));
    }
    loadAverages.push({ run: run + 1, start, end: loadAverage() });
  }
  const argon2idCpuMs = summarise(bound.map((item) => item.cpuMsPerVerification));
  const jobs = Object.fromEntries(
    FLOOR_JOBS.map((job) => {
      const { floor: floorLoads, portal: portalLoads } = measured[job];
      const ratios = portalLoads.map((load, i) => load.requestsPerSecond / floorLoads[i].requestsPerSecond);
      return [job, { floor: describe(floorLoads), portal: describe(portalLoads), portalToFloor: summarise(ratios), target: TARGET_RATIO[job] }];
    }),
  ) as Record<Job, { floor: ReturnType<typeof describe>; portal: ReturnType<typeof describe>; portalToFloor: ReturnType<typeof summarise>; target: number }>;
  // Sign-in's CPU besides the hash: the server's CPU per sign-in less one argon2id verification.
  const nonHash = (loads: LoadResult[]) => summarise(loads.map((load, i) => load.serverCpuMsPerRequest - bound[i].cpuMsPerVerification));
  const signInBesidesHashCpuMs = {
    floor: nonHash(measured.signIn.floor),
    portal: nonHash(measured.signIn.portal),
    portalNewBrowser: nonHash(measured.signInNewBrowser.portal),
  };

  // One server process against two, on the same database: reset request and the page signed out.
  console.log("  starting the portal again with PORTAL_WORKERS=2 …");
  const twoProcesses = await portal.startInstance({ PORTAL_WORKERS: "2" });
  const processes = { one: { resetRequest: [] as LoadResult[], pageSignedOut: [] as LoadResult[] }, two: { resetRequest: [] as LoadResult[], pageSignedOut: [] as LoadResult[] } };
  try {
    const twoSide = await portalTargets(twoProcesses, accounts.reset, accounts.signIn, accounts.page);
    for (const job of ["resetRequest", "pageSignedOut"] as const) await warmUp(twoSide[job]);
    for (let run = 0; run < options.runs; run += 1) {
      for (const job of ["resetRequest", "pageSignedOut"] as const) {
        console.log(`  run ${run + 1}: ${JOB_NAMES[job]} — 1 process, then 2 (load average ${loadAverage().join(", ")})`);
        processes.one[job].push(await loadAt16(portalSide[job], options.seconds));
        processes.two[job].push(await loadAt16(twoSide[job], options.seconds));
      }
    }
  } finally {
    await twoProcesses.stop();
  }
  const weights = await pageWeights(portal, floor, portalSide.pageSignedIn.cookie);
  return {
    connections: 16,
    seconds: options.seconds,
    runs: options.runs,
    loadAverage: { atStart: loadAtStart, atEnd: loadAverage(), perRun: loadAverages },
    argon2idAlone: { verificationsPerSecond: summarise(bound.map((item) => item.perSecond)), cpuMsPerVerification: argon2idCpuMs },
    jobs,
    signInBesidesHashCpuMs,
    serverProcesses: {
      resetRequest: { one: describe(processes.one.resetRequest), two: describe(processes.two.resetRequest) },
      pageSignedOut: { one: describe(processes.one.pageSignedOut), two: describe(processes.two.pageSignedOut) },
    },
    pageWeight: weights,
  };
}

/** The table `npm run bench` prints: floor | portal | portal/floor, then the processes and page weight. */
export function printFloorComparison(comparison: FloorComparison) {
  const f = (value: number, digits = 1) => value.toFixed(digits);
  const cell = (side: ReturnType<typeof describe>) =>
    `${f(side.requestsPerSecond.median, 0)} req/s, ${f(side.serverCpuMsPerRequest.median)} ms CPU, p99 ${f(side.p99Ms.median, 0)} ms${side.errors.median > 0 ? `, ${f(side.errors.median, 0)} errors` : ""}${side.refused.median > 0 ? `, ${f(side.refused.median, 0)} refused` : ""}`;
  const rows: Array<[string, string, string, string, string]> = [["", "floor", "portal", "portal / floor", "target"]];
  for (const job of FLOOR_JOBS) {
    const item = comparison.jobs[job];
    const ratio = item.portalToFloor;
    rows.push([JOB_NAMES[job], cell(item.floor), cell(item.portal), `${f(ratio.median, 2)} (${f(ratio.min, 2)}–${f(ratio.max, 2)})`, `≥ ${item.target}${ratio.median >= item.target ? " ✔" : " ✘"}`]);
  }
  const bound = comparison.argon2idAlone;
  rows.push(["argon2id alone", `${f(bound.verificationsPerSecond.median, 0)} verifications/s, ${f(bound.cpuMsPerVerification.median)} ms CPU each`, "", "", ""]);
  const besides = comparison.signInBesidesHashCpuMs;
  rows.push(["sign-in CPU besides the hash", `${f(besides.floor.median)} ms`, `${f(besides.portal.median)} ms (new browser ${f(besides.portalNewBrowser.median)} ms)`, "", `portal ≤ 8 ms${besides.portal.median <= 8 ? " ✔" : " ✘"}`]);
  for (const job of ["resetRequest", "pageSignedOut"] as const) {
    const item = comparison.serverProcesses[job];
    rows.push([`${JOB_NAMES[job]}: 1 → 2 server processes`, cell(item.one), cell(item.two), `×${f(item.two.requestsPerSecond.median / item.one.requestsPerSecond.median, 2)}`, ""]);
  }
  rows.push(...pageWeightRows(comparison.pageWeight));
  const { atStart, atEnd } = comparison.loadAverage;
  console.log(`\nThe floor and the portal, interleaved, ${comparison.connections} connections, ${comparison.seconds} s each, median of ${comparison.runs} run(s); load average ${atStart.join(", ")} at the start, ${atEnd.join(", ")} at the end\n`);
  printTable(rows);
}

/** The page-weight rows of the table, one per customer page. */
export function pageWeightRows(weights: Awaited<ReturnType<typeof pageWeights>>) {
  const f = (value: number) => value.toFixed(1);
  return weights.pages.map((page): [string, string, string, string, string] => [
    `page weight ${page.page}`,
    `JS ${f(weights.floorJsKB)} kB, HTML ${f(page.floorHtmlKB)} kB (${page.floorPage})`,
    `JS ${f(page.jsKB)} kB, HTML ${f(page.htmlKB)} kB`,
    `+${f(page.overFloorKB)} kB JS`,
    `≤ +10 kB${page.overFloorKB <= 10 ? " ✔" : " ✘"}`,
  ]);
}

export function printTable(rows: string[][]) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((value, column) => value.padEnd(widths[column])).join("  "));
}
