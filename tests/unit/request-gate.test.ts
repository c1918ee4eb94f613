import { checkActionPayload, isReadableActionArguments, jsonNesting } from "@/lib/http/action-payload";
import requestGate from "@/server/request-gate.cjs";
// @ts-expect-error -- Next.js's own matcher compiler; its type file does not declare it.
import { getMiddlewareMatchers } from "next/dist/build/analysis/get-page-static-info";
import { config as proxyConfig } from "@/proxy";

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
    expect(isReadableActionArguments('[{"status":"idle"},"$K1"]', { formData: true })).toBe(true);
    expect(isReadableActionArguments('[{"status":"error","message":"$$5 off","values":{"username":"$undefined"}},"$D2026-12-06T04:03:40.000Z"]')).toBe(true);
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

describe("server action bodies no page of the portal sends (issue 22 item 6)", () => {
  const action = (contentType: string | null, body: BodyInit) => {
    const headers: Record<string, string> = { "next-action": "7f".repeat(21) };
    if (contentType) headers["content-type"] = contentType;
    return checkActionPayload(new Request("http://portal.test/signin", { method: "POST", headers, body }));
  };
  const multipartRoot = (root: string) => {
    const form = new FormData();
    form.set("0", root);
    form.set("1_username", "jane");
    return form;
  };

  it.each(["$Q1", "$h1", "$F1", "$B1", "$K1", "$@1", "$W1", "$T", "$i1", "$A1", "$R1", "$r1", "$X1", "$x1", "$n1", "$1", "$0:__proto__:then", "$H", "$Z"])(
    "refuses the React reference %s in a text/plain body with 400",
    async (reference) => {
      expect(await action("text/plain;charset=UTF-8", JSON.stringify([reference]))).toEqual({ ok: false, status: 400 });
      expect(await action("text/plain;charset=UTF-8", JSON.stringify([{ status: "idle", values: { username: reference } }]))).toEqual({ ok: false, status: 400 });
    },
  );

  it.each(["$Q1", "$h1", "$F1", "$B1", "$@1", "$1"])("refuses the React reference %s in a multipart body's arguments with 400", async (reference) => {
    expect(await action(null, multipartRoot(JSON.stringify([{ status: "idle" }, reference])))).toEqual({ ok: false, status: 400 });
  });

  it.each([
    ["application/xml", "<a>1</a>"],
    ["application/octet-stream", "\u0000\u0001"],
    ["application/json", "[]"],
    ["text/html", "[]"],
    // Bytes, not a string: a string body would get text/plain from Request itself.
    [null, new TextEncoder().encode("[]")],
  ])("refuses a body of type %s with 415", async (contentType, body) => {
    expect(await action(contentType, body)).toEqual({ ok: false, status: 415 });
  });

  it("accepts what the portal's forms send: a form with its arguments, a form without JavaScript, and plain arguments", async () => {
    expect(await action(null, multipartRoot('[{"status":"idle"},"$K1"]'))).toEqual({ ok: true });
    const noScript = new FormData();
    noScript.set("$ACTION_ID_abc", "");
    noScript.set("username", "jane");
    // A form posted without JavaScript names its action in its fields and sends no Next-Action header.
    expect(await checkActionPayload(new Request("http://portal.test/signin", { method: "POST", body: noScript }))).toEqual({ ok: true });
    expect(await action("text/plain;charset=UTF-8", '["jane",{"remember":true},"$$literal"]')).toEqual({ ok: true });
  });

  it("does not take a FormData reference from a text/plain body, where no form fields exist", async () => {
    expect(await action("text/plain", '[{"status":"idle"},"$K1"]')).toEqual({ ok: false, status: 400 });
  });
});

