/**
 * Runs after `npm install` / `npm ci` (postinstall). postgres.js 3.4.9 (and 3.4.10, the newest 3.x)
 * can throw `TypeError: Cannot read properties of null (reading 'write')` from a setImmediate
 * callback while PostgreSQL restarts (porsager/postgres#1066, #1154, #1208; fix proposed in #1168,
 * not released). Thrown from a timer, it is an uncaught exception no caller can catch, and it
 * leaves the connection wedged: its half-written buffer and a stale timer stop every later write,
 * so the queries on it never finish (issue 23, item 3; the portal's restart test shows both).
 *
 * The patch is the upstream proposal plus the reset of that state: a write that finds the socket
 * gone is dropped (closed() has already failed its queries with CONNECTION_CLOSED), and closed()
 * forgets any pending write so the next connection starts clean. It is applied to the CommonJS and
 * the ESM copy, is idempotent, and stops the install if the driver's code is not what it expects,
 * so an upgrade is checked by hand (drop this script once a release carries the fix).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MARK = "/* portal: issue 23 */";
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "postgres");

const edits = [
  {
    from: "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    to: `  function nextWrite(fn) {\n    ${MARK} if (!socket) return (chunk = nextWriteTimer = null, false)\n    const x = socket.write(chunk, fn)`,
  },
  {
    from: "    incomings = null\n    clearImmediate(nextWriteTimer)\n",
    to: `    incomings = null\n    clearImmediate(nextWriteTimer)\n    ${MARK} chunk = nextWriteTimer = null\n`,
  },
];

function patch(file) {
  const source = readFileSync(file, "utf8");
  if (source.includes(MARK)) return "already patched";
  let patched = source;
  for (const edit of edits) {
    if (!patched.includes(edit.from)) {
      throw new Error(`${file} does not hold the code this patch expects; check whether this postgres release fixes porsager/postgres#1154 and update or drop scripts/patch-postgres-driver.mjs`);
    }
    patched = patched.replace(edit.from, edit.to);
  }
  writeFileSync(file, patched);
  return "patched";
}

if (!existsSync(root)) {
  // Installing without the driver (never the case for the portal itself): nothing to patch.
  process.exit(0);
}
for (const copy of ["cjs/src/connection.js", "src/connection.js"]) {
  const file = path.join(root, copy);
  console.log(`[postinstall] postgres ${copy}: ${patch(file)}`);
}
