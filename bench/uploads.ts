import { readFileSync } from "node:fs";
import { hiddenFields } from "../tests/e2e/support/form-post";
import type { Portal } from "../tests/e2e/support/portal-server";

/**
 * Issue 26: 8 customers each send a reply with a 10 MB file at the same moment, three rounds: the
 * upload throughput, and the server's memory (RSS, sampled every 50 ms) before, at its peak and
 * after each round. Flat means the peak does not climb from round to round.
 */
const UPLOADERS = 8;
const FILE_BYTES = 10 * 1024 * 1024;
const ROUNDS = 3;

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

async function signedInCookie(portal: Portal, username: string, password: string): Promise<string> {
  const form = new FormData();
  for (const [name, value] of await hiddenFields(portal.baseUrl, "/signin", "signin-form")) form.append(name, value);
  form.append("username", username);
  form.append("password", password);
  const response = await fetch(`${portal.baseUrl}/signin`, { method: "POST", body: form, redirect: "manual", headers: { origin: portal.baseUrl } });
  const session = response.headers.getSetCookie().find((cookie) => /portal\.session=/.test(cookie));
  if (!session) throw new Error(`${username} could not sign in`);
  return session.split(";")[0];
}

async function postForm(portal: Portal, page: string, formId: string, cookie: string, fields: Array<[string, string | File]>): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of await hiddenFields(portal.baseUrl, page, formId, cookie)) form.append(name, value);
  for (const [name, value] of fields) form.append(name, value);
  return fetch(`${portal.baseUrl}${page}`, { method: "POST", body: form, redirect: "manual", headers: { origin: portal.baseUrl, cookie } });
}

export async function uploadLoad(portal: Portal, customers: Array<{ username: string; password: string }>) {
  const uploaders = await Promise.all(
    customers.slice(0, UPLOADERS).map(async (customer) => {
      const cookie = await signedInCookie(portal, customer.username, customer.password);
      const created = await postForm(portal, "/support/cases/new", "create-case-form", cookie, [
        ["subject", "Bench upload case"],
        ["category", "other"],
        ["description", "A case for measuring uploads of large files."],
      ]);
      const location = created.headers.get("location") ?? "";
      const id = /\/support\/cases\/(\d+)/.exec(location)?.[1];
      if (!id) throw new Error(`Create Case answered ${created.status} ${location}`);
      return { cookie, page: `/support/cases/${id}` };
    }),
  );
  const pdf = Buffer.alloc(FILE_BYTES, 0x20);
  pdf.write("%PDF-1.4\n");
  const rounds: Array<{ seconds: number; megabytesPerSecond: number; rssBeforeMiB: number; rssPeakMiB: number; rssAfterMiB: number; failures: number }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rssBefore = rssMiB(portal.pid);
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(portal.pid))), 50);
    const started = performance.now();
    const answers = await Promise.all(
      uploaders.map(({ cookie, page }) => postForm(portal, page, "case-reply-form", cookie, [["text", `Round ${round}: the log file.`], ["files", new File([pdf], "meter-log.pdf", { type: "application/pdf" })]])),
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const failures = answers.filter((answer) => answer.status !== 303 || !/replied=1/.test(answer.headers.get("location") ?? "")).length;
    rounds.push({ seconds, megabytesPerSecond: (UPLOADERS * FILE_BYTES) / (1024 * 1024) / seconds, rssBeforeMiB: rssBefore, rssPeakMiB: Math.max(peak, rssMiB(portal.pid)), rssAfterMiB: rssMiB(portal.pid), failures });
  }
  return { uploaders: UPLOADERS, fileMiB: FILE_BYTES / (1024 * 1024), rounds };
}
