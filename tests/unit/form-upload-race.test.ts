import { randomUUID } from "node:crypto";
import http, { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";

/**
 * Review finding F3: server/preload.cjs takes a form with files in while the request goes on. Its
 * admission awaits the session cookie check; a post whose body has not arrived within the read
 * time is answered 408 meanwhile. The admission must then leave the answered response alone —
 * writing a refusal on it would throw — and nothing it throws may escape as an unhandled rejection,
 * which would take the server down. The HTTP side is real (a local server, a raw socket, fetch).
 */
const SESSION_COOKIE_OPENS = Symbol.for("portal.sessionCookieOpens");
const UPLOAD_READ_SECONDS = Symbol.for("portal.uploadReadSeconds");
const shared = globalThis as unknown as Record<symbol, unknown>;

let server: Server;
let preload: typeof import("@/server/preload.cjs");
// Loading the preload installs its request gate on every http.Server in the process; put back after.
const serverEmit = http.Server.prototype.emit;
let takenIn: Promise<string> = Promise.resolve("not yet");
let port = 0;
const escaped: unknown[] = [];
const noteEscape = (reason: unknown) => escaped.push(reason);

beforeAll(async () => {
  preload = await import("@/server/preload.cjs");
  process.on("unhandledRejection", noteEscape);
  // Anything the gate hands on (it hands on nothing in these tests) is answered plainly.
  server = createServer((request, response) => {
    const context = { requestId: randomUUID(), queries: 0 };
    if (request.url === "/already-answering") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("already answering\n");
      void preload.takeFormUpload(server, server.emit, request, response, context).then(() => response.end("and finished\n"));
      return;
    }
    if (request.url === "/handing-on-throws") {
      const throwing = () => {
        throw new Error("jane@example.test wrote this");
      };
      takenIn = preload.takeFormUpload(server, throwing, request, response, context).then(() => "settled");
      return;
    }
    request.resume();
    response.end("served\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  process.off("unhandledRejection", noteEscape);
  delete shared[SESSION_COOKIE_OPENS];
  delete shared[UPLOAD_READ_SECONDS];
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  http.Server.prototype.emit = serverEmit;
});

/** Sends a form post's headers and the first part of its body, and collects what comes back. */
function startTrickledPost(): { socket: Socket; answer: Promise<string> } {
  const socket = connect(port, "127.0.0.1");
  socket.write(
    [
      "POST /support/cases/new HTTP/1.1",
      `Host: 127.0.0.1:${port}`,
      "Content-Type: multipart/form-data; boundary=x",
      "Content-Length: 100000",
      "Next-Action: 0123456789abcdef",
      "Cookie: portal.session=sealed-looking",
      "",
      "--x\r\n",
    ].join("\r\n"),
  );
  let received = "";
  const answer = new Promise<string>((resolve) => {
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (received.includes("\r\n\r\n")) resolve(received);
    });
    socket.on("close", () => resolve(received));
    socket.on("error", () => resolve(received));
  });
  return { socket, answer };
}

async function plainGet(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`);
  return `${response.status} ${await response.text()}`;
}

describe("taking in a form with files while the request goes on (review finding F3)", () => {
  it("leaves the 408 as the only answer, lets nothing escape, and the server goes on serving", async () => {
    let releaseCheck!: () => void;
    const checkHeld = new Promise<void>((resolve) => (releaseCheck = resolve));
    let checkStarted!: () => void;
    const checking = new Promise<void>((resolve) => (checkStarted = resolve));
    // The cookie check waits until the read time has run out; then the cookie is not a session,
    // so the admission's answer is a refusal to write (401) on the already answered response.
    shared[SESSION_COOKIE_OPENS] = async () => {
      checkStarted();
      await checkHeld;
      return false;
    };
    shared[UPLOAD_READ_SECONDS] = 0.05;
    const post = startTrickledPost();
    try {
      await checking;
      const answer = await post.answer;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      releaseCheck();
      // A full request round trip: the admission's continuation has run long before it answers.
      expect(await plainGet()).toBe("200 served\n");
      expect(escaped).toEqual([]);
      expect(answer.match(/HTTP\/1\.1 \d{3}/g)).toEqual(["HTTP/1.1 408"]);
    } finally {
      releaseCheck();
      post.socket.destroy();
    }
  });

  it("leaves a response already under way alone when the admission then refuses the post", async () => {
    // The state finding F3 names, which a loopback connection closes too fast to reach by timing:
    // the answer has begun (headers sent) and the connection is still open. The post has no
    // length, so the admission's answer is a refusal (411) it must not write.
    shared[SESSION_COOKIE_OPENS] = async () => false;
    const response = await fetch(`http://127.0.0.1:${port}/already-answering`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("already answering\nand finished\n");
    expect(escaped).toEqual([]);
  });

  it("drops the request and logs no form content when handing the form on throws, and nothing escapes", async () => {
    shared[SESSION_COOKIE_OPENS] = async () => true;
    const logged: string[] = [];
    const error = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    try {
      const body = new FormData();
      body.set("message", "jane@example.test wrote this");
      const answer = await fetch(`http://127.0.0.1:${port}/handing-on-throws`, { method: "POST", body, headers: { cookie: "portal.session=sealed-looking" } }).then(
        (response) => `answered ${response.status}`,
        () => "dropped",
      );
      expect(answer).toBe("dropped");
      expect(await takenIn).toBe("settled");
      expect(escaped).toEqual([]);
      expect(logged).toEqual(["[forms] a form with files could not be taken in: Error"]);
      expect(await plainGet()).toBe("200 served\n");
    } finally {
      error.mockRestore();
    }
  });
});
