import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { reloadConfig } from "@/lib/config";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { availableLocales, translatorFor } from "@/lib/i18n/locales";
import { sendContactMessage } from "@/lib/support/contact";
import { createCase } from "@/lib/support/cases";
import { saveCannedReply } from "@/lib/support/canned-replies";
import { ENGLISH_LETTERS, PSEUDO_LOCALE, writePseudoLanguage } from "../fixtures/locales/pseudo-language";
import { openBrowser } from "./support/browser";
import { signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 24: a language is a folder. The production build, started with a third (pseudo) language in
 * a folder outside locales/ (EXTRA_LOCALES_DIR), shows every screen in it: <html lang> is that
 * language's, and no English letter is left on the page — text, title, labels and placeholders —
 * except what is not the portal's to translate (names, addresses and text people typed, exact
 * times and lists, which the runtime formats, and other languages' own names). A missing key would show its
 * English path. The pages are read as the server rendered them (no JavaScript).
 */
const customer = { username: "pseudo.customer", email: "pseudo.customer@example.test", name: "Ƥšéúđó Çúšţóɱéŕ", password: "pseudo lantern orchard ridge" };
const admin = { username: "pseudo.admin", email: "pseudo.admin@example.test", name: "Ƥšéúđó Áđɱíñ", password: "pseudo admin lantern orchard" };
const caseSubject = "Ɱý ɱéţéŕ ŕéáđíñĝ";
let customerId = "";
let caseId = 0;
let directory = "";
let portal: Portal;
const t = () => words(PSEUDO_LOCALE);

type Reader = "visitor" | "customer" | "admin";
/** How to reach a route's screen: its path, or the list page that links to one (for a route with an id). */
type Visit = ({ path: string | (() => string) } | { linkedFrom: string; link: RegExp }) & { reader: Reader; developmentOnly?: true };

/** Every page route of app/, and how to show it. A new page fails the first test until it is listed. */
const screens: Record<string, Visit> = {
  "/": { reader: "visitor", path: "/" },
  "/signin": { reader: "visitor", path: "/signin" },
  "/signin/two-step": { reader: "visitor", path: "/signin/two-step" },
  "/signin/two-step/staff": { reader: "visitor", path: "/signin/two-step/staff" },
  "/signin/continue": { reader: "visitor", path: "/signin/continue" },
  "/signin/confirm-email": { reader: "visitor", path: "/signin/confirm-email" },
  "/register": { reader: "visitor", path: "/register" },
  "/register/invitation": { reader: "visitor", path: "/register/invitation" },
  "/register/sent": { reader: "visitor", path: "/register/sent" },
  "/register/done": { reader: "visitor", path: "/register/done" },
  "/register/confirm": { reader: "visitor", path: "/register/confirm" },
  "/forgot-password": { reader: "visitor", path: "/forgot-password" },
  "/forgot-password/sent": { reader: "visitor", path: "/forgot-password/sent" },
  "/reset-password": { reader: "visitor", path: "/reset-password" },
  "/reset-password/done": { reader: "visitor", path: "/reset-password/done" },
  "/confirm-email": { reader: "visitor", path: "/confirm-email" },
  "/email-change/confirm": { reader: "visitor", path: "/email-change/confirm" },
  "/email-change/not-me": { reader: "visitor", path: "/email-change/not-me" },
  "/not-me": { reader: "visitor", path: "/not-me" },
  "/contact": { reader: "visitor", path: "/contact" },
  "/files-too-large": { reader: "visitor", path: "/files-too-large" },
  "/search": { reader: "visitor", path: `/search?q=${encodeURIComponent("ƥáššŵóŕđ")}` },
  "/knowledge-base": { reader: "visitor", path: "/knowledge-base" },
  "/knowledge-base/[slug]": { reader: "visitor", linkedFrom: "/knowledge-base", link: /^\/knowledge-base\/[^/?]+$/ },
  // Development only: the production build answers 404.
  "/dev/mailbox": { reader: "visitor", path: "/dev/mailbox", developmentOnly: true },
  "/account": { reader: "customer", path: "/account" },
  "/account/email": { reader: "customer", path: "/account/email" },
  "/account/two-step/authenticator": { reader: "customer", path: "/account/two-step/authenticator" },
  "/account/two-step/email": { reader: "customer", path: "/account/two-step/email" },
  "/account/two-step/recovery-codes": { reader: "customer", path: "/account/two-step/recovery-codes" },
  "/support/cases": { reader: "customer", path: "/support/cases" },
  "/support/cases/new": { reader: "customer", path: "/support/cases/new" },
  "/support/cases/[id]": { reader: "customer", path: () => `/support/cases/${caseId}` },
  "/staff": { reader: "admin", path: "/staff" },
  "/staff/cases": { reader: "admin", path: "/staff/cases" },
  "/staff/cases/[id]": { reader: "admin", path: () => `/staff/cases/${caseId}` },
  "/staff/contact": { reader: "admin", path: "/staff/contact" },
  "/staff/contact/[id]": { reader: "admin", linkedFrom: "/staff/contact", link: /^\/staff\/contact\/\d+$/ },
  "/staff/customers": { reader: "admin", path: "/staff/customers" },
  "/staff/customers/[id]": { reader: "admin", path: () => `/staff/customers/${customerId}` },
  "/staff/health": { reader: "admin", path: "/staff/health" },
  "/staff/inbound": { reader: "admin", path: "/staff/inbound" },
  "/staff/knowledge-base": { reader: "admin", path: "/staff/knowledge-base" },
  "/staff/knowledge-base/new": { reader: "admin", path: "/staff/knowledge-base/new" },
  "/staff/knowledge-base/[id]": { reader: "admin", linkedFrom: "/staff/knowledge-base", link: /^\/staff\/knowledge-base\/\d+$/ },
  "/staff/canned-replies": { reader: "admin", path: "/staff/canned-replies" },
  "/staff/canned-replies/[id]": { reader: "admin", linkedFrom: "/staff/canned-replies", link: /^\/staff\/canned-replies\/\d+$/ },
  // A staff address no screen has: "Page not found" inside the staff layout.
  "/staff/[...missing]": { reader: "admin", path: "/staff/no-such-screen" },
};

function pageRoutes(directory = path.join(process.cwd(), "app"), route = ""): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === "api" ? [] : pageRoutes(path.join(directory, entry.name), `${route}/${entry.name}`);
    return entry.name === "page.tsx" ? [route || "/"] : [];
  });
}

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "portal-pseudo-language-"));
  writePseudoLanguage(directory);
  // This process finds things on the page by the pseudo-language's words, so it reads the folder too.
  process.env.EXTRA_LOCALES_DIR = directory;
  reloadConfig();
  portal = await startPortal([customer, admin], { EXTRA_LOCALES_DIR: directory }, {
    roles: { [admin.username]: "admin" },
    seed: async () => {
      const owner = (await findCustomerByLogin(customer.username))!;
      const staff = (await findCustomerByLogin(admin.username))!;
      customerId = owner.id;
      caseId = (await createCase(owner, { subject: caseSubject, category: "question", description: "Ţĥé ŕéáđíñĝ óñ ɱý ĺášţ ƀíĺĺ ĺóóķš đóúƀĺéđ." }, PSEUDO_LOCALE)).id;
      await sendContactMessage({ name: "Ṽíšíţóŕ", email: "visitor@example.test", message: "Çáñ Í ĝéţ ɱý ƀíĺĺš óñ ƥáƥéŕ áĝáíñ?" }, { ip: "203.0.113.9", userAgent: null }, null, PSEUDO_LOCALE);
      await saveCannedReply({ ...staff, role: "admin" }, null, { locale: PSEUDO_LOCALE, title: "Ŕéáđíñĝš", body: "Ţĥáñķ ýóú ƒóŕ ŵŕíţíñĝ." }, { actorId: staff.id });
    },
  });
});

