import { reloadConfig } from "@/lib/config";
import { clearThrottledLog, log, logErrorThrottled, requestContexts, resetLogger } from "@/lib/log";
import { logRequest } from "@/lib/operations/request-log";
import { setRoutesForTests } from "@/lib/operations/route-pattern";
import { captureLogLines, type CapturedLog } from "../support/log-lines";

/** Issue 29: what the portal's log lines look like, and what never appears in them (S42, S52). */
let lines: string[] = [];
let captured: CapturedLog;
let spies: jest.SpyInstance[] = [];

function useLog(settings: Record<string, string>) {
  process.env.LOG_LEVEL = "info";
  for (const [name, value] of Object.entries(settings)) process.env[name] = value;
  reloadConfig();
  resetLogger();
}

// JSON lines go to stdout and stderr, readable ones through the console.
beforeEach(() => {
  captured = captureLogLines();
  lines = captured.raw;
  spies = (["log", "error"] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(String(args[0]))));
});

afterEach(() => {
  captured.restore();
  for (const spy of spies) spy.mockRestore();
  delete process.env.LOG_FORMAT;
  process.env.LOG_LEVEL = "warn";
  reloadConfig();
  resetLogger();
});

const routes = {
  staticRoutes: [{ page: "/forgot-password", regex: "^/forgot\\-password(?:/)?$" }],
  dynamicRoutes: [
    { page: "/support/cases/[number]", regex: "^/support/cases/([^/]+?)(?:/)?$" },
    { page: "/reset-password/[token]", regex: "^/reset\\-password/([^/]+?)(?:/)?$" },
  ],
};

describe("the log (issue 29)", () => {
  it("writes one JSON object a line with level, time, message and fields, and the request id of the request it runs for", () => {
    useLog({ LOG_FORMAT: "json" });
    requestContexts().run({ requestId: "req-1" }, () => log.info("[outbox] message 7 (reset-password) sent", { event: "mail.sent", mailId: 7 }));
    log.info("outside any request");
    const [inside, outside] = lines.map((line) => JSON.parse(line));
    expect(inside).toEqual({ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: "[outbox] message 7 (reset-password) sent", event: "mail.sent", mailId: 7, requestId: "req-1" });
    expect(outside.requestId).toBeUndefined();
  });

  it("keeps request ids apart when requests interleave", async () => {
    useLog({ LOG_FORMAT: "json" });
    const request = (id: string, wait: number) =>
      requestContexts().run({ requestId: id }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        for (let i = 0; i < wait; i += 1) await Promise.resolve();
        log.info("work", { step: id });
      });
    await Promise.all([request("a", 5), request("b", 0), request("c", 3)]);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed).toHaveLength(3);
    for (const line of parsed) expect(line.requestId).toBe(line.step);
  });

  it("writes a readable line in development", () => {
    useLog({ LOG_FORMAT: "pretty" });
    log.warn("[portal] something to look at", { event: "x", count: 2 });
    expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} WARN  \[portal\] something to look at {2}event=x count=2$/)]);
  });

  it("leaves out lines below LOG_LEVEL", () => {
    useLog({ LOG_FORMAT: "json", LOG_LEVEL: "warn" });
    log.info("not written");
    log.error("written");
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(["written"]);
  });

  it("still writes a repeating failure once per interval, with fields and the count held back", () => {
    useLog({ LOG_FORMAT: "json" });
    clearThrottledLog("unit:test");
    for (let i = 0; i < 5; i += 1) logErrorThrottled("unit:test", "[test] it failed", 0, { event: "test.failed" });
    clearThrottledLog("unit:test");
    logErrorThrottled("unit:test", "[test] it failed", 60_000);
    logErrorThrottled("unit:test", "[test] it failed", 60_000);
    expect(lines.map((line) => JSON.parse(line)).at(-1)).toMatchObject({ level: "error", msg: "[test] it failed" });
    expect(lines).toHaveLength(6);
    clearThrottledLog("unit:test");
  });
});

describe("the request line (issue 29, S52)", () => {
  beforeAll(() => setRoutesForTests(routes));

  it("names the route pattern, never the path, its query string or what it carries", () => {
    useLog({ LOG_FORMAT: "json" });
    const token = "Q2hhbmdlIHRoaXMgdG9rZW4gdG8gYSByZWFsIG9uZSBwbGVhc2U";
    logRequest({ method: "GET", url: `/reset-password/${token}?email=jane.doe%40example.com`, status: 302, durationMs: 12.345, requestId: "r-1" });
    logRequest({ method: "POST", url: "/support/cases/1042?x=jane.doe@example.com", status: 200, durationMs: 80, requestId: "r-2" });
    logRequest({ method: "GET", url: "/forgot-password.rsc?_rsc=abc", status: 200, durationMs: 3, requestId: "r-3" });
    logRequest({ method: "GET", url: "/wp-admin/jane.doe@example.com", status: 404, durationMs: 1, requestId: "r-4" });
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.map(({ method, route, status, requestId, event }) => ({ method, route, status, requestId, event }))).toEqual([
      { method: "GET", route: "/reset-password/[token]", status: 302, requestId: "r-1", event: "request" },
      { method: "POST", route: "/support/cases/[number]", status: 200, requestId: "r-2", event: "request" },
      { method: "GET", route: "/forgot-password", status: 200, requestId: "r-3", event: "request" },
      { method: "GET", route: "(unmatched)", status: 404, requestId: "r-4", event: "request" },
    ]);
    expect(parsed[0].durationMs).toBe(12.3);
    const all = lines.join("\n");
    for (const secret of [token, "jane.doe", "1042", "wp-admin", "_rsc", "?"]) expect(all).not.toContain(secret);
  });

  it("writes script files at debug level only", () => {
    useLog({ LOG_FORMAT: "json" });
    logRequest({ method: "GET", url: "/_next/static/chunks/abc.js", status: 200, durationMs: 1, requestId: "r-5" });
    expect(lines).toEqual([]);
  });
});
