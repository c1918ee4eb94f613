import type { EnvironmentContext, JestEnvironmentConfig } from "@jest/environment";
import NodeEnvironment from "jest-environment-node";
import http from "node:http";
import perfHooks from "node:perf_hooks";

/**
 * Jest's node environment, which also ends what a test file started process-wide (issue 24).
 *
 * Each test file loads the portal's modules afresh, in a context of its own, while Node's built-in
 * modules are the one copy the whole process shares. prom-client's default metrics (the portal's
 * /api/metrics, lib/operations/metrics.ts) start a GC observer and an event-loop delay monitor on
 * those, and never stop them — right for a server, which starts them once. In a Jest process each
 * file started another, and the process-wide observer list then kept every finished file's context
 * alive, with every module it had loaded: the PGlite run grew by about 57 MB per file and ran out of
 * its heap near its end. The environment notes each one a file starts and stops it when the file ends,
 * so no test file has to remember them.
 *
 * The same holds for what server/preload.cjs installs when a file loads it: its request gate on
 * http.Server's prototype and its listeners on the process and its output streams. Left in place,
 * every later file's local HTTP server answered through that file's gate (a 2 MB test form was
 * refused as "Request too large.", depending only on which files ran first in the process).
 */
type Stoppable = { stop: () => void };

const { PerformanceObserver } = perfHooks;
const observe = PerformanceObserver.prototype.observe;
const monitorEventLoopDelay = perfHooks.monitorEventLoopDelay;
const serverEmit = http.Server.prototype.emit;

type Emitter = NodeJS.EventEmitter;
const watchedListeners: Array<[Emitter, string]> = [
  [process, "SIGTERM"],
  [process.stdout, "error"],
  [process.stderr, "error"],
];

export default class PortalTestEnvironment extends NodeEnvironment {
  private started: Stoppable[] = [];
  private listenersBefore: Array<Set<(...args: unknown[]) => void>> = [];

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
  }

  override async setup() {
    await super.setup();
    const started = this.started;
    this.listenersBefore = watchedListeners.map(([emitter, event]) => new Set(emitter.rawListeners(event) as Array<(...args: unknown[]) => void>));
    // Note: Jest runs one file at a time in a process, so the built-ins are patched for this file only.
    PerformanceObserver.prototype.observe = function (this: PerformanceObserver, ...options: Parameters<typeof observe>) {
      started.push({ stop: () => this.disconnect() });
      return observe.apply(this, options);
    };
    perfHooks.monitorEventLoopDelay = (...options: Parameters<typeof monitorEventLoopDelay>) => {
      const histogram = monitorEventLoopDelay(...options);
      started.push({ stop: () => histogram.disable() });
      return histogram;
    };
  }

  override async teardown() {
    PerformanceObserver.prototype.observe = observe;
    perfHooks.monitorEventLoopDelay = monitorEventLoopDelay;
    http.Server.prototype.emit = serverEmit;
    watchedListeners.forEach(([emitter, event], index) => {
      for (const listener of emitter.rawListeners(event) as Array<(...args: unknown[]) => void>) {
        if (!this.listenersBefore[index].has(listener)) emitter.removeListener(event, listener);
      }
    });
    for (const handle of this.started.splice(0)) handle.stop();
    await super.teardown();
  }
}
