import sharp from "sharp";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { hiddenFields, INTERNALS, multipart, raw, signedInCookie, type FilePart } from "./support/attacker";
import { partlySent, pdfOfSize, uploadHeaders } from "./support/uploads";

/**
 * Attack: hostile files at the forms that take them (issue 26) — a polyglot, a renamed executable,
 * 10 MB + 1 byte, 1,000 tiny files, a decompression bomb dressed as an image, an SVG with a script,
 * a body over the gate — posted as a browser without JavaScript would. The answer is the form's
 * own message naming the file, never a 5xx or internals, and no such file is ever served.
 */
const customer = { username: "uploader", email: "uploader@example.test", name: "Up Loader", password: "uploader lantern orchard ridge" };

let portal: Portal;
let cookie = "";
let casePage = "";
beforeAll(async () => {
  portal = await startPortal([customer]);
  cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  const created = await postForm(portal.baseUrl, "/support/cases/new", "create-case-form", [["subject", "A case for hostile files"], ["category", "question"], ["description", "Files that should never be stored or served."]], { cookie });
  casePage = /\/support\/cases\/\d+/.exec(created.location ?? "")![0];
});
afterAll(async () => {
  await portal?.stop();
});

async function sendReply(files: FilePart[]) {
  const hidden = await hiddenFields(portal.baseUrl, casePage, "case-reply-form", cookie);
  const { body, contentType } = multipart([...hidden, ["text", "Please look at the attached file."], ...files.map((file): [string, FilePart] => ["files", file])]);
  return raw(portal.baseUrl, casePage, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie }, body });
}

function expectRefused(answer: { status: number; body: string }, words: string) {
  expect(answer.status).toBeLessThan(500);
  expect(INTERNALS.test(answer.body)).toBe(false);
  expect(answer.body).toContain(words);
}

const MB = 1024 * 1024;

describe("attack: hostile files", () => {
  it("a renamed executable is refused by name", async () => {
    expectRefused(await sendReply([{ fileName: "photo.jpg", type: "image/jpeg", data: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]) }]), "“photo.jpg” is not a kind of file we accept");
  });

  it("an SVG with a script, named and typed as a PNG, is refused", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>');
    expectRefused(await sendReply([{ fileName: "chart.png", type: "image/png", data: svg }]), "“chart.png” is not a kind of file we accept");
  });

  it("a 10 MB + 1 byte file is refused, naming it", async () => {
    expectRefused(await sendReply([{ fileName: "huge.pdf", type: "application/pdf", data: pdfOfSize(10 * MB + 1) }]), "“huge.pdf” is larger than 10 MB");
  });

  it("1,000 tiny files are refused as a whole", async () => {
    const files = Array.from({ length: 1000 }, (_, index) => ({ fileName: `tiny${index}.txt`, type: "text/plain", data: Buffer.from("x") }));
    expectRefused(await sendReply(files), "Attach at most 5 files.");
  });

  it("a decompression bomb dressed as a PNG is refused without being decoded", async () => {
    const bomb = await sharp({ create: { width: 8_000, height: 8_000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expectRefused(await sendReply([{ fileName: "bomb.png", type: "image/png", data: bomb }]), "“bomb.png” could not be read as an image");
  });

  it("a polyglot (a PNG with a ZIP behind it) is stored only as the re-encoded image", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toBuffer();
    const answer = await sendReply([{ fileName: "poly.png", type: "image/png", data: Buffer.concat([png, Buffer.from("504b0304", "hex"), Buffer.from("payload.exe")]) }]);
    expect(answer.status).toBe(303);
    const page = await (await fetch(`${portal.baseUrl}${casePage}`, { headers: { cookie } })).text();
    const href = /href="(\/api\/attachments\/[0-9a-f-]{36})"/.exec(page)![1];
    const served = await fetch(`${portal.baseUrl}${href}`, { headers: { cookie } });
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(bytes.includes(Buffer.from("payload.exe"))).toBe(false);
    // Nobody else gets it: signed out is the same 404 as an unknown file.
    expect((await fetch(`${portal.baseUrl}${href}`)).status).toBe(404);
  });

  it("a body over the gate's 26 MB is answered 413 from its headers, before any of it is read", async () => {
    // Only the announced length is sent: the gate answers without waiting for the body (and closes
    // the connection, so a client still sending would see it reset).
    const { status } = await partlySent(`${portal.baseUrl}${casePage}`, {
      "content-type": "multipart/form-data; boundary=x",
      "content-length": String(27 * MB),
      origin: portal.baseUrl,
      cookie,
    });
    expect(status).toBe(413);
  });
});

/**
 * The same files sent the way the attachment field sends them with JavaScript: one at a time, the
 * body being the file's bytes, to POST /api/attachments (which the proxy does not see, so it makes
 * every check itself). Then the reply names the upload ids.
 */
