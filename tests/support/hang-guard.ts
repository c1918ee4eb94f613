/**
 * Issue 24: a Jest run that has finished its tests but not exited hangs until CI's own limit (the
 * attack suite once sat 13 minutes on a database connection a failed cleanup never ended). Called
 * from every project's global teardown: if the process is still alive a minute later, it lists what
 * keeps it alive — sockets with their addresses, servers, child processes, timers — and fails the run.
 * The timer is unref'd, so a run that exits normally is not held by it.
 */
const GRACE_MS = 60_000;

type Handle = {
  constructor?: { name?: string };
  remoteAddress?: string;
  remotePort?: number;
  address?: () => unknown;
  spawnargs?: string[];
  pid?: number;
  _onTimeout?: { name?: string };
};

function describe(handle: Handle): string {
  const kind = handle.constructor?.name ?? typeof handle;
  if (handle.spawnargs) return `${kind} pid ${handle.pid}: ${handle.spawnargs.join(" ")}`;
  if (handle.remoteAddress) return `${kind} to ${handle.remoteAddress}:${handle.remotePort}`;
  if (typeof handle.address === "function") {
    const address = handle.address();
    if (address) return `${kind} listening on ${JSON.stringify(address)}`;
  }
  if (handle._onTimeout) return `${kind} calling ${handle._onTimeout.name || "an anonymous function"}`;
  return kind;
}

export function failIfStillRunning(graceMs = GRACE_MS) {
  const timer = setTimeout(() => {
    const own = new Set<unknown>([process.stdin, process.stdout, process.stderr, timer]);
    const handles = (process as unknown as { _getActiveHandles: () => Handle[] })._getActiveHandles().filter((handle) => !own.has(handle));
    const lines = handles.map((handle) => `  - ${describe(handle)}`);
    process.stderr.write(
      `\n!!! The tests finished ${graceMs / 1000} s ago but the Jest process has not exited; still open:\n` +
        `${lines.join("\n") || "  (no handles: pending requests only)"}\n` +
        `  resources: ${process.getActiveResourcesInfo().join(", ")}\n` +
        `Every test must close what it opens (in finally or afterAll); failing the run.\n`,
    );
    process.exit(1);
  }, graceMs);
  timer.unref();
}
