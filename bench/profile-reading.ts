/**
 * Reading a `--cpu-prof` profile of the production server (issue 25, npm run bench:profile): only
 * the stretch between the driver's two pauses counts (start-up and shutdown are left out); each
 * sample's self time goes to the source it comes from — through the build's source maps for the
 * bundled code — grouped by package or area, and is divided by the requests served in that stretch.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Idle stretches at least this long separate the warm-up, the load and the shutdown.
const GAP_US = 1_000_000;

export type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
export type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const NODE_AND_BUILTINS = "Node.js (http, streams, timers, V8 built-ins)";
const NOT_CODE = new Set(["(root)", "(idle)", "(program)", "(garbage collector)"]);

/** The area a source belongs to, in the words of the README's table. */
export function areaOf(source: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)") return "V8 and native code (program)";
  let at = source.replace(/\\/g, "/");
  try {
    at = decodeURIComponent(at);
  } catch {
    // not %-encoded
  }
  const rules: Array<[RegExp, string]> = [
    [/@node-rs\/argon2/, "argon2 (main-thread part)"],
    [/react-dom|react-server-dom|\/compiled\/react|node_modules\/react\/|scheduler/, "React render (react, react-dom, flight)"],
    [/drizzle-orm|node_modules\/postgres\/|postgres\/src|pglite/, "drizzle + postgres.js"],
    [/next-auth|@auth\/|node_modules\/jose|oauth4webapi/, "Auth.js + jose"],
    [/next-intl|use-intl|intl-messageformat|@formatjs|icu-minify/, "next-intl (messages)"],
    [/node_modules\/zod/, "zod"],
    [/rate-limiter-flexible/, "rate-limiter-flexible"],
    [/pino|sonic-boom/, "pino (log)"],
    [/prom-client/, "prom-client (metrics)"],
    [/react-email|@react-email|nodemailer/, "mail (React Email, nodemailer)"],
    [/next\/dist\/|node_modules\/next\//, "Next.js (server, router, actions; React's server render inside)"],
    [/node_modules\/((?:@[^/]+\/)?[^/]+)/, "$pkg"],
    [/(^|\/)lib\/([a-z0-9-]+)\//, "$lib"],
    [/(^|\/)lib\/[a-z0-9-]+\.tsx?$/, "lib/ (top-level modules)"],
    [/(^|\/)app\//, "app/ (pages, actions)"],
    [/(^|\/)components\//, "components/"],
    [/(^|\/)(proxy|instrumentation)\.ts/, "proxy.ts"],
    [/(^|\/)server\/.*\.cjs/, "server/preload.cjs"],
    [/(^|\/)(i18n|emails)\//, "i18n/, emails/"],
    [/^node:|^internal\/|^$/, NODE_AND_BUILTINS],
  ];
  for (const [pattern, area] of rules) {
    const match = pattern.exec(at);
    if (!match) continue;
    if (area === "$pkg") return `other packages (${match[1]})`;
    if (area === "$lib") return `lib/${match[2]}`;
    return area;
  }
  return "other";
}

const maps = new Map<string, SourceMap | null>();

/**
 * The original source of a bundled position, through the build's source map for its chunk. Note:
 * Next.js's own server runtime (next/dist/compiled/next-server/app-page*.runtime.prod.js) carries
 * React's server renderer inside it; its map's sources do not name packages the way the build's do,
 * so it is left whole, and "Next.js" in the tables includes most of React's rendering.
 */
function originalSource(frame: CallFrame): string {
  const file = frame.url.startsWith("file://") ? fileURLToPath(frame.url) : frame.url;
  if (!file.endsWith(".js") || !file.includes(`${path.sep}.next${path.sep}`)) return file;
  if (!maps.has(file)) {
    try {
      maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))) : null);
    } catch {
      maps.set(file, null);
    }
  }
  const map = maps.get(file);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  return entry?.originalSource ?? file;
}

