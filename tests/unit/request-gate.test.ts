import { isReadableActionArguments, jsonNesting } from "@/lib/http/action-payload";
import requestGate from "@/server/request-gate.cjs";

const { inspectRequest, MAX_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } = requestGate;
const get = (url: string) => inspectRequest({ method: "GET", url, headers: {} });
const post = (headers: Record<string, string>) => inspectRequest({ method: "POST", url: "/signin", headers });

describe("what no request may bring (issue 11)", () => {
  it.each(["/knowledge-base/%FF", "/reset-password/%E0%A4%A", "/api/auth/%ff", "/support/cases/%00", "/a%0d%0aSet-Cookie:x"])("answers 400 to the undecodable or control-character path %s", (url) => {
    expect(get(url)).toMatchObject({ status: 400 });
  });

  it("lets ordinary paths and queries through, whatever the query holds", () => {
    expect(get("/knowledge-base/how-do-i-reset-my-password")).toBeNull();
    expect(get("/search?q=%FF%FE")).toBeNull();
    expect(get("/reset-password/AbC_-0123456789abcdefghijklmnopqrstuvwxyzABC")).toBeNull();
  });

  it("answers 413 to a body larger than any form, before it is read", () => {
    expect(post({ "content-length": String(MAX_BODY_BYTES + 1) })).toMatchObject({ status: 413 });
    expect(post({ "content-length": String(10 * 1024 * 1024) })).toMatchObject({ status: 413 });
    expect(post({ "content-length": "1234" })).toBeNull();
  });

  it("gives a message's files room only on a multipart POST to a form that takes files (issue 26)", () => {
    const multipart = (url: string, length: number) =>
      inspectRequest({ method: "POST", url, headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(length) } });
    const tenMegabytes = 10 * 1024 * 1024;
    for (const url of ["/support/cases/new", "/support/cases/42", "/staff/cases/42", "/support/cases/42?x=1"]) expect(multipart(url, tenMegabytes)).toBeNull();
    expect(multipart("/support/cases/new", MAX_UPLOAD_BODY_BYTES)).toBeNull();
    expect(multipart("/support/cases/new", MAX_UPLOAD_BODY_BYTES + 1)).toMatchObject({ status: 413 });
    expect(MAX_UPLOAD_BODY_BYTES).toBeGreaterThan(25 * 1024 * 1024);
    for (const url of ["/signin", "/contact", "/support/cases", "/support/cases/42/x", "/account"]) expect(multipart(url, tenMegabytes)).toMatchObject({ status: 413 });
    expect(inspectRequest({ method: "POST", url: "/support/cases/new", headers: { "content-type": "text/plain", "content-length": String(tenMegabytes) } })).toMatchObject({ status: 413 });
  });

  it("answers 411 to a body of unannounced length, and 400 to a nonsense length", () => {
    expect(post({ "transfer-encoding": "chunked" })).toMatchObject({ status: 411 });
    expect(post({ "content-length": "-1" })).toMatchObject({ status: 400 });
    expect(post({ "content-length": "12, 12" })).toMatchObject({ status: 400 });
  });
});

describe("server action arguments the framework could not decode (issue 11)", () => {
  it("accepts a list of arguments as React sends it", () => {
    expect(isReadableActionArguments('["$@1",{"status":"idle"}]')).toBe(true);
    expect(isReadableActionArguments("[]")).toBe(true);
  });

  it.each([
    ["a string", '"just a string"'],
    ["null", "null"],
    ["an object", "{}"],
    ["broken JSON", "[1,"],
    ["nothing", ""],
    ["a 5,000-deep array", `${"[".repeat(5000)}${"]".repeat(5000)}`],
  ])("refuses %s", (_what, text) => {
    expect(isReadableActionArguments(text)).toBe(false);
  });

  it("measures nesting without recursion, ignoring brackets inside strings", () => {
    expect(jsonNesting('[["[[[["]]')).toBe(2);
    expect(jsonNesting(`${"[".repeat(100_000)}`)).toBe(100_000);
  });
});