describe("attack: hostile files sent ahead to POST /api/attachments", () => {
  const headers = (name: string, extra: Record<string, string> = {}) => uploadHeaders(portal.baseUrl, cookie, name, extra);
  const sendAhead = async (name: string, data: Buffer, extra: Record<string, string> = {}) => {
    const answer = await raw(portal.baseUrl, "/api/attachments", { headers: headers(name, extra), body: data });
    expect(answer.status).toBeLessThan(500);
    expect(INTERNALS.test(answer.body)).toBe(false);
    return { status: answer.status, body: JSON.parse(answer.body) as { id?: string; message?: string } };
  };
  const replyWith = async (ids: string[]) => {
    const hidden = await hiddenFields(portal.baseUrl, casePage, "case-reply-form", cookie);
    const { body, contentType } = multipart([...hidden, ["text", "Please look at the attached file."], ...ids.map((id): [string, string] => ["uploaded", id])]);
    return raw(portal.baseUrl, casePage, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie }, body });
  };

  it("a renamed executable and an SVG with a script are refused by name (415)", async () => {
    expect(await sendAhead("photo.jpg", Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]))).toMatchObject({ status: 415, body: { message: expect.stringContaining("“photo.jpg” is not a kind of file we accept") } });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>');
    expect(await sendAhead("chart.png", svg)).toMatchObject({ status: 415, body: { message: expect.stringContaining("“chart.png” is not a kind of file we accept") } });
  });

  it("10 MB + 1 byte is refused from its length (413); a decompression bomb is refused undecoded (422)", async () => {
    expect(await sendAhead("huge.pdf", pdfOfSize(10 * MB + 1))).toMatchObject({ status: 413, body: { message: "“huge.pdf” is larger than 10 MB." } });
    const bomb = await sharp({ create: { width: 8_000, height: 8_000, channels: 3, background: "#000" } }).png({ compressionLevel: 9 }).toBuffer();
    expect(await sendAhead("bomb.png", bomb)).toMatchObject({ status: 422, body: { message: expect.stringContaining("“bomb.png” could not be read as an image") } });
  });

  it("a polyglot is kept only as the re-encoded image, and the reply that names it serves nothing else", async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#fff" } }).png().toBuffer();
    const sent = await sendAhead("poly-ahead.png", Buffer.concat([png, Buffer.from("504b0304", "hex"), Buffer.from("payload.exe")]));
    expect(sent.status).toBe(201);
    expect((await replyWith([sent.body.id!])).status).toBe(303);
    const served = await fetch(`${portal.baseUrl}/api/attachments/${sent.body.id}`, { headers: { cookie } });
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).includes(Buffer.from("payload.exe"))).toBe(false);
  });

  it("100 tiny files at once park at most the waiting cap; the rest are refused with a message, none with a 5xx", async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, index) => sendAhead(`tiny${index}.txt`, Buffer.from("x"))));
    const kept = answers.filter((answer) => answer.status === 201);
    expect(kept.length).toBeLessThanOrEqual(10);
    for (const answer of answers.filter((answer) => answer.status !== 201)) expect([409, 429]).toContain(answer.status);
    // A reply naming 1,000 ids, or ids that are not uploads, is refused on its files field.
    expectRefused(await replyWith(Array.from({ length: 1000 }, () => kept[0].body.id!)), "Attach at most 5 files.");
    expectRefused(await replyWith(["../../etc/passwd", "$K1"]), "A file you attached is no longer waiting to be sent");
    for (const answer of kept) expect((await raw(portal.baseUrl, `/api/attachments/${answer.body.id}`, { method: "DELETE", headers: headers("x") })).status).toBe(204);
  });

  it("another site, no session, no upload header, a chunked body or one over the gate: refused before the body is read", async () => {
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    expect((await raw(portal.baseUrl, "/api/attachments", { headers: headers("a.pdf", { origin: "https://evil.example" }), body: pdf })).status).toBe(403);
    expect((await raw(portal.baseUrl, "/api/attachments", { headers: { origin: portal.baseUrl, cookie, "x-file-name": "a.pdf" }, body: pdf })).status).toBe(403);
    const signedOut = await raw(portal.baseUrl, "/api/attachments", { headers: { origin: portal.baseUrl, "x-portal-upload": "1" }, body: pdf });
    expect(signedOut).toMatchObject({ status: 401 });
    expect(JSON.parse(signedOut.body).message).toBe("Your session has ended. Sign in again to attach files.");
    const over = await partlySent(`${portal.baseUrl}/api/attachments`, headers("big.pdf", { "content-length": String(27 * MB) }));
    expect(over.status).toBe(413);
    const chunked = await partlySent(`${portal.baseUrl}/api/attachments`, headers("a.pdf", { "transfer-encoding": "chunked" }), pdf);
    expect(chunked.status).toBe(411);
  });
});
