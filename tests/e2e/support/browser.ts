import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

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

/** A fresh browser profile: nothing carried over between contexts. */
export async function openBrowser(options: BrowserOptions = {}): Promise<BrowserContext & { dispose: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), "portal-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? "en-US",
    timezoneId: options.timezoneId,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return Object.assign(context, {
    dispose: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
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