/** The busiest stretch between idle gaps: the load (warm-up, pause, load, pause, shutdown). */
function loadWindow(profile: CpuProfile, idleNode: number): [number, number] {
  const stretches: Array<[number, number, number]> = [];
  let start = 0;
  let busy = 0;
  let idleRun = 0;
  let time = profile.startTime;
  const times: number[] = [];
  for (let i = 0; i < profile.samples.length; i += 1) {
    time += profile.timeDeltas[i];
    times.push(time);
    if (profile.samples[i] === idleNode) {
      idleRun += profile.timeDeltas[i];
      if (idleRun >= GAP_US && busy > 0) {
        stretches.push([start, i, busy]);
        busy = 0;
      }
      if (idleRun >= GAP_US) start = i + 1;
    } else {
      idleRun = 0;
      busy += profile.timeDeltas[i];
    }
  }
  if (busy > 0) stretches.push([start, profile.samples.length, busy]);
  const [first, last] = stretches.reduce((best, stretch) => (stretch[2] > best[2] ? stretch : best), [0, profile.samples.length, 0]);
  return [first, last];
}

export type AreaTable = { requests: number; totalMsPerRequest: number; areas: Array<{ area: string; msPerRequest: number; share: number }> };

/** The samples taken between two moments of the monotonic clock (µs), which V8 and process.hrtime share on Linux. */
function timeWindow(profile: CpuProfile, [from, to]: [number, number]): [number, number] {
  let time = profile.startTime;
  let first = profile.samples.length;
  let last = profile.samples.length;
  for (let i = 0; i < profile.samples.length; i += 1) {
    time += profile.timeDeltas[i];
    if (time >= from && first === profile.samples.length) first = i;
    if (time > to) {
      last = i;
      break;
    }
  }
  return [first, last];
}

/**
 * Self time per area per request, over the load: the samples between `window`'s two moments when
 * the driver noted them, else the busiest stretch between idle pauses.
 */
export function readProfile(profile: CpuProfile, requests: number, window?: [number, number], scaleToMs?: number): AreaTable {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const areaOfNode = new Map<number, string>();
  // Note: a V8 built-in or a Node.js internal (JSON.parse, a RegExp, a Buffer copy) counts for the
  // nearest caller that has a source of its own — postgres.js parsing rows, React escaping text —
  // so that the table says whose work it was; what has no such caller is Node.js's own.
  const attributed = (node: ProfileNode): string => {
    const known = areaOfNode.get(node.id);
    if (known) return known;
    const own = areaOf(originalSource(node.callFrame), node.callFrame.functionName);
    let area = own;
    if (own === NODE_AND_BUILTINS && !NOT_CODE.has(node.callFrame.functionName)) {
      const parent = byId.get(parentOf.get(node.id) ?? -1);
      if (parent && !NOT_CODE.has(parent.callFrame.functionName)) area = attributed(parent);
    }
    areaOfNode.set(node.id, area);
    return area;
  };
  const idle = profile.nodes.find((node) => node.callFrame.functionName === "(idle)")?.id ?? -1;
  const [first, last] = window ? timeWindow(profile, window) : loadWindow(profile, idle);
  const selfUs = new Map<string, number>();
  for (let i = first; i < last; i += 1) {
    const node = byId.get(profile.samples[i]);
    // A sample's time is the delta to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!node || node.id === idle) continue;
    const area = attributed(node);
    selfUs.set(area, (selfUs.get(area) ?? 0) + us);
  }
  const total = [...selfUs.values()].reduce((sum, us) => sum + us, 0);
  // Note: a sample records where the thread was, not whether it had a core; on a busy machine the
  // samples add up to more than the CPU the process used. With `scaleToMs` (the main thread's CPU
  // per request, from /proc) the shares are turned into that many milliseconds.
  const perRequestMs = scaleToMs ?? total / 1000 / requests;
  const areas = [...selfUs.entries()]
    .map(([area, us]) => ({ area, msPerRequest: (perRequestMs * us) / total, share: us / total }))
    .sort((a, b) => b.msPerRequest - a.msPerRequest);
  return { requests, totalMsPerRequest: perRequestMs, areas };
}

