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
let portal: Portal;

beforeAll(async () => {
  portal = await startPortal([customer]);
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
async function queriesOf(response: Response): Promise<number> {
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
