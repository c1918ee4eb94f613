import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { driverPatchProblem, postgresDriverPatch } from "@/lib/server/driver-patch";

describe("the postgres.js patch a production start checks for (issue 23, security review)", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  function installed(source: string) {
    const root = mkdtempSync(path.join(tmpdir(), "portal-driver-"));
    roots.push(root);
    for (const file of ["cjs/src/connection.js", "src/connection.js"]) {
      mkdirSync(path.dirname(path.join(root, "node_modules", "postgres", file)), { recursive: true });
      writeFileSync(path.join(root, "node_modules", "postgres", file), source);
    }
    return root;
  }

  it("finds the patch in this install (npm install ran the script)", () => {
    expect(postgresDriverPatch(process.cwd())).toBe("patched");
    expect(driverPatchProblem(process.cwd())).toBeNull();
  });

  it("refuses a driver installed with --ignore-scripts, and says how to patch it", () => {
    const root = installed("function nextWrite(fn) {\n    const x = socket.write(chunk, fn)\n}");
    expect(postgresDriverPatch(root)).toBe("unpatched");
    expect(driverPatchProblem(root)).toMatch(/npm rebuild.*scripts\/patch-postgres-driver\.mjs/);
  });

  it("accepts a patched copy, and has nothing to read where the driver is bundled", () => {
    expect(postgresDriverPatch(installed("/* portal: issue 23 */ patched"))).toBe("patched");
    const empty = mkdtempSync(path.join(tmpdir(), "portal-driver-"));
    roots.push(empty);
    expect(postgresDriverPatch(empty)).toBe("absent");
    expect(driverPatchProblem(empty)).toBeNull();
  });
});
