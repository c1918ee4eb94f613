import { translatorFor } from "@/lib/i18n/locales";

/**
 * Next.js's request modules for Jest, so server actions and the staff checks can be called as a
 * request would call them. A test file mocks them with:
 *
 *   jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
 *   jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
 *   jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
 *   jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);
 *
 * and chooses who is asking with actAs() (tests/support/server-actions.ts). This module imports
 * nothing that uses those modules, so the mocks can load it.
 */
export const request = {
  cookies: new Map<string, string>(),
  headers: new Headers({ "user-agent": "jest" }),
  /** What the response set (name → value), for a test to read or send back as the next request's cookies. */
  setCookies: new Map<string, string>(),
  /** The visitor's language (getLocale and getTranslations answer in it). */
  locale: "en",
};

export const nextHeaders = {
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    // Cookies the code sets are recorded (setCookies) and sent with the next requests, as a browser
    // would (an empty value or a Max-Age of 0 removes one): tests follow one browser through several requests.
    set: (name: string | { name: string; value: string; maxAge?: number }, value?: string, options?: { maxAge?: number }) => {
      const cookie = typeof name === "string" ? { name, value: value ?? "", maxAge: options?.maxAge } : name;
      request.setCookies.set(cookie.name, cookie.value);
      if (!cookie.value || cookie.maxAge === 0) request.cookies.delete(cookie.name);
      else request.cookies.set(cookie.name, cookie.value);
    },
    delete: (name: string) => {
      request.setCookies.set(name, "");
      request.cookies.delete(name);
    },
  }),
  headers: async () => request.headers,
};

export const nextServer = { after: () => {} };

/** The paths an action asked Next.js to render again, for a test to check. */
export const revalidated: string[] = [];
export const nextCache = { revalidatePath: (path: string) => void revalidated.push(path) };

function translations(namespace?: string) {
  const t = translatorFor(request.locale, namespace);
  return Object.assign(t, { has: () => true, rich: t, markup: t, raw: t });
}

export const nextIntlServer = {
  getTranslations: async (namespace?: string) => translations(namespace),
  getLocale: async () => request.locale,
};
