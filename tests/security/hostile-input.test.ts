import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { contactMessages, customers } from "@/lib/db/schema";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { actionsOn, hiddenFields, INTERNALS, multipart, raw, signedInCookie, type Action } from "./support/attacker";

/**
 * Attack: hostile input at every server action and route (issue 11). Whatever arrives — no form
 * at all, a field sent twice, CRLF, NUL, bytes that are not UTF-8, a megabyte, a 5,000-deep
 * array, an action id that does not exist, another origin — the answer is a 4xx or the form's
 * own message, never a 5xx, never internals, and nothing typed reaches the server's log.
 */
const customer = { username: "fuzzed", email: "fuzzed@example.test", name: "Fuzzed", password: "fuzzed lantern orchard ridge" };
const admin = { username: "fuzz-admin", email: "fuzz-admin@example.test", name: "Fuzz Admin", password: "fuzz admin lantern orchard" };
const MARKER = `fuzz-${randomBytes(4).toString("hex")}`;

let portal: Portal;
/** Each action with the cookie of someone who can reach its page (the staff screens' need an admin). */
const actions: Array<Action & { cookie?: string }> = [];
let cookie = "";
let adminCookie = "";
beforeAll(async () => {
  portal = await startPortal([customer, admin], {}, { roles: { "fuzz-admin": "admin" } });
  cookie = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  for (const page of ["/signin", "/forgot-password", "/contact"]) actions.push(...(await actionsOn(portal.baseUrl, page)));
  await postForm(portal.baseUrl, "/contact", "contact-form", [["name", "Fuzzed"], ["email", customer.email], ["message", "A message for the inbox to show."]], { cookie });
  const created = await postForm(portal.baseUrl, "/support/cases/new", "create-case-form", [["subject", "A case to fuzz"], ["category", "question"], ["description", "Something for the staff pages to show."]], { cookie });
  const caseId = /\/support\/cases\/(\d+)/.exec(created.location ?? "")?.[1];
  for (const page of ["/account", "/account/email", "/support/cases/new", `/support/cases/${caseId}`]) actions.push(...(await actionsOn(portal.baseUrl, page, cookie)));
  // The staff screens' actions, as the admin who can reach them all (issue 15).
  const [{ id: messageId }] = await (await db()).select({ id: contactMessages.id }).from(contactMessages).limit(1);
  const [{ id: customerId }] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.username, customer.username));
  adminCookie = await signedInCookie(portal.baseUrl, admin.username, admin.password, { receiver: portal.receiver, email: admin.email });
  for (const page of [`/staff/cases/${caseId}`, `/staff/contact/${messageId}`, `/staff/customers/${customerId}`]) {
    actions.push(...(await actionsOn(portal.baseUrl, page, adminCookie)).map((action) => ({ ...action, cookie: adminCookie })));
  }
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
    expect(actions.map((action) => action.formId)).toEqual(
      expect.arrayContaining([
        "signin-form",
        "forgot-password-form",
        "contact-form",
        "change-password-form",
        "profile-form",
        "email-change-form",
        "create-case-form",
        "case-reply-form",
        "close-case-form",
        "case-work-form",
        "contact-reply-form",
        "contact-handled-form",
        "make-case-form",
        "reset-link-form",
        "disable-form",
        "role-form",
      ]),
    );
  });

  it.each(hostileValues)("answers %s in every field without a 5xx", async (_name, value) => {
    for (const action of actions) {
      const asWho = action.cookie ?? cookie;
      const hidden = await hiddenFields(portal.baseUrl, action.page, action.formId || "", asWho).catch(() => [] as Array<[string, string]>);
      const { body, contentType } = multipart([...hidden, ...action.fields.filter((field) => !field.startsWith("$")).map((field): [string, string | Buffer] => [field, value])]);
      const answer = await raw(portal.baseUrl, action.page, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie: asWho }, body });
      expectHarmless(answer, `${action.formId} ${_name}`);
    }
  });

  it("answers fields sent twice (arrays) without a 5xx", async () => {
    for (const action of actions) {
      const asWho = action.cookie ?? cookie;
      const hidden = await hiddenFields(portal.baseUrl, action.page, action.formId || "", asWho).catch(() => [] as Array<[string, string]>);
      const twice = action.fields.filter((field) => !field.startsWith("$")).flatMap((field): Array<[string, string]> => [[field, "one"], [field, "two"]]);
      const { body, contentType } = multipart([...hidden, ...twice]);
      expectHarmless(await raw(portal.baseUrl, action.page, { headers: { "content-type": contentType, origin: portal.baseUrl, cookie: asWho }, body }), `${action.formId} arrays`);
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
      const headers: Record<string, string> = { "next-action": action.id, origin: portal.baseUrl, cookie: action.cookie ?? cookie, accept: "text/x-component" };
      if (contentType) headers["content-type"] = contentType;
      expectHarmless(await raw(portal.baseUrl, action.page, { headers, body }), `${action.formId} ${_name}`);
    }
  });

  // Issue 22 item 6: each of these gave a 500 and the body was quoted in the server's log.
  const references: Array<[string, string, string, number]> = [
    ...["$Q1", "$h1", "$F1", "$B1", "$@1", "$K1", "$1"].map((reference): [string, string, string, number] => [
      `the React reference ${reference}`,
      "text/plain;charset=UTF-8",
      JSON.stringify([reference, MARKER]),
      400,
    ]),
    ["an XML body", "application/xml", `<?xml version="1.0"?><a>${MARKER}</a>`, 415],
    ["an octet-stream", "application/octet-stream", `${MARKER}\u0000\u0001`, 415],
    ["a JSON body", "application/json", JSON.stringify([MARKER]), 415],
  ];

  it.each(references)("refuses %s at every action with its 4xx, before the framework reads it", async (_name, contentType, body, status) => {
    for (const action of actions) {
      const headers = { "next-action": action.id, origin: portal.baseUrl, cookie: action.cookie ?? cookie, accept: "text/x-component", "content-type": contentType };
      const answer = await raw(portal.baseUrl, action.page, { headers, body });
      expect({ what: `${action.formId} ${_name}`, status: answer.status }).toEqual({ what: `${action.formId} ${_name}`, status });
    }
  });

  it("refuses a React reference inside a form's arguments with 400", async () => {
    const [signIn] = actions.filter((action) => action.formId === "signin-form");
    const { body, contentType } = multipart([["0", JSON.stringify([{ status: "idle" }, "$Q1", MARKER])], ["1_username", "x"]]);
    const answer = await raw(portal.baseUrl, signIn.page, { headers: { "next-action": signIn.id, origin: portal.baseUrl, "content-type": contentType, accept: "text/x-component" }, body });
    expect(answer.status).toBe(400);
  });

  // Security review of issue 22 item 6: bodies the gate read differently from the framework.
  it("refuses what the gate and the framework would read differently, at the sign-in form", async () => {
    const [signIn] = actions.filter((action) => action.formId === "signin-form");
    const headers = (contentType: string) => ({ "next-action": signIn.id, origin: portal.baseUrl, "content-type": contentType, accept: "text/x-component" });
    const root = JSON.stringify([{ status: "idle" }, "$K1"]);
    for (const name of ["00", "0x0", "S0"]) {
      const { body, contentType } = multipart([["0", root], [name, JSON.stringify(["$Q1", MARKER])], ["1_username", "x"]]);
      expect({ name, status: (await raw(portal.baseUrl, signIn.page, { headers: headers(contentType), body })).status }).toEqual({ name, status: 400 });
    }
    const { body, contentType } = multipart([["0", root], ["1_username", "x"]]);
    expect((await raw(portal.baseUrl, signIn.page, { headers: headers(contentType.replace("multipart/form-data", "Multipart/Form-Data")), body })).status).toBe(415);
    for (const type of ["application/x-www-form-urlencoded; charset=utf-8", "Application/X-WWW-Form-Urlencoded"]) {
      expect((await raw(portal.baseUrl, signIn.page, { headers: headers(type), body: `0=${encodeURIComponent(JSON.stringify([MARKER]))}` })).status).toBe(415);
    }
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([MARKER]))]);
    expect((await raw(portal.baseUrl, signIn.page, { headers: headers("text/plain;charset=UTF-8"), body: withBom })).status).toBe(400);
    // Without JavaScript: the action named in the form's fields, with a hostile bound argument.
    const noScript = multipart([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id: signIn.id, bound: "$@1" })], ["$ACTION_1:1", JSON.stringify(["$Q2", MARKER])], ["$ACTION_KEY", "k1"], ["username", "x"]]);
    const answer = await raw(portal.baseUrl, signIn.page, { headers: { origin: portal.baseUrl, "content-type": noScript.contentType }, body: noScript.body });
    expect(answer.status).toBe(400);
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
    // Words looked up by a query value: an own key only, never Object's (constructor, toString…).
    "/signin?error=constructor&kept=constructor",
    "/signin?error=__proto__&kept=toString",
  ])("answers %s without a 5xx", async (path) => {
    expectHarmless(await raw(portal.baseUrl, path, { method: "GET", headers: { cookie } }), path);
  });

  // Issue 22 item 7: a NUL reached PostgreSQL from each staff search box, and the page gave a 500.
  it.each(["/staff/cases?q=%00", "/staff/customers?q=%00", "/staff/contact?q=%00", "/staff/cases?q=a%00%1B%5B2J%07b", "/staff/customers?q=%C2%85%7F"])(
    "shows the staff search %s (control characters removed)",
    async (path) => {
      const answer = await raw(portal.baseUrl, path, { method: "GET", headers: { cookie: adminCookie } });
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    },
  );

  it("wrote nothing that was typed into the server's log", () => {
    expect(portal.log()).not.toContain(MARKER);
  });
});
