jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { staffWorkAction } from "@/app/staff/cases/[id]/actions";
import { replyToCaseAction } from "@/app/support/cases/[id]/actions";
import { createCaseAction } from "@/app/support/cases/new/actions";
import { installSpoolSessionCheck, sealSession } from "@/lib/auth/session-cookie";
import { endSession, startSession } from "@/lib/auth/sessions";
import { setCustomerRole } from "@/lib/customers/customers";
import { db } from "@/lib/db";
import { caseAttachments, supportCases } from "@/lib/db/schema";
import { idleForm, type FormState } from "@/lib/http/form";
import { clearLimits } from "@/lib/http/rate-limit";
import { requestContexts } from "@/lib/log";
import { listCaseAttachments, openAttachment } from "@/lib/support/attachments/attachments";
import { FormUnreadable, MAX_SPOOLS_IN_FLIGHT, admitForm, emptyForm, release, spoolFolder, spoolForm, sweepStaleFolders } from "@/server/form-files.cjs";
import { makeCustomer } from "../support/customers";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 26: a form with files, posted without JavaScript, as server/preload.cjs takes it in a real
 * server — its files written to disk as they arrive (server/form-files.cjs), the action handed
 * the form with each file replaced by a token — then the reply's own server action, run in the
 * request's context as Next.js runs it. The HTTP side is real (a local server, fetch's multipart).
 */
withTestDatabase();

const MB = 1024 * 1024;
const pdf = (size: number, fill = 0x20) => {
  const data = Buffer.alloc(size, fill);
  data.write("%PDF-1.4\n");
  return data;
};

type Taken = { status: number; bodyBytes: number; tokens: string[]; answer?: string; state?: FormState<string>; error?: string };

/**
 * What one post became: the size of the body handed on, and the reply action's answer.
 * `swapToken`: the action is given another request's token instead of its own.
 */
