/**
 * What every throughput figure of the bench is made of (issue 25): a form body sent the way a
 * browser without JavaScript sends it, autocannon at 16 connections, and the CPU the server's
 * processes spent on it read from /proc — the server's own accounting, whatever else runs here.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { gzipSync } from "node:zlib";
import { verify } from "@node-rs/argon2";
import autocannon from "autocannon";
import { hashPassword } from "@/lib/auth/password-hash";
import { hiddenFields } from "../tests/e2e/support/form-post";

export const CONNECTIONS = 16;
/** Accounts a sign-in load takes in turn: twice the connections, so one account rarely has two at once (S27, S45). */
export const SIGN_IN_ACCOUNTS = 2 * CONNECTIONS;
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

export type FormBody = { body: Buffer; contentType: string };

/** The multipart body a browser without JavaScript posts for this form, ready to send many times. */
export async function formBody(baseUrl: string, page: string, formId: string, fields: Array<[string, string]>): Promise<FormBody> {
  const form = new FormData();
  for (const [name, value] of await hiddenFields(baseUrl, page, formId)) form.append(name, value);
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** A form of `page` posted as a signed-in browser without JavaScript would (files allowed), with its hidden fields; the answer unfollowed. */
export async function postSignedIn(baseUrl: string, page: string, formId: string, cookie: string, fields: Array<[string, string | File]>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of await hiddenFields(baseUrl, page, formId, cookie)) form.append(name, value);
  for (const [name, value] of fields) form.append(name, value);
  return fetch(`${baseUrl}${page}`, { method: "POST", body: form, redirect: "manual", headers: { origin: baseUrl, cookie } });
}

