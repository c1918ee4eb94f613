import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import ts from "typescript";
import { CLIENT_MESSAGES, compileClientMessages, pickClientMessages, type ClientMessagesOf } from "@/lib/i18n/client-namespaces";
import { clientTranslator, type CompiledMessages } from "@/lib/i18n/client-translations";
import { availableLocales, messagesFor } from "@/lib/i18n/locales";

/**
 * Issue 25: each route sends the browser only the messages its client components use
 * (lib/i18n/client-namespaces.ts). These checks read the code the way the bundler does: from each
 * page, error page and layout through its imports to every client component it renders, and every
 * message those components ask for (`useTranslations("…")` and its `t("…")`) must be in the list
 * the route's layout sends, in every language. A message left out would show as its key.
 */
const ROOT = process.cwd();
const APP = path.join(ROOT, "app");

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : undefined;
  if (!base) return undefined;
  return [base, `${base}.tsx`, `${base}.ts`, path.join(base, "index.tsx"), path.join(base, "index.ts")].find((file) => existsSync(file) && statSync(file).isFile());
}

type Source = { file: string; client: boolean; imports: string[]; asks: Array<{ namespace: string; key: string; exact: boolean }> };

const sources = new Map<string, Source>();

/** A module's imports, whether it declares "use client", and the messages its translators ask for. */
function read(file: string): Source {
  const known = sources.get(file);
  if (known) return known;
  const text = readFileSync(file, "utf8");
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const first = tree.statements[0];
  const client = !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === "use client";
  const imports: string[] = [];
  const translators = new Map<string, string>();
  const asks: Source["asks"] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!(ts.isImportDeclaration(node) && node.importClause?.isTypeOnly)) imports.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) imports.push(node.arguments[0].text);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer)) {
      const call = node.initializer;
      if (ts.isIdentifier(call.expression) && call.expression.text === "useTranslations") {
        const [namespace] = call.arguments;
        translators.set(node.name.text, namespace && ts.isStringLiteral(namespace) ? namespace.text : "");
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
      const [key] = node.arguments;
      if (name !== undefined && translators.has(name) && key) {
        const namespace = translators.get(name)!;
        if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) asks.push({ namespace, key: key.text, exact: true });
        // A key made at run time (`problems.${name}`): the part before the first substitution must be sent whole.
        else if (ts.isTemplateExpression(key)) asks.push({ namespace, key: key.head.text.replace(/\.$/, ""), exact: false });
        else asks.push({ namespace, key: "", exact: false });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  const source: Source = { file, client, imports: imports.map((specifier) => resolveImport(file, specifier)).filter((resolved): resolved is string => !!resolved), asks };
  sources.set(file, source);
  return source;
}

/** Every message the client components an entry file renders ask for, with the file that asks. */
function clientAsks(entry: string) {
  const found: Array<{ file: string; message: string; exact: boolean }> = [];
  const seen = new Set<string>();
  const walk = (file: string, inClient: boolean) => {
    const source = read(file);
    const client = inClient || source.client;
    const mark = `${file}:${client}`;
    if (seen.has(mark)) return;
    seen.add(mark);
    if (client) for (const ask of source.asks) found.push({ file: path.relative(ROOT, file), message: [ask.namespace, ask.key].filter(Boolean).join("."), exact: ask.exact });
    for (const imported of source.imports) walk(imported, client);
  };
  walk(entry, false);
  return found;
}

/** The list the nearest layout above a file sends (the root layout sends the shell's). */
function providerOf(file: string): ClientMessagesOf {
  for (let directory = path.dirname(file); directory.startsWith(APP); directory = path.dirname(directory)) {
    const layout = path.join(directory, "layout.tsx");
    const of = existsSync(layout) ? /<ClientMessages of="(\w+)"/.exec(readFileSync(layout, "utf8"))?.[1] : undefined;
    if (of) return of as ClientMessagesOf;
  }
  throw new Error(`no layout above ${file} sends client messages`);
}

function valueAt(messages: Record<string, unknown>, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), messages);
}

// global-error.tsx renders its own document, outside every layout, with words of its own.
const entries = filesUnder(APP).filter((file) => /(?:^|\/)(page|layout|error|not-found)\.tsx$/.test(file));

