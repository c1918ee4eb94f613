import Bowser from "bowser";

export type DeviceDescription = { browser: string | null; system: string | null };

/** The browser and operating system a User-Agent names, as far as bowser (MIT) can tell. */
export function describeDevice(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: null, system: null };
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  return { browser: parsed.browser.name ?? null, system: parsed.os.name ?? null };
}

/** "Chrome on Windows": enough for a customer to recognise a device. */
export function describeBrowser(userAgent: string | null | undefined): string {
  const { browser, system } = describeDevice(userAgent);
  return `${browser ?? "an unknown browser"} on ${system ?? "an unknown system"}`;
}
