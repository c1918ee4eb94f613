import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FunctionComponent } from "react";
import type { EmailBranding } from "@/emails/_components/email-layout";
import type { EmailText } from "@/emails/_components/email-text";
import { securityAlertKinds, securityAlertPreviewProps } from "@/emails/_components/security-alert-preview";
import SecurityAlertEmail from "@/emails/security-alert";
import { config, reloadConfig } from "@/lib/config";
import { availableLocales } from "@/lib/i18n/locales";
import { renderEmail } from "@/lib/mail/render";
import { emailTemplates } from "@/scripts/email-preview-files";
import { ENGLISH_LETTERS, PSEUDO_LOCALE, writePseudoLanguage } from "@/tests/fixtures/locales/pseudo-language";

type Props = Record<string, unknown> & { branding: EmailBranding; t: EmailText };
type Template = FunctionComponent<Props> & { PreviewProps: Props };

/**
 * Issue 24: a language is a folder. A third language, added only as a folder outside locales/
 * (EXTRA_LOCALES_DIR), gets every mail in its own words through the outbox's own renderer: no
 * English left but the made-up data the mail carries, and no missing key (next-intl would show the
 * key's path, which is English letters).
 */
let directory = "";
const brand = process.env.PORTAL_NAME;
beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "portal-pseudo-language-"));
  writePseudoLanguage(directory);
  process.env.EXTRA_LOCALES_DIR = directory;
  // Unset, the portal is named in the reader's language: that name must be the pseudo-language's too.
  delete process.env.PORTAL_NAME;
  reloadConfig();
});
afterAll(() => {
  delete process.env.EXTRA_LOCALES_DIR;
  process.env.PORTAL_NAME = brand;
  reloadConfig();
  rmSync(directory, { recursive: true, force: true });
});

/** Every string a mail was given (names, addresses, a case's subject): the customer's, not the portal's words. */
function givenStrings(props: Record<string, unknown>): string[] {
  const { companyName, supportEmail, supportPhone } = config().branding;
  const values = Object.entries(props)
    .filter(([name]) => name !== "t" && name !== "branding")
    .flatMap(([, value]) => (typeof value === "string" ? [value] : Array.isArray(value) ? value.flatMap((item) => (item && typeof item === "object" ? Object.values(item) : [item])) : []))
    .filter((value): value is string => typeof value === "string" && value !== "");
  // A multi-line text (a message, a reply) may reach the plain text a line at a time.
  const lines = values.flatMap((value) => value.split("\n").map((line) => line.trim()));
  return [...values, ...lines, companyName, supportEmail, supportPhone ?? ""].filter(Boolean).sort((a, b) => b.length - a.length);
}

function englishLeft(text: string, given: string[]): string[] {
  let rest = text;
  for (const value of given) rest = rest.split(value).join(" ");
  // Addresses the mail builds from given ones (the reply line's "mailto:", an URL's path) are not words.
  rest = rest.replace(/\b(https?|mailto):\S+/g, " ");
  return rest.match(ENGLISH_LETTERS) ?? [];
}

/** Every mail: each template from its preview props, and the security alert in each of its kinds. */
const mails: Array<[string, () => Promise<[Template, Props]>]> = [
  ...emailTemplates()
    .filter((name) => !name.includes("/") && name !== "security-alert")
    .map((name): [string, () => Promise<[Template, Props]>] => [
      name,
      async () => {
        const template = ((await import(`@/emails/${name}`)) as { default: Template }).default;
        return [template, template.PreviewProps];
      },
    ]),
  ...securityAlertKinds.map((kind): [string, () => Promise<[Template, Props]>] => [
    `security-alert (${kind})`,
    async () => [SecurityAlertEmail as unknown as Template, securityAlertPreviewProps(kind) as unknown as Props],
  ]),
];

describe("a third language added as a folder", () => {
  it("is one of the portal's languages", () => {
    expect(availableLocales()).toContain(PSEUDO_LOCALE);
  });

  it.each(mails)("words the %s mail, subject included, in it, leaving no English", async (name, load) => {
    const [template, props] = await load();
    // renderEmail gives the language's words and branding itself.
    const given = Object.fromEntries(Object.entries(props).filter(([key]) => key !== "t" && key !== "branding"));
    // The subject's values, as the features give them (lib/support: the case's number, the customer's name).
    const primitives = Object.entries(given).filter((entry): entry is [string, string | number] => ["string", "number"].includes(typeof entry[1]));
    const values = { ...Object.fromEntries(primitives), number: Number(given.caseNumber), name: String(given.customerName ?? given.name ?? "") };
    const mail = await renderEmail(name.replace(/ \(.*\)$/, ""), template, given, PSEUDO_LOCALE, values);
    expect(mail.html).toContain(`lang="${PSEUDO_LOCALE}"`);
    expect({ name, english: englishLeft(`${mail.subject}\n${mail.text}`, givenStrings(props)) }).toEqual({ name, english: [] });
  });
});
