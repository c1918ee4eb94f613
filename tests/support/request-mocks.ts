import { translatorFor } from "@/lib/i18n/locales";

/**
 * Next.js's request modules for Jest, so server actions and the staff checks can be called as a
 * request would call them. A test file mocks them with:
 *
 *   jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
 *   jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
 *   jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
 *
 * and chooses who is asking with actAs() (tests/support/server-actions.ts). This module imports
 * nothing that uses those modules, so the mocks can load it.
 */
export const request = { cookies: new Map<string, string>(), headers: new Headers({ "user-agent": "jest" }) };

export const nextHeaders = {
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    // Cookies the code sets are sent with the next requests, as a browser would (an empty value or
    // a Max-Age of 0 removes one): the two-step tests follow one browser through several requests.
    set: (name: string | { name: string; value: string; maxAge?: number }, value?: string, options?: { maxAge?: number }) => {
      const cookie = typeof name === "string" ? { name, value: value ?? "", maxAge: options?.maxAge } : name;
      if (!cookie.value || cookie.maxAge === 0) request.cookies.delete(cookie.name);
      else request.cookies.set(cookie.name, cookie.value);
    },
    delete: (name: string) => {
      request.cookies.delete(name);
    },
  }),
  headers: async () => request.headers,
};

export const nextServer = { after: () => {} };

function translations(namespace?: string) {
  const t = translatorFor("en", namespace);
  return Object.assign(t, { has: () => true, rich: t, markup: t, raw: t });
}

export const nextIntlServer = {
  getTranslations: async (namespace?: string) => translations(namespace),
  getLocale: async () => "en",
};