let server: Server;
let base = "";
let swapToken: string | null = null;
const spooledPaths: string[] = [];
const tokensSeen: string[][] = [];

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const requestId = randomUUID();
    const tokens: string[] = [];
    tokensSeen.push(tokens);
    const reply = (taken: Taken) => {
      release(tokens);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(taken));
    };
    spoolForm(request, requestId, tokens).then(
      async ({ body, contentType }) => {
        const globalMap = (globalThis as unknown as Record<symbol, Map<string, { path: string }>>)[Symbol.for("portal.spooledFormFiles")];
        for (const token of tokens) spooledPaths.push(globalMap.get(token)!.path);
        const formData = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
        if (swapToken) {
          formData.delete("files");
          formData.append("files", `portal-spooled:${swapToken}`);
        }
        // The staff case form has a "kind" (reply or internal note), Create Case a "subject"; the customer's reply neither.
        const action = formData.has("kind") ? staffWorkAction : formData.has("subject") ? createCaseAction : replyToCaseAction;
        const run = () => action(idleForm as FormState<never>, formData) as Promise<FormState<string>>;
        let state: FormState<string> | undefined;
        const answer = await answerOf(requestContexts().run({ requestId }, async () => (state = await run())));
        reply({ status: 200, bodyBytes: body.length, tokens: [...tokens], answer, state });
      },
      (error: Error) => reply({ status: error instanceof FormUnreadable ? 400 : 500, bodyBytes: 0, tokens: [...tokens], error: error.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(async () => {
  swapToken = null;
  await clearLimits();
});

async function post(fields: Array<[string, string | File]>): Promise<Taken> {
  const body = new FormData();
  for (const [name, value] of fields) body.append(name, value);
  return (await fetch(base, { method: "POST", body })).json() as Promise<Taken>;
}

async function caseFor(customer: Awaited<ReturnType<typeof makeCustomer>>) {
  await actAs(customer);
  expect(await answerOf(createCaseAction(idleForm, form({ subject: "The meter display is broken", category: "not-working", description: "The display shows nothing since the storm." })))).toMatch(/^redirect /);
  const [row] = await (await db()).select().from(supportCases).where(eq(supportCases.customerId, customer.id));
  return row.id;
}

async function waitingOf(customerId: string) {
  return (await db()).select().from(caseAttachments).where(and(eq(caseAttachments.uploadedBy, customerId), isNull(caseAttachments.caseId)));
}

describe(`a form's files without JavaScript, written to disk as they arrive, on ${testDatabaseLabel()}`, () => {
  it("a reply with a 3 MB PDF: the action is handed a few hundred bytes naming the file, the reply carries it, and the copy on disk is gone after the answer", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const data = pdf(3 * MB);
    const taken = await post([["case", String(caseId)], ["text", "Here is the meter log."], ["files", new File([new Uint8Array(data)], "meter-log.pdf", { type: "application/pdf" })]]);
    expect(taken.answer).toBe(`redirect /support/cases/${caseId}?replied=1`);
    expect(taken.bodyBytes).toBeLessThan(1000);
    const [attached] = await listCaseAttachments(caseId, { includeInternal: false });
    expect(attached).toMatchObject({ fileName: "meter-log.pdf", contentType: "application/pdf", size: data.length });
    expect((await openAttachment({ customerId: customer.id, staff: false }, attached.id, "file"))!.data.equals(data)).toBe(true);
    expect(spooledPaths.at(-1)).toBeDefined();
    expect(existsSync(spooledPaths.at(-1)!)).toBe(false);
  });

  it("no file chosen (the browser's empty entry) is no file: the reply is posted without one", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const taken = await post([["case", String(caseId)], ["text", "Just words."], ["files", new File([], "", { type: "application/octet-stream" })]]);
    expect(taken.answer).toBe(`redirect /support/cases/${caseId}?replied=1`);
    expect(await listCaseAttachments(caseId, { includeInternal: false })).toEqual([]);
  });

  it("Create Case with no file chosen: the browser's empty entry, with or without its Content-Type, creates the case with no file and writes nothing that stays (issue 25)", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    const newCase: Array<[string, string]> = [["subject", "The meter display is broken"], ["category", "not-working"], ["description", "The display shows nothing since the storm."]];
    const taken = await post([...newCase, ["files", new File([], "", { type: "application/octet-stream" })]]);
    expect(taken.answer).toMatch(/^redirect \/support\/cases\/\d+\?created=1$/);
    // The same entry written by hand as some browsers send it: filename="" and no Content-Type.
    const boundary = "----portal-test-empty-entry";
    const parts = newCase.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const body = `${parts.join("")}--${boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n\r\n\r\n--${boundary}--\r\n`;
    const bare = (await (await fetch(base, { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` } })).json()) as Taken;
    expect(bare.answer).toMatch(/^redirect \/support\/cases\/\d+\?created=1$/);
    const cases = await (await db()).select().from(supportCases).where(eq(supportCases.customerId, customer.id));
    expect(cases).toHaveLength(2);
    for (const created of cases) expect(await listCaseAttachments(created.id, { includeInternal: true })).toEqual([]);
    expect(await waitingOf(customer.id)).toEqual([]);
    expect(readdirSync(spoolFolder())).toEqual([]);
  });

  it("a refused file is named on its field, the rest of the form is kept, and nothing of the message's files is stored", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const executable = new File([new Uint8Array(Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]))], "photo.jpg", { type: "image/jpeg" });
    const taken = await post([["case", String(caseId)], ["text", "The photo and the log."], ["files", new File([new Uint8Array(pdf(2048))], "log.pdf")], ["files", executable]]);
    expect(taken.answer).toBe("returned");
    expect(taken.state).toMatchObject({ status: "error", values: { text: "The photo and the log." }, fieldErrors: { files: expect.stringContaining("“photo.jpg” is not a kind of file we accept") } });
    expect(await waitingOf(customer.id)).toEqual([]);
    expect(await listCaseAttachments(caseId, { includeInternal: false })).toEqual([]);
  });

  it("the limits hold: six files, 1,000 tiny files (at most 21 written), 10 MB + 1 byte; a field over 1 MiB or a broken body is refused, never a 500", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const text = (count: number): Array<[string, File]> => Array.from({ length: count }, (_, index) => ["files", new File([`line ${index}\n`], `note${index}.txt`, { type: "text/plain" })]);
    const six = await post([["case", String(caseId)], ["text", "Six notes."], ...text(6)]);
    expect(six.state?.fieldErrors?.files).toBe("Attach at most 5 files.");
    const thousand = await post([["case", String(caseId)], ["text", "A thousand notes."], ...text(1000)]);
    expect(thousand.state?.fieldErrors?.files).toBe("Attach at most 5 files.");
    expect(thousand.tokens.length).toBe(21);
    const large = await post([["case", String(caseId)], ["text", "A large log."], ["files", new File([new Uint8Array(pdf(10 * MB + 1))], "huge.pdf")]]);
    expect(large.state?.fieldErrors?.files).toBe("“huge.pdf” is larger than 10 MB.");
    expect(await waitingOf(customer.id)).toEqual([]);

    const long = await post([["case", String(caseId)], ["text", "x".repeat(MB + 1)]]);
    expect(long).toMatchObject({ status: 400 });
    const broken = await fetch(base, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 and then nothing" });
    expect(((await broken.json()) as Taken).status).toBe(400);
    // Every file written for these posts is gone.
    for (const path of spooledPaths) expect(existsSync(path)).toBe(false);
  });

  it("a token is good only in the post that brought its file: one named in another post (or forged) refuses the form and stores nothing", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    swapToken = "made-up-token";
    const forged = await post([["case", String(caseId)], ["text", "A forged file."], ["files", new File([new Uint8Array(pdf(1024))], "mine.pdf")]]);
    expect(forged.state?.fieldErrors?.files).toContain("A file you attached is no longer waiting to be sent");
    // A real token of a request still being answered cannot be borrowed either: a slow request holds
    // its file while another post names it.
    const globalMap = (globalThis as unknown as Record<symbol, Map<string, { requestId: string }>>)[Symbol.for("portal.spooledFormFiles")];
    globalMap.set("someone-elses", { requestId: "another request", path: spooledPaths[0] } as never);
    swapToken = "someone-elses";
    const borrowed = await post([["case", String(caseId)], ["text", "Another's file."], ["files", new File([new Uint8Array(pdf(1024))], "mine.pdf")]]);
    globalMap.delete("someone-elses");
    expect(borrowed.state?.fieldErrors?.files).toContain("A file you attached is no longer waiting to be sent");
    expect(await waitingOf(customer.id)).toEqual([]);
    expect(await listCaseAttachments(caseId, { includeInternal: false })).toEqual([]);
  });

  it("the staff case form: an internal note's file stays with the team; a file without a reply or note is refused on the text", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const agent = await makeCustomer();
    await setCustomerRole(agent.id, "agent");
    await actAs(agent);
    const work: Array<[string, string]> = [["case", String(caseId)], ["status", "waiting for you"], ["priority", "normal"], ["agent", ""], ["seen", "0"], ["override", "1"]];
    const csv = () => new File(["reading,kwh\n2026-12-01,412\n"], "log.csv", { type: "text/csv" });
    const alone = await post([...work, ["kind", "note"], ["text", ""], ["files", csv()]]);
    expect(alone.state?.fieldErrors?.text).toBeDefined();
    const noted = await post([...work, ["kind", "note"], ["text", "Our copy of the meter log."], ["files", csv()]]);
    expect(noted.answer).toBe(`redirect /staff/cases/${caseId}?done=noted`);
    expect((await listCaseAttachments(caseId, { includeInternal: true })).map((file) => file.fileName)).toEqual(["log.csv"]);
    expect(await listCaseAttachments(caseId, { includeInternal: false })).toEqual([]);
  });

  it("eight replies with 2 MB files posted at once are each taken with their own file, and the folder is empty afterwards", async () => {
    const customer = await makeCustomer();
    const caseId = await caseFor(customer);
    const files = Array.from({ length: 8 }, (_, index) => pdf(2 * MB, 0x41 + index));
    const taken = await Promise.all(files.map((data, index) => post([["case", String(caseId)], ["text", `Log ${index}.`], ["files", new File([new Uint8Array(data)], `log-${index}.pdf`)]])));
    expect(taken.map((each) => each.answer)).toEqual(files.map(() => `redirect /support/cases/${caseId}?replied=1`));
    const attached = await listCaseAttachments(caseId, { includeInternal: false });
    expect(attached).toHaveLength(8);
    for (const file of attached) {
      const index = Number(/log-(\d)\.pdf/.exec(file.fileName)![1]);
      expect((await openAttachment({ customerId: customer.id, staff: false }, file.id, "file"))!.data.equals(files[index])).toBe(true);
    }
    const folder = spooledPaths[0].replace(/\/[^/]+$/, "");
    expect(readdirSync(folder)).toEqual([]);
  });
});

/**
 * Review finding F1/F4b: what server/preload.cjs decides before reading a form's body (admitForm),
 * in a server that does as its spoolThenServe does: refuse, hand on an empty form, or spool.
 */
describe(`a form's post is checked before its body is read, on ${testDatabaseLabel()}`, () => {
  type Seen = { status: number; fields: string[]; tokens: string[] };
  let gate: Server;
  let gateBase = "";
  let gatePort = 0;
  // A live session's cookie and an ended one's, both sealed by the portal.
  let sealed = "";
  let endedCookie = "";
  const closed: Array<Promise<void>> = [];

  beforeAll(async () => {
    gate = createServer((request, response) => {
      closed.push(new Promise((resolve) => response.once("close", () => resolve())));
      void admitForm(request).then((admission) => {
        if ("refuse" in admission) {
          const { status, message, headers } = admission.refuse;
          response.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close", ...headers });
          response.end(`${message}\n`);
          request.resume();
          return;
        }
        const tokens: string[] = [];
        response.once("close", () => {
          release(tokens);
          if ("spool" in admission) admission.spool();
        });
        const reading = "empty" in admission ? (request.resume(), Promise.resolve(emptyForm())) : spoolForm(request, randomUUID(), tokens);
        reading.then(
          async ({ body, contentType }) => {
            const formData = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
            const seen: Seen = { status: 200, fields: [...formData.keys()], tokens: [...tokens] };
            response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(seen));
          },
          () => {
            if (!response.headersSent) response.writeHead(400).end();
            request.destroy();
          },
        );
      });
    });
    installSpoolSessionCheck();
    const customer = await makeCustomer();
    sealed = await sealSession(await startSession(customer, false, null));
    const ended = await startSession(customer, false, null);
    await endSession(ended.sid);
    endedCookie = await sealSession(ended);
    await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
    gatePort = (gate.address() as AddressInfo).port;
    gateBase = `http://127.0.0.1:${gatePort}`;
  });

  afterAll(async () => {
    gate.closeAllConnections();
    await new Promise((resolve) => gate.close(resolve));
  });

  const withFile = () => {
    const body = new FormData();
    body.append("text", "A log.");
    body.append("files", new File([new Uint8Array(pdf(64 * 1024))], "log.pdf"));
    return body;
  };
  const onDisk = () => readdirSync(spoolFolder()).length;

  it("a cross-site Origin or Sec-Fetch-Site is refused 403 and nothing is written; the portal's own Origin is spooled", async () => {
    const before = onDisk();
    const foreign = await fetch(gateBase, { method: "POST", headers: { origin: "https://attacker.example", cookie: `portal.session=${sealed}` }, body: withFile() });
    expect(foreign.status).toBe(403);
    const lookalike = await fetch(gateBase, { method: "POST", headers: { origin: `http://127.0.0.1:${gatePort}.attacker.example`, cookie: `portal.session=${sealed}` }, body: withFile() });
    expect(lookalike.status).toBe(403);
    const crossSite = await fetch(gateBase, { method: "POST", headers: { "sec-fetch-site": "cross-site", cookie: `portal.session=${sealed}` }, body: withFile() });
    expect(crossSite.status).toBe(403);
    expect(onDisk()).toBe(before);
    const own = await fetch(gateBase, { method: "POST", headers: { origin: gateBase, cookie: `__Host-portal.session=${sealed}` }, body: withFile() });
    expect(((await own.json()) as Seen).tokens).toHaveLength(1);
  });

  it("a post with no session cookie, or a made-up one, writes nothing to disk and is handed on as an empty form; an ended session's cookie is still spooled", async () => {
    const before = onDisk();
    const signedOut = (await (await fetch(gateBase, { method: "POST", headers: { cookie: "other=1" }, body: withFile() })).json()) as Seen;
    expect(signedOut).toEqual({ status: 200, fields: [], tokens: [] });
    for (const madeUp of ["portal.session=ended-session", `portal.session=${sealed.slice(0, -4)}AAAA`, `__Host-portal.session=${"A".repeat(5000)}`, "portal.session="]) {
      const answer = (await (await fetch(gateBase, { method: "POST", headers: { cookie: madeUp }, body: withFile() })).json()) as Seen;
      expect(answer).toEqual({ status: 200, fields: [], tokens: [] });
    }
    expect(onDisk()).toBe(before);
    const ended = (await (await fetch(gateBase, { method: "POST", headers: { cookie: `portal.session=${endedCookie}` }, body: withFile() })).json()) as Seen;
    expect(ended.fields).toEqual(["text", "files"]);
    expect(ended.tokens).toHaveLength(1);
  });

  it("a script's post (next-action) goes through the same admission: spooled with the portal's cookie, 403 with a made-up one and nothing written (review finding F5)", async () => {
    const before = onDisk();
    // A refusal closes the connection without reading the body: a small one, sent in one write
    // with its headers, has all arrived by then (a large one may meet the closed connection).
    const refusedTo = (cookie: string) =>
      new Promise<string>((resolve, reject) => {
        const body = `--zzz\r\nContent-Disposition: form-data; name="files"; filename="log.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n\r\n--zzz--\r\n`;
        const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1:${gatePort}\r\nNext-Action: ${"0".repeat(40)}\r\nContent-Type: multipart/form-data; boundary=zzz\r\n${cookie}`;
        const socket = connect(gatePort, "127.0.0.1", () => socket.write(`${head}Content-Length: ${body.length}\r\n\r\n${body}`));
        let text = "";
        socket.on("data", (chunk) => (text += chunk.toString()));
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
    const madeUp = await refusedTo("Cookie: portal.session=made-up\r\n");
    expect(madeUp).toMatch(/^HTTP\/1\.1 403 /);
    expect(madeUp).toContain("sign in to send files");
    expect(await refusedTo("")).toMatch(/^HTTP\/1\.1 403 /);
    expect(onDisk()).toBe(before);
    const signedIn = (await (await fetch(gateBase, { method: "POST", headers: { "next-action": "0".repeat(40), cookie: `portal.session=${sealed}` }, body: withFile() })).json()) as Seen;
    expect(signedIn.fields).toEqual(["text", "files"]);
    expect(signedIn.tokens).toHaveLength(1);
  });

  it("no Content-Length (and no Transfer-Encoding) is answered 411 at once; an empty body, 400 at once", async () => {
    const answerTo = (length: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(gatePort, "127.0.0.1", () => {
          socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${gatePort}\r\nContent-Type: multipart/form-data; boundary=zzz\r\nCookie: portal.session=${sealed}\r\n${length}\r\n`);
        });
        let text = "";
        socket.on("data", (chunk) => {
          text += chunk.toString();
          if (text.includes("\r\n\r\n")) {
            socket.destroy();
            resolve(text);
          }
        });
        socket.on("error", reject);
      });
    expect(await answerTo("")).toMatch(/^HTTP\/1\.1 411 /);
    expect(await answerTo("Content-Length: 0\r\n")).toMatch(/^HTTP\/1\.1 400 /);
  });

  it(`at most ${MAX_SPOOLS_IN_FLIGHT} spools in flight: posts beyond are answered 503 with Retry-After and write nothing; after release a post is taken`, async () => {
    const extra = 3;
    const boundary = "----slow-post";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="slow.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`;
    const slow: ClientRequest[] = [];
    const answers = Array.from({ length: MAX_SPOOLS_IN_FLIGHT + extra }, () => {
      const request = httpRequest(gateBase, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(1024 * 1024), cookie: `portal.session=${sealed}` } });
      slow.push(request);
      request.on("error", () => {});
      request.write(head);
      return new Promise<{ status: number; retryAfter?: string } | null>((resolve) => {
        request.on("response", (response) => {
          response.resume();
          resolve({ status: response.statusCode!, retryAfter: response.headers["retry-after"] as string | undefined });
        });
        request.on("close", () => resolve(null));
      });
    });
    try {
      // The refused ones are answered while the admitted ones still send; which ones is up to arrival.
      const settled: Array<{ status: number; retryAfter?: string }> = [];
      await new Promise<void>((resolve) => {
        for (const answer of answers) {
          void answer.then((value) => {
            if (value) settled.push(value);
            if (settled.length === extra) resolve();
          });
        }
      });
      expect(settled).toEqual(Array.from({ length: extra }, () => ({ status: 503, retryAfter: expect.stringMatching(/^\d+$/) })));
      expect(onDisk()).toBeLessThanOrEqual(MAX_SPOOLS_IN_FLIGHT);
    } finally {
      for (const request of slow) request.destroy();
      await Promise.all(answers);
      await Promise.all(closed);
    }
    const after = (await (await fetch(gateBase, { method: "POST", headers: { cookie: `portal.session=${sealed}` }, body: withFile() })).json()) as Seen;
    expect(after.tokens).toHaveLength(1);
  });
});

describe("the spool folders of processes that are gone", () => {
  it("are removed at first use; a live process's folder is kept", async () => {
    const dead = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
      child.once("error", reject);
      child.once("exit", () => resolve(child.pid!));
    });
    const stale = join(tmpdir(), `portal-form-files-${dead}-stale0`);
    const live = join(tmpdir(), `portal-form-files-${process.ppid}-alive0`);
    try {
      mkdirSync(join(stale, "inner"), { recursive: true });
      mkdirSync(live, { recursive: true });
      sweepStaleFolders();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(spoolFolder()).toMatch(new RegExp(`portal-form-files-${process.pid}-`));
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});
