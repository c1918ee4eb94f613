import { errorSummary } from "@/lib/log";

import { inspect } from "node:util";
// The preload is plain CommonJS; it exports what it installs so it can be checked here.
import preload from "@/server/preload.cjs";

const { redact } = preload;

function drizzleError() {
  const cause = Object.assign(new Error('invalid input syntax for type integer: "jane@example.test"'), { code: "22P02", detail: "Key (email)=(jane@example.test)" });
  return Object.assign(new Error('Failed query: select * from customers where email = $1\nparams: jane@example.test,198.51.100.7'), {
    query: "select * from customers where email = $1",
    params: ["jane@example.test", "198.51.100.7"],
    cause,
  });
}

describe("nothing a customer typed reaches the log (issue 11)", () => {
  it("summarises a failed query by what went wrong, without its parameters or the quoted value", () => {
    const summary = errorSummary(drizzleError());
    expect(summary).toBe("invalid input syntax for type integer (22P02)");
  });

  it("redacts the errors Next.js logs: no params, no detail, no query values", () => {
    const redacted = redact(drizzleError()) as Error & Record<string, unknown>;
    const printed = inspect(redacted, { depth: 5 });
    expect(printed).not.toContain("jane@example.test");
    expect(printed).not.toContain("198.51.100.7");
    expect(printed).toContain("Failed query");
    expect(redacted.params).toBeUndefined();
  });

  it("leaves other values alone", () => {
    expect(redact("a plain line")).toBe("a plain line");
    expect(redact(42)).toBe(42);
  });
});
