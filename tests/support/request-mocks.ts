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
};

export const nextHeaders = {
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    set: (name: string, value: string) => {
      request.setCookies.set(name, value);
    },
    delete: () => {},
  }),
  headers: async () => request.headers,
};

export const nextServer = { after: () => {} };

/** The paths an action asked Next.js to render again, for a test to check. */
export const revalidated: string[] = [];
export const nextCache = { revalidatePath: (path: string) => void revalidated.push(path) };

function translations(namespace?: string) {
  const t = translatorFor("en", namespace);
  return Object.assign(t, { has: () => true, rich: t, markup: t, raw: t });
}

export const nextIntlServer = {
  getTranslations: async (namespace?: string) => translations(namespace),
  getLocale: async () => "en",
};
