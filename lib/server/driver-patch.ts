import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * scripts/patch-postgres-driver.mjs fixes postgres.js after install (issue 23, item 3), but
 * `npm ci --ignore-scripts` skips it, and the portal would then run with a driver that wedges its
 * connections when PostgreSQL restarts. A production start checks the installed driver for the
 * script's mark. Keep MARK and the two files in step with the script.
 */
const MARK = "/* portal: issue 23 */";
const PATCHED_FILES = ["cjs/src/connection.js", "src/connection.js"];

/** Whether the postgres.js installed under `root` (the portal's folder) carries the patch. */
export function postgresDriverPatch(root: string): "patched" | "unpatched" | "absent" {
  const driver = path.join(root, "node_modules", "postgres");
  if (!existsSync(driver)) return "absent";
  return PATCHED_FILES.every((file) => existsSync(path.join(driver, file)) && readFileSync(path.join(driver, file), "utf8").includes(MARK)) ? "patched" : "unpatched";
}

/** What a production start says when the driver is not patched; null when it is (or cannot be read here). */
export function driverPatchProblem(root: string): string | null {
  if (postgresDriverPatch(root) !== "unpatched") return null;
  return "the installed postgres.js driver lacks the portal's patch (porsager/postgres#1154), which `npm ci --ignore-scripts` skips: run `npm rebuild` or `node scripts/patch-postgres-driver.mjs`, then build again";
}
