import { readFileSync } from "node:fs";
import { hiddenFields } from "../tests/e2e/support/form-post";
import type { Portal } from "../tests/e2e/support/portal-server";
import { postSignedIn } from "./load";

/**
 * Issue 26: 8 customers each send a reply with a 10 MB file at the same moment, three rounds, the
 * way a browser with JavaScript sends it (the file alone to POST /api/attachments, then the reply
 * with its id) and then three rounds the way one without JavaScript does (the file inside the
 * reply's multipart form): the upload throughput, and the server's memory (RSS, sampled every
 * 50 ms) before, at its peak during, and after each round — right after, and once the server has
 * been idle for 2 s. Flat means the peak does not climb from round to round.
 */
const UPLOADERS = 8;
const FILE_BYTES = 10 * 1024 * 1024;
const ROUNDS = 3;
const IDLE_MS = 2000;

export type UploadRound = { seconds: number; megabytesPerSecond: number; rssBeforeMiB: number; rssPeakMiB: number; rssAfterMiB: number; rssIdleMiB: number; failures: number };

function rssMiB(pid: number): number {
  let status = "";
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    throw new Error(`the server (pid ${pid}) is gone`);
  }
  const line = status.split("\n").find((entry) => entry.startsWith("VmRSS:"));
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


export async function uploadLoad(portal: Portal, customers: Array<{ username: string; password: string }>) {
  const uploaders = await Promise.all(
    customers.slice(0, UPLOADERS).map(async (customer) => {
      const cookie = await signedInCookie(portal, customer.username, customer.password);
      const created = await postSignedIn(portal.baseUrl, "/support/cases/new", "create-case-form", cookie, [
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
  const file = () => new File([new Uint8Array(pdf)], "meter-log.pdf", { type: "application/pdf" });

  /** A request that was answered but not taken: what it was answered, so a failure is explained. */
  const untaken = async (what: string, round: number, response: Response) => {
    const text = (await response.text()).replace(/\s+/g, " ");
    const said = /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? /role="alert"[^>]*>([^<]{0,200})/.exec(text)?.[1] ?? text.slice(0, 200);
    console.error(`round ${round + 1}: ${what} was answered ${response.status} ${response.headers.get("location") ?? ""} ${said}`);
    return false;
  };

  /** With JavaScript: the file alone, then the reply naming it; true when both were taken. */
  const sendAhead = async ({ cookie, page }: { cookie: string; page: string }, round: number) => {
    const sent = await fetch(`${portal.baseUrl}/api/attachments`, {
      method: "POST",
      body: new Uint8Array(pdf),
      headers: { origin: portal.baseUrl, cookie, "x-portal-upload": "1", "x-file-name": "meter-log.pdf", "content-type": "application/pdf" },
    });
    if (sent.status !== 201) return untaken("the upload", round, sent);
    const { id } = (await sent.json()) as { id: string };
    const reply = await postSignedIn(portal.baseUrl, page, "case-reply-form", cookie, [["text", `Round ${round}: the log file.`], ["uploaded", id]]);
    return reply.status === 303 && /replied=1/.test(reply.headers.get("location") ?? "") ? true : untaken("the reply", round, reply);
  };
  /** Without JavaScript: the file inside the reply's multipart form. */
  const sendInForm = async ({ cookie, page }: { cookie: string; page: string }, round: number) => {
    const reply = await postSignedIn(portal.baseUrl, page, "case-reply-form", cookie, [["text", `Round ${round}: the log file.`], ["files", file()]]);
    return reply.status === 303 && /replied=1/.test(reply.headers.get("location") ?? "") ? true : untaken("the form", round, reply);
  };

  const measure = async (send: typeof sendAhead): Promise<UploadRound[]> => {
    const rounds: UploadRound[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const rssBefore = rssMiB(portal.pid);
      let peak = rssBefore;
      const sampler = setInterval(() => {
        if (!portal.exited()) peak = Math.max(peak, rssMiB(portal.pid));
      }, 50);
      const started = performance.now();
      // A request that fails outright (the connection reset) counts as a failure of the round.
      const taken = await Promise.all(
        uploaders.map((uploader) =>
          send(uploader, round).catch((error: Error) => {
            const cause = error.cause as (Error & { code?: string }) | undefined;
            console.error(`round ${round + 1}: ${error.message} (${String(cause?.message ?? "")}${cause?.code ? `, ${cause.code}` : ""})`);
            return false;
          }),
        ),
      );
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const rssAfter = rssMiB(portal.pid);
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
      rounds.push({
        seconds,
        megabytesPerSecond: (UPLOADERS * FILE_BYTES) / (1024 * 1024) / seconds,
        rssBeforeMiB: rssBefore,
        rssPeakMiB: Math.max(peak, rssAfter),
        rssAfterMiB: rssAfter,
        rssIdleMiB: rssMiB(portal.pid),
        failures: taken.filter((ok) => !ok).length,
      });
      // Each round as it ends: a run stopped part-way still leaves its figures.
      const done = rounds.at(-1)!;
      console.error(`${send === sendAhead ? "sent ahead" : "in the form"}, round ${round + 1}: ${done.seconds.toFixed(1)} s, RSS ${done.rssBeforeMiB.toFixed(0)} → ${done.rssPeakMiB.toFixed(0)} → ${done.rssAfterMiB.toFixed(0)} MiB, ${done.failures} failed`);
    }
    return rounds;
  };
  // Sent ahead first: the form's rounds would leave their memory behind for the others to start from.
  const rounds = await measure(sendAhead);
  const formRounds = await measure(sendInForm);
  // A failure is explained from the server's side too: its log lines that are not a success.
  // A request the server never saw as one (a connection it had already closed) leaves no line:
  // the count of POST /api/attachments lines against the uploads sent tells the two apart.
  if ([...rounds, ...formRounds].some((round) => round.failures > 0)) {
    const lines = portal.log().split("\n");
    for (const line of lines) if (/"status":[45]\d\d|"level":"(error|warn)"|Error/.test(line) && !/mail\.failed/.test(line)) console.error(`server: ${line.slice(0, 400)}`);
    const uploads = lines.filter((line) => /"method":"POST","route":"\/api\/attachments"/.test(line));
    console.error(`server: ${uploads.length} POST /api/attachments answered of ${UPLOADERS * ROUNDS} sent; statuses ${JSON.stringify(uploads.map((line) => /"status":(\d+)/.exec(line)?.[1]))}`);
  }
  return { uploaders: UPLOADERS, fileMiB: FILE_BYTES / (1024 * 1024), rounds, formRounds };
}
