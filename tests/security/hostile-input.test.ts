import { randomBytes } from "node:crypto";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { actionsOn, hiddenFields, INTERNALS, multipart, raw, signedInCookie, type Action } from "./support/attacker";

/**
 * Attack: hostile input at every server action and route (issue 11). Whatever arrives — no form
 * at all, a field sent twice, CRLF, NUL, bytes that are not UTF-8, a megabyte, a 5,000-deep
 * array, an action id that does not exist, another origin — the answer is a 4xx or the form's
 * own message, never a 5xx, never internals, and nothing typed reaches the server's log.
 */
const customer = { username: "fuzzed", email: "fuzzed@example.test", name: "Fuzzed", password: "fuzzed lantern orchard ridge" };
const MARKER = `fuzz-${randomBytes(4).toString("hex")}`;

let portal: Portal;
const actions: Action[] = [];
let cookie = "";
beforeAll(async () => {
  portal = await startPortal([customer]);
  cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  for (const page of ["/signin", "/forgot-password", "/contact"]) actions.push(...(await actionsOn(portal.baseUrl, page)));
  for (const page of ["/account", "/support/cases/new"]) actions.push(...(await actionsOn(portal.baseUrl, page, cookie)));
});
afterAll(async () => {
  await portal?.stop();
});

function expectHarmless(answer: { status: number; body: string }, what: string) {
  expect({ what, status: answer.status < 500 }).toEqual({ what, status: true });
  expect({ what, internals: INTERNALS.test(answer.body) }).toEqual({ what, internals: false });
}

const hostileValues: Array<[string, string | Buffer]> = [
  ["NUL", `${MARKER}\u0000tail`],
  ["CRLF", `${MARKER}\r\nBcc: victim@example.test`],
  ["invalid UTF-8", Buffer.concat([Buffer.from(MARKER), Buffer.from([0xff, 0xfe, 0xc3, 0x28])])],
  ["100 KB", `${MARKER}${"x".repeat(100 * 1024)}`],
  ["control characters", `${MARKER}\u0007\u001b[31m\u007f`],
];

describe("attack: hostile form values at every server action", () => {
  it("found the portal's actions", () => {
    expect(actions.map((action) => action.formId)).toEqual(expect.arrayContaining(["signin-form", "forgot-password-form", "contact-form", "change-password-form", "create-case-form"]));
  });

  it.each(hostileValues)("answers %s in every field without a 5xx", async (_name, value) => {
    for (const action of actions) {
      const hidden = await hiddenFields(portal.baseUrl, action.page, action.formId || "", cookie).catch(() => [] as Array<[string, string]>);
      const { body, contentType } = multipart([...hidden, ...action.fields.filter((field) => !field.startsWith("$")).map((field): [string, string | Buffer] => [field, value])]);
      const answer = await raw(portal.baseUrl, action.page, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie }, body });
      expectHarmless(answer, `${action.formId} ${_name}`);
    }
  });

  it("answers fields sent twice (arrays) without a 5xx", async () => {
    for (const action of actions) {
      const hidden = await hiddenFields(portal.baseUrl, action.page, action.formId || "", cookie).catch(() => [] as Array<[string, string]>);
      const twice = action.fields.filter((field) => !field.startsWith("$")).flatMap((field): Array<[string, string]> => [[field, "one"], [field, "two"]]);
      const { body, contentType } = multipart([...hidden, ...twice]);
      expectHarmless(await raw(portal.baseUrl, action.page, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie }, body }), `${action.formId} arrays`);
    }
  });
});

describe("attack: server actions called with something other than a form", () => {
  const bodies: Array<[string, string, string]> = [
    ["a string", "text/plain;charset=UTF-8", JSON.stringify("just a string")],
    ["an object", "text/plain;charset=UTF-8", JSON.stringify({ username: "x" })],
    ["no arguments", "text/plain;charset=UTF-8", "[]"],
    ["null", "text/plain;charset=UTF-8", "null"],
    ["numbers", "text/plain;charset=UTF-8", "[1,2,3]"],
    ["invalid JSON", "text/plain;charset=UTF-8", "{"],
    ["JSON", "application/json", JSON.stringify([{ username: "x" }])],
    ["a 5,000-deep array", "text/plain;charset=UTF-8", `${"[".repeat(5000)}${"]".repeat(5000)}`],
    ["no content type", "", "[]"],
  ];

  it.each(bodies)("answers %s without a 5xx", async (_name, contentType, body) => {
    for (const action of actions) {
      const headers: Record<string, string> = { "next-action": action.id, origin: portal.baseUrl, cookie, accept: "text/x-component" };
      if (contentType) headers["content-type"] = contentType;
      expectHarmless(await raw(portal.baseUrl, action.page, { headers, body }), `${action.formId} ${_name}`);
    }
  });

  it.each(["0".repeat(40), "not-an-action", "7f".repeat(21), "../../etc/passwd"])("answers a made-up action id (%s) without a 5xx", async (id) => {
    const headers = { "next-action": id, origin: portal.baseUrl, "content-type": "text/plain;charset=UTF-8" };
    expectHarmless(await raw(portal.baseUrl, "/signin", { headers, body: "[]" }), `action ${id}`);
  });
});

describe("attack: requests the framework would choke on (S35)", () => {
  it("refuses a server action from another origin, from Origin: null and with no Origin, with 403", async () => {
    const [signIn] = actions.filter((action) => action.formId === "signin-form");
    const hidden = await hiddenFields(portal.baseUrl, "/signin", "signin-form");
    const { body, contentType } = multipart([...hidden, ["username", customer.username], ["password", customer.password]]);
    for (const origin of ["https://evil.test", "null", undefined]) {
      const headers: Record<string, string> = { "content-type": contentType };
      if (origin) headers.origin = origin;
      const answer = await raw(portal.baseUrl, signIn.page, { headers, body });
      expect({ origin, status: answer.status }).toEqual({ origin, status: 403 });
    }
  });

  it("answers 413 to a body over the limit, before it is read", async () => {
    const { body, contentType } = multipart([["username", "x".repeat(2 * 1024 * 1024)]]);
    const answer = await raw(portal.baseUrl, "/signin", { headers: { "content-type": contentType, origin: portal.baseUrl }, body });
    expect(answer.status).toBe(413);
  });

  it.each(["/knowledge-base/%FF", "/reset-password/%E0%A4", "/support/cases/%ff", "/api/auth/%ff", "/signin/%C0%AF", "/contact%00"])(
    "answers 400 to the undecodable path %s",
    async (path) => {
      const answer = await raw(portal.baseUrl, path, { method: "GET" });
      expect(answer.status).toBe(400);
    },
  );

  it.each([
    "/support/cases/99999999999999999999999",
    "/support/cases/-1",
    `/knowledge-base/${"a".repeat(3000)}`,
    "/search?q=%00%01%02",
    `/search?q=${"%FF".repeat(500)}`,
    "/reset-password/not-a-token",
    "/signin?callbackUrl=%FF",
  ])("answers %s without a 5xx", async (path) => {
    expectHarmless(await raw(portal.baseUrl, path, { method: "GET", headers: { cookie } }), path);
  });

  it("wrote nothing that was typed into the server's log", () => {
    expect(portal.log()).not.toContain(MARKER);
  });
});