afterAll(async () => {
  await portal?.stop();
  delete process.env.EXTRA_LOCALES_DIR;
  reloadConfig();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

/** Signs in through the pseudo-language's own sign-in form; staff take the mailed second step. */
async function signInAs(page: Page, person: { username: string; email: string; password: string }) {
  await page.goto(`${portal.baseUrl}/signin`);
  const before = portal.receiver.messages.length;
  await signIn(page, person.username, person.password, { locale: PSEUDO_LOCALE });
  await page.waitForURL((url) => url.pathname !== "/signin");
  if (new URL(page.url()).pathname !== "/signin/two-step") return;
  const mail = await portal.receiver.waitFor((m) => m.envelopeTo.includes(person.email) && portal.receiver.messages.indexOf(m) >= before && /\b\d{6}\b/.test(m.text ?? ""));
  await page.getByLabel(t()("twoStep.codeLabel"), { exact: true }).fill(mail.text!.match(/\b(\d{6})\b/)![1]);
  await page.getByRole("button", { name: t()("twoStep.verify") }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/**
 * Names, addresses and text people typed, shown as given in any language: the seeded accounts, the
 * Knowledge Base's first articles (written in English and Spanish; a language without its own
 * shows them in English, with a note), and other languages' own names (the language choices).
 */
function givenStrings(): string[] {
  const people = [customer, admin].flatMap((person) => [person.username, person.email, person.name]);
  const articles = readdirSync(path.join(process.cwd(), "content", "knowledge-base"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .flatMap((file) => {
      const frontMatter = readFileSync(path.join(process.cwd(), "content", "knowledge-base", file), "utf8").split("---")[1] ?? "";
      return frontMatter.split("\n").flatMap((line) => (/^(title|category|summary):/.test(line) ? [line.replace(/^\w+:\s*/, "").trim()] : []));
    });
  const languageNames = availableLocales()
    .filter((locale) => locale !== PSEUDO_LOCALE)
    .map((locale) => translatorFor(locale, "shell")("languageName"));
  return [...people, ...articles, ...languageNames, "visitor@example.test", "support@example.test", "example.test", "Alliant Power"].sort((a, b) => b.length - a.length);
}

/**
 * What the runtime writes: Intl knows no pseudo-language, so dates, day periods, relative times,
 * country and time zone names come out in its fallback, English. A real language's come out in it.
 */
function runtimeWords(): Set<string> {
  const written: string[] = ["UTC", "GMT"];
  const dates = Array.from({ length: 12 }, (_, month) => new Date(Date.UTC(2026, month, 6 + month, 9 + month)));
  for (const date of dates) {
    for (const options of [{ month: "short" }, { month: "long" }, { weekday: "short" }, { weekday: "long" }, { hour: "numeric", timeZoneName: "short" }] as const) {
      written.push(new Intl.DateTimeFormat("en-US", options).format(date));
    }
  }
  // The joining word of the kinds of file taken ("images, PDF, or CSV") is the runtime's too.
  written.push(new Intl.ListFormat("en-US", { type: "disjunction" }).format(["a", "b", "c"]));
  const relative = new Intl.RelativeTimeFormat("en-US", { numeric: "auto" });
  for (const unit of ["year", "month", "week", "day", "hour", "minute", "second"] as const) for (const value of [-2, -1, 0, 1, 2]) written.push(relative.format(value, unit));
  const regions = new Intl.DisplayNames(["en-US"], { type: "region" });
  for (const first of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") for (const second of "ABCDEFGHIJKLMNOPQRSTUVWXYZ") written.push(regions.of(`${first}${second}`) ?? "");
  written.push(...Intl.supportedValuesOf("timeZone"));
  const languages = new Intl.DisplayNames(["en-US"], { type: "language" });
  written.push(...availableLocales().map((locale) => languages.of(locale) ?? locale));
  return new Set(written.flatMap((text) => text.match(ENGLISH_LETTERS) ?? []));
}

/** The English letters left on the page as the server rendered it. */
async function englishOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    // Exact and relative times are the runtime's formatting (Intl knows no pseudo-language); a part
    // marked with another language (the switcher's "English", an untranslated article) is that language's.
    for (const element of document.querySelectorAll("time, script, style, template, [lang]:not(html)")) {
      if (element.getAttribute("lang") !== "xx") element.remove();
    }
    const attributes = [...document.querySelectorAll("[aria-label], [placeholder], [title], [alt]")].flatMap((element) =>
      ["aria-label", "placeholder", "title", "alt"].map((name) => element.getAttribute(name) ?? ""),
    );
    return [document.title, document.body.innerText, ...attributes].join("\n");
  });
  let rest = text;
  for (const value of givenStrings()) rest = rest.split(value).join(" ");
  rest = rest.replace(/\b(https?|mailto):\S+/g, " ");
  const runtime = runtimeWords();
  // Whole words only: the browser a sign-in came from, named by its user agent ("Chrome" on "Linux"), and languages' codes.
  const names = new Set(["Chrome", "Linux", ...availableLocales()]);
  return [...new Set(rest.match(ENGLISH_LETTERS) ?? [])].filter((word) => !runtime.has(word) && !names.has(word));
}

/** A browser that asks for English but chose the pseudo-language with the switcher's cookie, signed in as `reader`. */
async function readerBrowser(reader: Reader): Promise<BrowserContext & { dispose: () => Promise<void> }> {
  const browser = await openBrowser({ javaScriptEnabled: false, locale: "en-US" });
  try {
    browser.setDefaultTimeout(15_000);
    await browser.addCookies([{ name: "portal.locale", value: PSEUDO_LOCALE, url: portal.baseUrl }]);
    if (reader === "customer") await signInAs(browser.pages()[0], customer);
    if (reader === "admin") await signInAs(browser.pages()[0], admin);
    return browser;
  } catch (error) {
    await browser.dispose();
    throw error;
  }
}

async function pathOf(page: Page, visit: Visit): Promise<string> {
  if ("path" in visit) return typeof visit.path === "function" ? visit.path() : visit.path;
  await page.goto(`${portal.baseUrl}${visit.linkedFrom}`);
  const links = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((anchor) => new URL((anchor as HTMLAnchorElement).href).pathname));
  const found = links.find((link) => visit.link.test(link));
  if (!found) throw new Error(`${visit.linkedFrom} links to nothing like ${visit.link}`);
  return found;
}

describe("a third language added as a folder, in the production build", () => {
  it("knows how to show every page route", () => {
    expect(pageRoutes().sort()).toEqual(Object.keys(screens).sort());
  });

  it.each([
    ["a visitor", "visitor"],
    ["a customer", "customer"],
    ["an admin", "admin"],
  ] as const)("shows every screen %s sees in it, with no English left and no missing key", async (_who, reader) => {
    const browser = await readerBrowser(reader);
    try {
      const page = browser.pages()[0];
      const found: Record<string, { lang: string | null; english: string[]; status: number; address: string }> = {};
      for (const [route, visit] of Object.entries(screens).filter(([, visit]) => visit.reader === reader)) {
        const response = await page.goto(`${portal.baseUrl}${await pathOf(page, visit)}`);
        if (visit.developmentOnly) {
          expect({ route, status: response?.status() }).toEqual({ route, status: 404 });
          continue;
        }
        found[route] = { lang: await page.locator("html").getAttribute("lang"), english: await englishOn(page), status: response?.status() ?? 0, address: new URL(page.url()).pathname };
      }
      if (reader === "visitor") {
        const response = await page.goto(`${portal.baseUrl}/no-such-page`);
        found["not found"] = { lang: await page.locator("html").getAttribute("lang"), english: await englishOn(page), status: response?.status() ?? 0, address: "/no-such-page" };
      }
      // Only the screens that fail, each with what is wrong.
      expect(Object.fromEntries(Object.entries(found).filter(([, screen]) => screen.lang !== PSEUDO_LOCALE || screen.english.length > 0))).toEqual({});
    } finally {
      await browser.dispose();
    }
  });
});
