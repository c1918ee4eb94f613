import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import ts from "typescript";
import { availableLocales, DEFAULT_LOCALE, messagesFor } from "@/lib/i18n/locales";

/**
 * Issue 18: every word a customer reads comes from a catalog. These checks fail when a key exists in
 * one language and not in another, when a translation drops or invents a placeholder, or when a
 * component renders a literal string that should have been translated.
 */
function flatten(messages: Record<string, unknown>, prefix = ""): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") flat.set(name, value);
    else for (const [inner, text] of flatten(value as Record<string, unknown>, name)) flat.set(inner, text);
  }
  return flat;
}

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }>; children?: Element[] };

/** The names of a message's arguments and tags ({minutes}, {count, plural, …}, <link>), from the ICU parser itself. */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const element of elements) {
      if (element.type === TYPE.tag) names.add(`<${element.value}>`);
      else if (element.type !== TYPE.literal && element.type !== TYPE.pound && element.value) names.add(`{${element.value}}`);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      walk(element.children ?? []);
    }
  };
  walk(parse(message) as unknown as Element[]);
  return [...names].sort();
}

describe("the catalogs (issue 18)", () => {
  const reference = flatten(messagesFor(DEFAULT_LOCALE));

  it("has English and Spanish at least", () => {
    expect(availableLocales()).toEqual(expect.arrayContaining(["en", "es"]));
  });

  it.each(availableLocales().filter((locale) => locale !== DEFAULT_LOCALE))("%s has exactly the keys English has", (locale) => {
    const catalog = flatten(messagesFor(locale));
    expect({ missing: [...reference.keys()].filter((key) => !catalog.has(key)) }).toEqual({ missing: [] });
    expect({ extra: [...catalog.keys()].filter((key) => !reference.has(key)) }).toEqual({ extra: [] });
  });

  it.each(availableLocales().filter((locale) => locale !== DEFAULT_LOCALE))("%s keeps every placeholder and tag of each English message", (locale) => {
    const catalog = flatten(messagesFor(locale));
    const different = [...reference].filter(([key, english]) => catalog.has(key) && placeholders(english).join() !== placeholders(catalog.get(key)!).join());
    expect(different.map(([key]) => key)).toEqual([]);
  });

  it.each(availableLocales().filter((locale) => locale !== DEFAULT_LOCALE))("%s is translated, not copied (a few words may be the same)", (locale) => {
    const catalog = flatten(messagesFor(locale));
    const same = [...reference].filter(([key, english]) => /\p{L}{4,}.*\s.*\p{L}{4,}/u.test(english) && catalog.get(key) === english);
    expect(same.map(([key]) => key)).toEqual([]);
  });
});

// Attributes that screen readers and browsers show as text.
const TEXT_ATTRIBUTES = new Set(["aria-label", "title", "placeholder", "alt", "label", "hint", "aria-description"]);
const LETTERS = /\p{L}{2,}/u;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith(".tsx") ? [full] : [];
  });
}

/** Literal text a component renders: JSX text, text attributes, and string literals placed in JSX. */
function literalsIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && LETTERS.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer) && TEXT_ATTRIBUTES.has(node.name.getText()) && LETTERS.test(node.initializer.text)) {
      found.push(`${node.name.getText()}="${node.initializer.text}"`);
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression) && LETTERS.test(node.expression.text)) found.push(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((text) => `${path.relative(process.cwd(), file)}: ${text}`);
}

describe("components render no literal text (issue 18)", () => {
  it("notices literal text, text attributes and string literals in JSX", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "literals-"));
    const file = path.join(directory, "example.tsx");
    writeFileSync(file, 'export const A = () => <p aria-label="Close it" className="x">Hello there {"and more"} {" · "} {t("key")}</p>;');
    try {
      expect(literalsIn(file).map((line) => line.split(": ")[1])).toEqual(['aria-label="Close it"', "Hello there", "and more"]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("finds none in app/, components/ and emails/", () => {
    const files = ["app", "components", "emails"].flatMap((directory) => sourceFiles(path.join(process.cwd(), directory)));
    expect(files.flatMap(literalsIn)).toEqual([]);
  });
});
