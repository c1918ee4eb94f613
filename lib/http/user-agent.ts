import Bowser from "bowser";

export type DeviceDescription = { browser: string | null; system: string | null };

/** The browser and operating system a User-Agent names, as far as bowser (MIT) can tell. */
export function describeDevice(userAgent: string | null | undefined): DeviceDescription {
  if (!userAgent) return { browser: null, system: null };
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  return { browser: parsed.browser.name ?? null, system: parsed.os.name ?? null };
}