describe("bodies the gate and the framework would read differently (security review of issue 22 item 6)", () => {
  const boundary = "XyZ";
  const multipart = (parts: string[]) => `${parts.join("")}--${boundary}--\r\n`;
  const part = (name: string, value: string, headers = "") =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n${headers}\r\n${value}\r\n`;
  const post = (contentType: string, body: string | Uint8Array<ArrayBuffer>, nextAction = true) => {
    const headers: Record<string, string> = { "content-type": contentType };
    if (nextAction) headers["next-action"] = "7f".repeat(21);
    return checkActionPayload(new Request("http://portal.test/signin", { method: "POST", headers, body }));
  };
  const formType = `multipart/form-data; boundary=${boundary}`;
  const root = part("0", '[{"status":"idle"},"$K1"]') + part("1_username", "jane");

  it("accepts a script's form, read the way the framework reads it", async () => {
    expect(await post(formType, multipart([root]))).toEqual({ ok: true });
  });

  it.each(["00", "0x0", "S0", " 0", "1e0", "", "01"])("refuses a part named %j, which React reads as a part number", async (name) => {
    expect(await post(formType, multipart([root, part(name, '["$Q1"]')]))).toEqual({ ok: false, status: 400 });
    expect(await post(formType, multipart([part(name, '["$Q1"]'), part("1_username", "jane")]))).toEqual({ ok: false, status: 400 });
  });

  it("leaves a form's field that is not UTF-8 to the form, but reads no argument from one", async () => {
    const bytes = (text: string) => Buffer.concat([Buffer.from(text.split("\u00ff")[0], "utf8"), Buffer.from([0xff, 0xfe]), Buffer.from(text.split("\u00ff")[1], "utf8")]);
    expect(await post(formType, new Uint8Array(bytes(multipart([root, part("2_note", "\u00ff")]))))).toEqual({ ok: true });
    expect(await post(formType, new Uint8Array(bytes(multipart([part("0", '["\u00ff"]'), part("1_username", "jane")]))))).toEqual({ ok: false, status: 400 });
  });

  it("checks every numeric part, and wants the root part", async () => {
    expect(await post(formType, multipart([root, part("1", '["$Q2"]')]))).toEqual({ ok: false, status: 400 });
    expect(await post(formType, multipart([part("1_username", "jane")]))).toEqual({ ok: false, status: 400 });
    expect(await post(formType, multipart([root, part("0", "[]")]))).toEqual({ ok: false, status: 400 });
  });

  it.each([
    ["two Content-Disposition headers", `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\nContent-Disposition: form-data; name="z"\r\n\r\n["$Q1","$@2"]\r\n`],
    ["name*=", `--${boundary}\r\nContent-Disposition: form-data; name*=UTF-8''0\r\n\r\n["$Q1"]\r\n`],
    ["a second name", `--${boundary}\r\nContent-Disposition: form-data; name="z"; name="0"\r\n\r\n["$Q1"]\r\n`],
    ["an escaped quote", `--${boundary}\r\nContent-Disposition: form-data; name="z\\"; name="0"\r\n\r\n["$Q1"]\r\n`],
    ["another charset", part("2_note", "x", "Content-Type: text/plain; charset=utf-16le\r\n")],
    ["a transfer encoding", part("2_note", "x", "Content-Transfer-Encoding: base64\r\n")],
  ])("refuses a part with %s", async (_what, hostile) => {
    expect(await post(formType, multipart([root, hostile]))).toEqual({ ok: false, status: 400 });
  });

  it("goes by the raw Content-Type as the framework does: urlencoded is refused, anything not multipart is read as JSON", async () => {
    for (const type of ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "Application/X-WWW-Form-Urlencoded"]) {
      expect(await post(type, "0=%5B%22%24Q1%22%5D")).toEqual({ ok: false, status: 415 });
    }
    expect(await post(`Multipart/Form-Data; boundary=${boundary}`, multipart([root]))).toEqual({ ok: false, status: 415 });
  });

  it("reads a byte order mark as the framework's JSON.parse does", async () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('["jane"]')]);
    expect(await post("text/plain;charset=UTF-8", withBom)).toEqual({ ok: false, status: 400 });
    expect(await post("text/plain;charset=UTF-8", new TextEncoder().encode('["jane"]'))).toEqual({ ok: true });
  });

  describe("a form posted without JavaScript", () => {
    const id = "7f".repeat(21);
    const noScript = (...extra: string[]) => multipart([part("$ACTION_REF_1", ""), ...extra, part("$ACTION_KEY", "k1"), part("username", "jane")]);

    it("passes as React's forms write it", async () => {
      expect(await post(formType, noScript(part("$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`), part("$ACTION_1:1", '[{"status":"idle"}]')), false)).toEqual({ ok: true });
      expect(await post(formType, noScript(part("$ACTION_1:0", `{"id":"${id}","bound":null}`)), false)).toEqual({ ok: true });
      expect(await post(formType, multipart([part(`$ACTION_ID_${id}`, ""), part("username", "jane")]), false)).toEqual({ ok: true });
    });

    it.each([
      ["a bound reference", [part("$ACTION_1:0", `{"id":"${id}","bound":"$Q1"}`)]],
      ["more in the action's metadata", [part("$ACTION_1:0", `{"id":"${id}","bound":"$@1","x":"$Q1"}`)]],
      ["a hostile bound argument", [part("$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`), part("$ACTION_1:1", '["$Q2"]')]],
      ["a hostile part elsewhere", [part("$ACTION_1:0", `{"id":"${id}","bound":"$@1"}`), part("$ACTION_1:2", '["$h1"]')]],
      ["three action references", [part("$ACTION_REF_2", ""), part("$ACTION_REF_3", "")]],
    ])("refuses %s", async (_what, extra) => {
      expect(await post(formType, noScript(...extra), false)).toEqual({ ok: false, status: 400 });
    });
  });

  it("runs the proxy on every path but the build's static files (anchored)", () => {
    const [matcher]: { regexp: string }[] = getMiddlewareMatchers(proxyConfig.matcher, { i18n: undefined } as never);
    const runs = (path: string) => new RegExp(matcher.regexp).test(path);
    for (const path of ["/robots.txt", "/favicon.ico", "/_next/static/chunks/a.js", "/_next/image"]) expect(runs(path)).toBe(false);
    for (const path of ["/robots.txtX", "/favicon.icoA", "/_next/staticX", "/_next/imageX", "/signin"]) expect(runs(path)).toBe(true);
  });
});