/** The session cookie (name=value) a form sign-in sets, or an error naming the page; `cookie` is the browser's, sent with it. */
export async function signedInCookie(baseUrl: string, form: FormBody, cookieName: RegExp, cookie?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/signin`, {
    method: "POST",
    body: new Uint8Array(form.body),
    redirect: "manual",
    headers: { "content-type": form.contentType, origin: baseUrl, ...(cookie ? { cookie } : {}) },
  });
  const session = response.headers.getSetCookie().find((cookie) => cookieName.test(cookie));
  if (!session) throw new Error(`${baseUrl}/signin set no session cookie (answered ${response.status})`);
  return session.split(";")[0];
}

/**
 * Sign-ins spread over `accounts`, each sent in turn: 16 at once on one account are mostly refused
 * by design (S27, S45). With `browser`, every account has signed in from that browser before.
 */
export async function signInTarget(base: string, accounts: Array<{ username: string; password: string }>, browser?: string) {
  const forms = await Promise.all(accounts.map((who) => formBody(base, "/signin", "signin-form", [["username", who.username], ["password", who.password]])));
  if (browser) for (const form of forms) await signedInCookie(base, form, /portal\.session=/, browser);
  return { url: `${base}/signin`, form: forms[0], forms, ...(browser ? { cookie: browser } : {}) };
}

/** CPU milliseconds a process has used (user + system), from /proc. */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A process and its children (the workers of a PORTAL_WORKERS start), from /proc. */
export function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // gone, or no children file on this kernel
  }
  return [pid, ...children.flatMap(processTree)];
}

const treeCpuMs = (pids: number[]) => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);

/** CPU milliseconds the server has used: its process and any workers. */
export const serverCpuMs = (pid: number) => treeCpuMs(processTree(pid));

const residentKb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"))?.split(/\s+/)[1] ?? 0);

/** Resident memory in MB of the process alone, from /proc. */
export const residentMb = (pid: number) => Math.round(residentKb(pid) / 1024);

/** The same for the process and its children, summed before rounding. */
export const treeResidentMb = (pid: number) => Math.round(processTree(pid).reduce((sum, member) => sum + residentKb(member), 0) / 1024);

/**
 * What the load sends. `forms`, when given, are sent in turn instead of `form`, each with its own
 * content type: sign-ins spread over several accounts, since 16 at once on one account are mostly
 * refused by design (S27, S45: an attempt in flight counts until its password is checked).
 */
export type LoadTarget = { url: string; method?: "GET" | "POST"; form?: FormBody; forms?: FormBody[]; cookie?: string; origin: string; serverPid: number };

export type LoadResult = {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Forms answered 200: the page again with an error (a refusal), where a form that worked answers 303. */
  refused: number;
  requests: number;
  serverCpuMsPerRequest: number;
  loadGeneratorCpuShare: number;
};

/**
 * Waits until the processes have finished what the load left them (a job backlog, mail, a slow
 * sign-in queue): until one half second's CPU is under 20 ms, at most `withinMs`. So the work a
 * request causes after its response is counted against it, and never runs into the next measurement.
 */
export async function untilQuiet(pids: number[], withinMs = 30_000) {
  const deadline = Date.now() + withinMs;
  let last = treeCpuMs(pids);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = treeCpuMs(pids);
    if (now - last < 20) return;
    last = now;
  }
}

/**
 * `seconds` of load at 16 connections; errors are anything but a 2xx or a 3xx answer. The server's
 * CPU is counted until it is quiet again (untilQuiet). `refused` is the portal's: a form of its
 * that is refused answers 200 with the page again (the floor's sign-in answers a refusal with a 303).
 */
export async function loadAt16(target: LoadTarget, seconds: number, options: { timeoutSeconds?: number } = {}): Promise<LoadResult> {
  const pids = processTree(target.serverPid);
  const serverBefore = treeCpuMs(pids);
  const loadBefore = process.cpuUsage();
  const headers: Record<string, string> = { origin: target.origin };
  if (target.form) headers["content-type"] = target.form.contentType;
  if (target.cookie) headers.cookie = target.cookie;
  let sent = 0;
  const forms = target.forms;
  const result = await autocannon({
    url: target.url,
    method: target.method ?? (target.form || target.forms ? "POST" : "GET"),
    body: target.form?.body,
    headers,
    // Note: each form has its own multipart boundary, so its own content type.
    ...(forms
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                const form = forms[sent++ % forms.length];
                return { ...request, body: form.body, headers: { ...request.headers, "content-type": form.contentType } };
              },
            },
          ],
        }
      : {}),
    connections: CONNECTIONS,
    duration: seconds,
    timeout: options.timeoutSeconds ?? 10,
  });
  const load = process.cpuUsage(loadBefore);
  await untilQuiet(pids);
  const requests = result.requests.total || 1;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + (result["5xx"] ?? 0) + (result.non2xx - (result["3xx"] ?? 0)),
    refused: target.form || target.forms ? result["2xx"] : 0,
    requests,
    serverCpuMsPerRequest: (treeCpuMs(pids) - serverBefore) / requests,
    loadGeneratorCpuShare: (load.user + load.system) / 1000 / (seconds * 1000 * os.cpus().length),
  };
}

/** The load average (1, 5, 15 minutes): the machine is shared, so every run says how busy it was. */
export const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

/** The ceiling sign-in cannot pass: argon2id verifications per second on this machine, 16 at once. */
export async function argon2idBound(password: string, seconds = 5) {
  const stored = await hashPassword(password);
  const before = process.cpuUsage();
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < until) {
        await verify(stored, "a wrong password for the bound");
        done += 1;
      }
    }),
  );
  const cpu = process.cpuUsage(before);
  return { perSecond: done / seconds, cpuMsPerVerification: (cpu.user + cpu.system) / 1000 / done };
}

/** The gzip size of every script a page's HTML references, and of the HTML itself; `cookie` signs the request in. */
export async function pageWeight(baseUrl: string, page: string, cookie?: string) {
  const response = await fetch(`${baseUrl}${page}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  // A redirect (to /signin, say) or an error page would weigh another page; bench/run.ts weighs the 404 page on purpose.
  if (response.status >= 300 && response.status !== 404) throw new Error(`${baseUrl}${page} answered ${response.status} ${response.headers.get("location") ?? ""}`);
  const html = await response.text();
  const scripts = [...new Set([...html.matchAll(/\/_next\/static\/[^"'\s>]+?\.js/g)].map((match) => match[0]))];
  let bytes = 0;
  for (const script of scripts) bytes += gzipSync(Buffer.from(await (await fetch(`${baseUrl}${script}`)).arrayBuffer())).length;
  return { kB: bytes / 1000, scripts: scripts.length, htmlKB: gzipSync(Buffer.from(html)).length / 1000 };
}
