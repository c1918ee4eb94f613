import { request as httpRequest } from "node:http";
import sharp from "sharp";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { hiddenFields, INTERNALS, raw, signedInCookie } from "./support/attacker";

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

type Part = [string, string] | [string, { fileName: string; type: string; data: Buffer }];

function multipartWithFiles(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = "----portal-hostile-files";
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === "string") chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.fileName}"\r\nContent-Type: ${value.type}\r\n\r\n`), value.data, Buffer.from("\r\n"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function sendReply(files: Array<{ fileName: string; type: string; data: Buffer }>) {
  const hidden = await hiddenFields(portal.baseUrl, casePage, "case-reply-form", cookie);
  const { body, contentType } = multipartWithFiles([...hidden, ["text", "Please look at the attached file."], ...files.map((file): Part => ["files", file])]);
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
    const data = Buffer.alloc(10 * MB + 1, 0x20);
    data.write("%PDF-1.4\n");
    expectRefused(await sendReply([{ fileName: "huge.pdf", type: "application/pdf", data }]), "“huge.pdf” is larger than 10 MB");
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
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${portal.baseUrl}${casePage}`, {
        method: "POST",
        headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(27 * MB), origin: portal.baseUrl, cookie },
      });
      request.on("response", (response) => {
        resolve(response.statusCode ?? 0);
        response.resume();
        request.destroy();
      });
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(status).toBe(413);
  });
});
