import { _createCache, _createIntlFormatters, createTranslator, initializeConfig } from "use-intl/core";
import { MOST_PARSED_MESSAGE_CACHES, parsedMessagesFor } from "@/lib/i18n/parsed-messages";

/** Issue 25: parsed messages are kept for the process, per language and zone, and stay bounded. */

const spaced = (text: string) => text.replace(/\s/g, " ");
const messages = { kb: { count: "{count, plural, one {# article} other {# articles}}", at: "Updated {when, time, short}" } };

/** A translator built the way next-intl's getConfig builds one for a request: its formatters are the request's own. */
function requestTranslator(locale: string, timeZone: string) {
  const config = initializeConfig({ locale, messages, timeZone, _cache: parsedMessagesFor(locale, timeZone) } as Parameters<typeof initializeConfig>[0]);
  return createTranslator({ ...config, _formatters: _createIntlFormatters(_createCache()), namespace: "kb" } as never) as unknown as (key: string, values?: Record<string, unknown>) => string;
}

describe("parsed messages kept for the process (issue 25)", () => {
  it("parses a message once for every request in the same language and zone", () => {
    const cache = parsedMessagesFor("en", "America/Chicago");
    const before = Object.keys(cache.message).length;
    expect(requestTranslator("en", "America/Chicago")("count", { count: 3 })).toBe("3 articles");
    const parsed = Object.keys(cache.message).length;
    expect(parsed).toBe(before + 1);
    // A later request's translator finds it parsed, and formats its own values.
    expect(requestTranslator("en", "America/Chicago")("count", { count: 1 })).toBe("1 article");
    expect(Object.keys(cache.message).length).toBe(parsed);
  });

  it("writes each reader's zone: a zone has its own parsed messages", () => {
    const instant = new Date("2026-12-07T01:47:00Z");
    expect(spaced(requestTranslator("en", "America/Chicago")("at", { when: instant }))).toBe("Updated 7:47 PM");
    expect(spaced(requestTranslator("en", "UTC")("at", { when: instant }))).toBe("Updated 1:47 AM");
    expect(spaced(requestTranslator("en", "America/Chicago")("at", { when: instant }))).toBe("Updated 7:47 PM");
    expect(parsedMessagesFor("en", "UTC")).not.toBe(parsedMessagesFor("en", "America/Chicago"));
    expect(parsedMessagesFor("es", "UTC")).not.toBe(parsedMessagesFor("en", "UTC"));
  });

  it("keeps at most a fixed number of caches, dropping the least recently used, whatever zones the cookies name", () => {
    const kept = parsedMessagesFor("en", "Europe/Madrid");
    const first = parsedMessagesFor("en", "zone-0");
    for (let i = 1; i < 3 * MOST_PARSED_MESSAGE_CACHES; i += 1) {
      parsedMessagesFor("en", `zone-${i}`);
      // Used on every request, so never the least recently used.
      expect(parsedMessagesFor("en", "Europe/Madrid")).toBe(kept);
    }
    expect(parsedMessagesFor("en", "zone-0")).not.toBe(first);
  });
});
