import { areaOf, readProfile, type CpuProfile } from "@/bench/profile-reading";

/** A profile of the shape `node --cpu-prof` writes: nodes, and samples with the time before each. */
function profileOf(timeline: Array<[number, number]>): CpuProfile {
  const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
  return {
    nodes: [
      { id: 1, callFrame: frame("(idle)", "") },
      { id: 2, callFrame: frame("renderToReadableStream", "file:///app/node_modules/next/dist/compiled/react-dom/cjs/server.js") },
      { id: 3, callFrame: frame("execute", "file:///app/node_modules/postgres/src/connection.js") },
      { id: 4, callFrame: frame("(garbage collector)", "") },
      { id: 5, callFrame: frame("bootstrap", "node:internal/main") },
    ],
    startTime: 0,
    endTime: timeline.reduce((sum, [, us]) => sum + us, 0),
    samples: timeline.map(([id]) => id),
    timeDeltas: timeline.map(([, us]) => us),
  };
}

describe("reading the server's CPU profile (npm run bench:profile)", () => {
  it("names each source's area in the README's words", () => {
    expect(areaOf("/app/node_modules/next/dist/compiled/react-dom/cjs/server.js", "render")).toBe("React render (react, react-dom, flight)");
    expect(areaOf("/app/node_modules/drizzle-orm/pg-core/session.js", "execute")).toBe("drizzle + postgres.js");
    expect(areaOf("/app/node_modules/jose/dist/jwe.js", "decrypt")).toBe("Auth.js + jose");
    expect(areaOf("/app/node_modules/next/dist/server/app-render/action-handler.js", "handle")).toBe("Next.js (server, router, actions; React's server render inside)");
    expect(areaOf("[project]/lib/auth/sign-in.ts", "signIn")).toBe("lib/auth");
    expect(areaOf("[project]/app/signin/actions.ts", "signInAction")).toBe("app/ (pages, actions)");
    expect(areaOf("node:internal/streams/readable", "read")).toBe("Node.js (http, streams, timers, V8 built-ins)");
    expect(areaOf("", "(garbage collector)")).toBe("garbage collection");
  });

  // The profiler samples every millisecond, idle or not: a pause is a run of idle samples.
  const pause = Array.from({ length: 1500 }, (): [number, number] => [1, 1000]);
  const withLoad = () =>
    profileOf([
      [5, 1000], // start-up
      [5, 1000],
      ...pause,
      [2, 1000], // the load: each sample lasts until the next one
      [2, 3000],
      [3, 5000],
      [4, 2000],
      ...pause,
      [5, 1000], // shutdown
      [5, 1000],
    ]);
  const loadStart = 2000 + 1500 * 1000 + 1000;
  const loadEnd = loadStart + 3000 + 5000 + 2000;

  it.each([
    ["between the idle pauses", undefined],
    ["between the moments the driver noted", [loadStart, loadEnd] as [number, number]],
  ])("counts only the load, per request: %s", (_, window) => {
    const table = readProfile(withLoad(), 2, window);
    const ms = Object.fromEntries(table.areas.map((row) => [row.area, row.msPerRequest]));
    expect(ms["React render (react, react-dom, flight)"]).toBeCloseTo(4);
    expect(ms["drizzle + postgres.js"]).toBeCloseTo(1);
    expect(ms["garbage collection"]).toBeCloseTo(0.5);
    expect(ms["Node.js (http, streams, timers, V8 built-ins)"]).toBeUndefined();
    expect(table.totalMsPerRequest).toBeCloseTo(5.5);
  });

  it("counts a V8 built-in's time for the caller whose work it was", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame("(root)", ""), children: [2, 4] },
        { id: 2, callFrame: frame("parseRows", "file:///app/node_modules/postgres/src/connection.js"), children: [3] },
        { id: 3, callFrame: frame("parse", "") }, // JSON.parse, called by postgres.js
        { id: 4, callFrame: frame("onStreamRead", "node:internal/stream_base_commons") },
      ],
      startTime: 0,
      endTime: 4000,
      samples: [3, 3, 4, 4],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const table = readProfile(profile, 1, [0, 4000]);
    const ms = Object.fromEntries(table.areas.map((row) => [row.area, row.msPerRequest]));
    expect(ms["drizzle + postgres.js"]).toBeCloseTo(2);
    expect(ms["Node.js (http, streams, timers, V8 built-ins)"]).toBeCloseTo(1);
  });
});
