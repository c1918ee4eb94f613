import { cookieHeader, postForm } from "./support/form-post";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 25, against the production build: what a signed-in page costs the database. Each request's
 * log line counts the statements it sent (lib/db/query-count.ts, counted as Drizzle hands each to
 * the driver). The session check — the cookie's session joined to its customer, whose record also
 * gives the role, the language and the time zone — is one statement, read once per request however
 * many parts of the page (header, language, time zone, the page itself) ask for the customer.
 */
const customer = { username: "query-count", email: "query-count@example.test", name: "Query Count", password: "counting lantern orchard ridge" };
// Issue 25: eight customers signing in at the same moment, each from browsers of their own.
const signers = Array.from({ length: 8 }, (_, i) => ({ username: `signer-${i}`, email: `signer-${i}@example.test`, name: `Signer ${i}`, password: `counting lantern orchard ridge ${i}` }));
let portal: Portal;

beforeAll(async () => {
  portal = await startPortal([customer, ...signers]);
});
afterAll(async () => {
  await portal?.stop();
});

type Line = Record<string, unknown>;

function requestLine(requestId: string): Line | undefined {
  return portal
    .log()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Line)
    .find((line) => line.event === "request" && line.requestId === requestId);
}

/** The statements a request sent, from its log line (written when the response has closed). */
async function queriesOf(response: { headers: Headers }): Promise<number> {
  const requestId = response.headers.get("x-request-id")!;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const line = requestLine(requestId);
    if (line) return line.queries as number;
    if (Date.now() > deadline) throw new Error(`no request line for ${requestId}:\n${portal.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function page(path: string, cookie?: string) {
  const response = await fetch(`${portal.baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  await response.arrayBuffer();
  expect({ path, status: response.status }).toEqual({ path, status: 200 });
  return queriesOf(response);
}

describe("the database statements of a signed-in page (issue 25)", () => {
  it("adds one statement to a page for the session, also with 8 signed-in requests at once", async () => {
    const signedIn = await postForm(portal.baseUrl, "/signin", "signin-form", [
      ["username", customer.username],
      ["password", customer.password],
    ]);
    expect(signedIn.status).toBe(303);
    const cookie = cookieHeader(signedIn.setCookies);

    for (const path of ["/knowledge-base", "/search?q=password"]) {
      const signedOut = await page(path);
      // Concurrent requests: each is counted in its own request's context, and each reads the session once.
      const counts = await Promise.all(Array.from({ length: 8 }, () => page(path, cookie)));
      expect({ path, counts }).toEqual({ path, counts: counts.map(() => signedOut + 1) });
    }
  });

  it("reads the session once on a page that asks for the customer in many places (the account page)", async () => {
    const signedIn = await postForm(portal.baseUrl, "/signin", "signin-form", [
      ["username", customer.username],
      ["password", customer.password],
    ]);
    const cookie = cookieHeader(signedIn.setCookies);
    const first = await page("/account", cookie);
    const again = await Promise.all(Array.from({ length: 4 }, () => page("/account", cookie)));
    expect(again).toEqual(again.map(() => first));
    expect(portal.log()).not.toMatch(/"level":"error"/);
  });
});

describe("the database statements of a successful sign-in (issue 25)", () => {
  /** Signs in without JavaScript from a browser holding `cookie` (its id cookie, or none: a browser never seen). */
  async function signIn(person: (typeof signers)[number], cookie = "") {
    const answer = await postForm(portal.baseUrl, "/signin", "signin-form", [["username", person.username], ["password", person.password]], { cookie });
    expect({ person: person.username, status: answer.status }).toEqual({ person: person.username, status: 303 });
    const browser = answer.setCookies.find((set) => /^(__Host-)?portal\.browser=/.test(set))?.split(";")[0];
    return { statements: await queriesOf(answer), browser: browser ?? cookie };
  }

  it("takes 6 statements from a browser the account knows and from a new one, for 8 sign-ins at once; each new-browser notice arrives once", async () => {
    // Each account's first browser is its baseline: no notice, no job.
    const first = await Promise.all(signers.map((person) => signIn(person)));
    expect(first.map((each) => each.statements)).toEqual(signers.map(() => 6));
    const known = await Promise.all(signers.map((person, i) => signIn(person, first[i].browser)));
    expect(known.map((each) => each.statements)).toEqual(signers.map(() => 6));
    // A browser none of them knows: the same 6, the job that mails the notice after the response
    // being part of the statement that marks the browser known (F3).
    const fresh = await Promise.all(signers.map((person) => signIn(person)));
    expect(fresh.map((each) => each.statements)).toEqual(signers.map(() => 6));
    await Promise.all(signers.map((person) => portal.receiver.waitFor((mail) => mail.envelopeTo.includes(person.email) && mail.subject === "New sign-in to your Customer Portal account")));
    // Once each, however the jobs were taken up (the request's own, the timer's pass).
    const notices = signers.map((person) => portal.receiver.to(person.email).filter((mail) => mail.subject === "New sign-in to your Customer Portal account").length);
    expect(notices).toEqual(signers.map(() => 1));
    expect(portal.log()).not.toMatch(/"level":"error"/);
  });
});
