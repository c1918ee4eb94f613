import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { postForm } from "./support/form-post";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 29, against the production build: a JSON line per request with its id (also in the
 * response's X-Request-Id), the lines the request causes under the same id, /api/health/ready and
 * /api/metrics — and no address, token or query string in any of it (S52).
 */
const customer = { username: "operator-check", email: "operator-check@example.test", name: "Operator Check", password: "operator lantern orchard ridge" };
const TOKEN = "e2e-metrics-token-e2e-metrics-token-0123";
const MARKER = "QueryMarker7f3a";
let portal: Portal;

beforeAll(async () => {
  portal = await startPortal([customer], { METRICS_TOKEN: TOKEN, GIT_COMMIT: "0123456789abcdef0123456789abcdef01234567" });
});
afterAll(async () => {
  await portal?.stop();
});

type Line = Record<string, unknown>;

function portalLines(): Line[] {
  return portal
    .log()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Line);
}

async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} in the log:\n${portal.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("operating the production build (issue 29)", () => {
  it("writes one JSON line per request with the route pattern and the id the response carries, never the query string", async () => {
    const response = await fetch(`${portal.baseUrl}/signin?email=${customer.email}&token=${MARKER}`);
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await eventually(() => portalLines().find((candidate) => candidate.event === "request" && candidate.requestId === requestId), "request line");
    expect(line).toMatchObject({ level: "info", method: "GET", route: "/signin", status: 200, durationMs: expect.any(Number), time: expect.any(String) });
    expect(portal.log()).not.toContain(MARKER);
  });

  it("gives a request's later lines its id: a reset request's job and mail", async () => {
    const response = await postForm(portal.baseUrl, "/forgot-password", "forgot-password-form", [["email", customer.email]]);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toBeTruthy();
    await portal.receiver.waitFor((mail) => mail.envelopeTo.includes(customer.email));
    const job = await eventually(() => portalLines().find((line) => line.event === "job.done" && line.kind === "password-reset.request"), "job line");
    const mail = await eventually(() => portalLines().find((line) => line.event === "mail.sent" && line.template === "reset-password"), "mail line");
    // Note: after() runs the work in the request's context; the timer may pick it up first, then without one.
    for (const line of [job, mail]) expect([requestId, undefined]).toContain(line.requestId);
    expect(portalLines().filter((line) => line.event === "request" && line.requestId === requestId)).toHaveLength(1);
    expect(portal.log()).not.toContain(customer.email);
    expect(portal.log()).not.toContain(customer.username);
  });

  it("sends a signed-out visitor of the staff health page to Sign in", async () => {
    const response = await fetch(`${portal.baseUrl}/staff/health`, { redirect: "manual" });
    expect([303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toContain("/signin");
  });

  it("answers /api/health/ready and, with the token only, /api/metrics in Prometheus' format", async () => {
    const ready = await fetch(`${portal.baseUrl}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", commit: "0123456789abcdef0123456789abcdef01234567", database: { migrations: { current: true } } });

    expect((await fetch(`${portal.baseUrl}/api/metrics`)).status).toBe(404);
    expect((await fetch(`${portal.baseUrl}/api/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(404);
    const scraped = await fetch(`${portal.baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    const families = parsePrometheusTextFormat(text) as { name: string; metrics: { labels?: Record<string, string>; value?: string }[] }[];
    const requests = families.find((family) => family.name === "portal_http_requests_total");
    expect(requests?.metrics.some((sample) => sample.labels?.route === "/signin" && sample.labels?.method === "GET")).toBe(true);
    expect(families.find((family) => family.name === "portal_mail_total")?.metrics.some((sample) => sample.labels?.outcome === "sent")).toBe(true);
    expect(text).not.toContain(customer.email);
    expect(text).not.toContain(MARKER);
  });
});