describe("the messages each route sends to the browser (issue 25)", () => {
  it("finds the client components' messages (the check reads real code)", () => {
    const signIn = clientAsks(path.join(APP, "signin", "page.tsx")).map((ask) => ask.message);
    expect(signIn).toEqual(expect.arrayContaining(["signIn.username", "fields.show", "twoStep.passkey.signIn"]));
  });

  it.each(entries.map((file) => [path.relative(ROOT, file), file]))("%s: every message its client components use is sent, in every language", (_name, file) => {
    const of = providerOf(file);
    const sent = CLIENT_MESSAGES[of] as readonly string[];
    const asks = clientAsks(file);
    // A key made at run time counts as sent only when the whole part it is looked up in is sent.
    const notSent = asks.filter(({ message }) => !sent.some((entry) => message === entry || message.startsWith(`${entry}.`)));
    expect({ of, notSent }).toEqual({ of, notSent: [] });
    for (const locale of availableLocales()) {
      const picked = pickClientMessages(messagesFor(locale), sent);
      const missing = asks.filter(({ message }) => valueAt(picked, message) === undefined).map(({ file: asker, message }) => `${asker}: ${message}`);
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it("sends a page without forms of its own only the shell's messages", () => {
    const shell = JSON.stringify(pickClientMessages(messagesFor("en"), CLIENT_MESSAGES.shell)).length;
    const everything = JSON.stringify(messagesFor("en")).length;
    expect(shell).toBeLessThan(everything / 20);
  });

  it("keeps a picked entry in the catalog's shape", () => {
    const messages = { a: { b: { c: "one", d: "two" }, e: "three" }, f: "four" };
    expect(pickClientMessages(messages, ["a.b.c", "a.e", "missing.key"])).toEqual({ a: { b: { c: "one" }, e: "three" } });
  });

  it("words every message in the browser as the server's next-intl does, in every language, for each count and choice", () => {
    // The browser gets the messages compiled and formats them without an ICU parser
    // (lib/i18n/client-translations.tsx): the words must be the same as next-intl's.
    const sentPaths = new Set<string>();
    const pathsIn = (messages: unknown, prefix: string): string[] =>
      typeof messages === "string" ? [prefix] : Object.entries(messages as Record<string, unknown>).flatMap(([key, value]) => pathsIn(value, prefix ? `${prefix}.${key}` : key));
    for (const locale of availableLocales()) {
      const raw = pickClientMessages(messagesFor(locale), [...new Set(Object.values(CLIENT_MESSAGES).flat())]);
      const compiled = compileClientMessages(raw);
      const server = createTranslator({ locale, messages: raw, timeZone: "UTC" });
      const browser = clientTranslator({ locale, messages: compiled });
      for (const dotted of pathsIn(raw, "")) {
        sentPaths.add(dotted);
        const { args, tags, choices } = partsOf(valueAt(compiled, dotted));
        const tried = [0, 1, 2, 7, ...choices].map((value) => {
          const values: Record<string, string | number | ((chunks: unknown) => string)> = {};
          for (const name of args) values[name] = value;
          for (const name of tags) values[name] = (chunks) => `<${name}>${[chunks].flat().join("")}</${name}>`;
          return { dotted, value, server: (server.markup as (key: string, values: unknown) => string)(dotted, values), browser: browser.rich(dotted, values as never) };
        });
        for (const { server: expected, ...rest } of tried) expect(rest).toEqual({ dotted: rest.dotted, value: rest.value, browser: expected });
      }
    }
    // React passes only plain objects and arrays to a client component.
    const notPlain = (value: unknown): boolean =>
      value !== null && typeof value === "object" && (Array.isArray(value) ? value.some(notPlain) : Object.getPrototypeOf(value) !== Object.prototype || Object.values(value).some(notPlain));
    expect(availableLocales().filter((locale) => notPlain(compileClientMessages(pickClientMessages(messagesFor(locale), [...new Set(Object.values(CLIENT_MESSAGES).flat())]))))).toEqual([]);
    // A plural and a rich message are among them.
    expect([...sentPaths]).toEqual(expect.arrayContaining(["forgotPassword.sentExplanation", "registration.terms"]));
  });
});

/** A compiled message's argument names, tag names, and the choices of its selects. */
function partsOf(message: unknown, found = { args: new Set<string>(), tags: new Set<string>(), choices: new Set<string>() }) {
  if (!Array.isArray(message)) return { args: [...found.args], tags: [...found.tags], choices: [...found.choices] };
  for (const node of message as unknown[]) {
    if (!Array.isArray(node)) continue;
    const [name, kind, ...rest] = node as [string, unknown, ...unknown[]];
    if (node.length === 1 || (typeof kind === "number" && kind > 0)) {
      found.args.add(name);
      if (kind === 1 || kind === 2) for (const [choice, branch] of Object.entries(rest[0] as CompiledMessages)) {
        if (kind === 1) found.choices.add(choice);
        partsOf([branch].flat(), found);
      }
    } else {
      found.tags.add(name);
      partsOf([kind, ...rest], found);
    }
  }
  return { args: [...found.args], tags: [...found.tags], choices: [...found.choices] };
}
