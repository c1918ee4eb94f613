import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { INTERNALS, raw, signedInCookie } from "./support/attacker";
import { partlySent, pdfOfSize, uploadHeaders } from "./support/uploads";

/**
 * Attack (issue 26): bodies trickled in on purpose, to hold a server's upload slots and
 * connections for as long as the sender likes, and a form whose files are over the request gate.
 * ATTACHMENT_READ_SECONDS is 2 here: a trickled body is answered 408 and let go, and the uploads
 * behind it go on; the form over the gate gets the portal's own page with the limits.
 */
const customer = { username: "trickler", email: "trickler@example.test", name: "Tom Trickler", password: "trickler lantern orchard ridge" };
const MB = 1024 * 1024;

let portal: Portal;
let cookie = "";
let casePage = "";
beforeAll(async () => {
  portal = await startPortal([customer], { ATTACHMENT_READ_SECONDS: "2" });
  cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  const created = await postForm(portal.baseUrl, "/support/cases/new", "create-case-form", [["subject", "A case for slow bodies"], ["category", "question"], ["description", "Bodies that never finish arriving."]], { cookie });
  casePage = /\/support\/cases\/\d+/.exec(created.location ?? "")![0];
});
afterAll(async () => {
  await portal?.stop();
});

/** Sends the headers and the first bytes of a body that announces `length`, then nothing: the server's answer. */
const trickle = (path: string, headers: Record<string, string>, length: number, first: Buffer) => partlySent(`${portal.baseUrl}${path}`, { ...headers, "content-length": String(length) }, first);

/** Only the headers of a body too large for the gate; the answer comes before any of it is sent. */
const headersOnly = (path: string, headers: Record<string, string>) => partlySent(`${portal.baseUrl}${path}`, headers);

describe("attack: bodies trickled in (ATTACHMENT_READ_SECONDS = 2)", () => {
  it("two files of one customer trickled to POST /api/attachments hold a slot (one at a time, S50) only until the limit: both get 408 with the reason, and a file sent behind them is taken", async () => {
    const headers = (name: string) => uploadHeaders(portal.baseUrl, cookie, name);
    const slow = [trickle("/api/attachments", headers("slow-1.pdf"), 4000, pdfOfSize(16)), trickle("/api/attachments", headers("slow-2.pdf"), 4000, pdfOfSize(16))];
    const behind = raw(portal.baseUrl, "/api/attachments", { headers: headers("invoice.pdf"), body: pdfOfSize(4000) });
    const [answers, taken] = await Promise.all([Promise.all(slow), behind]);
    for (const [index, answer] of answers.entries()) {
      expect(answer.status).toBe(408);
      expect(JSON.parse(answer.body).message).toBe(`“slow-${index + 1}.pdf” took longer than 2 seconds to arrive and was not kept. Attach it again, on a faster connection if you can.`);
    }
    expect(taken.status).toBe(201);
    expect(JSON.parse(taken.body)).toMatchObject({ fileName: "invoice.pdf", size: 4000 });
  });

  it("a form's multipart body trickled in is answered 408 and let go; the form then works as before", async () => {
    const boundary = "----portal-slow-form";
    const first = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nStill typing`);
    const answers = await Promise.all(
      [1, 2, 3].map(() => trickle(casePage, { "content-type": `multipart/form-data; boundary=${boundary}`, origin: portal.baseUrl, cookie }, 2 * MB, first)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(408);
      expect(answer.body).toContain("took longer than 2 seconds to arrive and was not sent");
      expect(INTERNALS.test(answer.body)).toBe(false);
    }
    const reply = await postForm(portal.baseUrl, casePage, "case-reply-form", [["text", "Sent at a normal pace."]], { cookie });
    expect(reply.location).toMatch(/replied=1/);
  });
});

describe("attack: a script's multipart post to a form that takes files (review finding F5)", () => {
  it("with a made-up session cookie it is answered 403 before a byte of its body is read; with the portal's cookie it is admitted and read under the form's time limit", async () => {
    const boundary = "----portal-script-post";
    const first = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="1_files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
    const script = { "content-type": `multipart/form-data; boundary=${boundary}`, origin: portal.baseUrl, "next-action": "0".repeat(40) };
    for (const madeUp of ["portal.session=made-up", `portal.session=${"A".repeat(400)}`, "__Host-portal.session=made-up"]) {
      const answer = await trickle(casePage, { ...script, cookie: madeUp }, 20 * MB, first);
      expect({ madeUp, status: answer.status, body: answer.body }).toEqual({ madeUp, status: 403, body: "Forbidden: sign in to send files.\n" });
    }
    // The portal's own cookie: admitted, then trickled, so the read time limit answers it.
    const admitted = await trickle(casePage, { ...script, cookie }, 2 * MB, first);
    expect(admitted.status).toBe(408);
  });
});

describe("a form's files over the request gate (issue 26)", () => {
  it("a browser without JavaScript is shown the portal's page with the limits, in its language, with 413 — before any of the body is read", async () => {
    const headers = { "content-type": "multipart/form-data; boundary=x", "content-length": String(27 * MB), origin: portal.baseUrl, cookie };
    const english = await headersOnly(casePage, headers);
    expect(english.status).toBe(413);
    expect(english.body).toContain("Your files are too large to send");
    expect(english.body).toContain("at most 5 files of up to 10 MB each, and 25 MB in all");
    expect(english.body).toContain(`href="${casePage}"`);
    const spanish = await headersOnly("/support/cases/new", { ...headers, "accept-language": "es" });
    expect(spanish.status).toBe(413);
    expect(spanish.body).toContain("Sus archivos son demasiado grandes para enviarlos");
    expect(spanish.body).toContain('href="/support/cases/new"');
  });

  it("a script's post over the gate (a server action) keeps the plain 413; no other address leads anywhere but the case list", async () => {
    const answer = await headersOnly(casePage, { "content-type": "multipart/form-data; boundary=x", "content-length": String(27 * MB), origin: portal.baseUrl, cookie, "next-action": "0".repeat(40) });
    expect(answer).toMatchObject({ status: 413, body: "Request too large.\n" });
    const page = await fetch(`${portal.baseUrl}/files-too-large?from=${encodeURIComponent("https://evil.example/")}`, { headers: { cookie } });
    expect(page.status).toBe(413);
    const html = await page.text();
    // Next.js echoes the address in its page data; no link leads there.
    expect(html).not.toMatch(/href="[^"]*evil\.example/);
    expect(html).toContain('href="/support/cases"');
  });
});
