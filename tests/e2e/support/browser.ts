import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page } from "playwright-core";

/** Debian's Chromium (see the stack notes); CHROMIUM_PATH points elsewhere. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      "No Chromium found for the end-to-end tests. Install Debian's: `apt-get update && apt-get install -y chromium`, or set CHROMIUM_PATH.",
    );
  }
  return found;
}

/** `locale` sets the browser's language (its Accept-Language header), e.g. "es-ES"; `timezoneId` its time zone. */
export type BrowserOptions = { javaScriptEnabled?: boolean; width?: number; height?: number; locale?: string; timezoneId?: string };

const launchOptions = () => ({
  executablePath: chromiumPath(),
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// Issue 24: starting Chromium cost 2–4 s of a loaded machine per browser (several a test); a new
// context of a running Chromium costs a fraction of it and shares nothing with another context
// (cookies, storage, cache, permissions), so each test still gets a fresh browser. One Chromium
// serves the whole browser run: Jest's global setup starts it (startRunChromium) and leaves its
// address in the environment, each test file connects to it and disconnects after its last test,
// and the global teardown closes it. Where no global setup started one (the attack suite), a test
// file starts its own. Outside Jest — npm run screenshots uses these helpers — there is no
// afterAll: each browser starts and closes its own Chromium.
const RUN_CHROMIUM = "PORTAL_E2E_CHROMIUM";
const RUN_SERVER = Symbol.for("portal.e2eChromium");
type WithRunServer = { [RUN_SERVER]?: BrowserServer };

/** Jest's global setup: one Chromium for every test file of the run. */
export async function startRunChromium() {
  const server = await chromium.launchServer(launchOptions());
  (globalThis as WithRunServer)[RUN_SERVER] = server;
  process.env[RUN_CHROMIUM] = server.wsEndpoint();
}

/** Jest's global teardown: closes what startRunChromium started; a second call does nothing. */
export async function stopRunChromium() {
  const server = (globalThis as WithRunServer)[RUN_SERVER];
  delete (globalThis as WithRunServer)[RUN_SERVER];
  delete process.env[RUN_CHROMIUM];
  await server?.close();
}

let running: Promise<Browser> | undefined;
const inJest = typeof afterAll === "function";
if (inJest) {
  afterAll(async () => {
    const browser = running;
    running = undefined;
    // Disconnects from the run's Chromium (closing this file's contexts), or closes the file's own.
    await (await browser?.catch(() => undefined))?.close();
  });
}

function chromiumForThisFile(): Promise<Browser> {
  if (!running) {
    const endpoint = process.env[RUN_CHROMIUM];
    const starting = endpoint ? chromium.connect(endpoint) : chromium.launch(launchOptions());
    running = starting;
    // A failed start, or a Chromium that went away, is not handed to the next test.
    starting.then(
      (browser) => browser.on("disconnected", () => running === starting && (running = undefined)),
      () => running === starting && (running = undefined),
    );
  }
  return running;
}

/** A fresh browser (a context of its own, with one page open): nothing carried over between them. */
export async function openBrowser(options: BrowserOptions = {}): Promise<BrowserContext & { dispose: () => Promise<void> }> {
  const chromiumProcess = inJest ? await chromiumForThisFile() : await chromium.launch(launchOptions());
  const context = await chromiumProcess.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? "en-US",
    timezoneId: options.timezoneId,
  });
  await context.newPage();
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      if (!inJest) await chromiumProcess.close();
    },
  });
}

/** A fresh browser for the length of one test: `test` gets its first page; the browser is always closed. */
export async function withBrowser<T>(options: BrowserOptions, test: (page: Page, browser: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await openBrowser(options);
  browser.setDefaultTimeout(15_000);
  try {
    return await test(browser.pages()[0], browser);
  } finally {
    await browser.dispose();
  }
}
