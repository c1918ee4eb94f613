import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { reloadConfig } from "@/lib/config";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MailHtmlFrame } from "@/app/dev/mailbox/mail-html-frame";
import { LinkedText } from "@/components/linked-text";
import { mailboxFrameDocument, mailboxFramePolicy, readDevMailbox } from "@/lib/mail/dev-mailbox";
import { backgroundWork } from "@/lib/server/background-work";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { freshMeta, makeCustomer } from "../support/customers";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "portal-mailbox-"));
  process.env.DEV_MAILBOX_DIR = directory;
  Object.assign(process.env, { NODE_ENV: "development" });
  reloadConfig();
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
  delete process.env.DEV_MAILBOX_DIR;
  Object.assign(process.env, { NODE_ENV: "test" });
  reloadConfig();
});

describe(`the dev mailbox, on ${testDatabaseLabel()}`, () => {
  it("holds the reset mail, HTML and text, in development without SMTP_URL", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta(), "en");
    await backgroundWork().run();
    const [message] = await readDevMailbox();
    expect(message.to).toBe(customer.email);
    expect(message.subject).toBe("Reset your Customer Portal password");
    expect(message.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);
    expect(message.html).toContain("Reset your password");
  });

  it("shows the reset mail with links that can be followed: the HTML in a script-less frame whose links open a new tab, the text with links", async () => {
    const customer = await makeCustomer();
    await requestPasswordReset(customer.email, freshMeta(), "en");
    await backgroundWork().run();
    const message = (await readDevMailbox()).find((mail) => mail.to === customer.email)!;
    const link = message.text.match(/https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/)![0];

    const frame = renderToStaticMarkup(createElement(MailHtmlFrame, { title: "HTML", document: mailboxFrameDocument(message.html) }));
    const sandbox = frame.match(/sandbox="([^"]*)"/)![1].split(" ");
    expect(sandbox).toEqual(expect.arrayContaining(["allow-popups", "allow-popups-to-escape-sandbox"]));
    expect(sandbox).not.toContain("allow-scripts");
    // An origin of its own: the mail's HTML can never reach the portal's pages or cookies.
    expect(sandbox).not.toContain("allow-same-origin");
    const framed = mailboxFrameDocument(message.html);
    // The policy comes first in the head, so it governs everything the mail carries.
    expect(framed).toMatch(/<head[^>]*><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';[^"]*"><base target="_blank">/i);
    expect(framed).toContain(`href="${link}"`);
    // The whole mail, footer included, is in the frame (which scrolls to it).
    expect(framed).toContain(message.html.slice(-200));

    const text = renderToStaticMarkup(createElement(LinkedText, { text: message.text }));
    expect(text).toContain(`<a href="${link}" rel="noopener noreferrer">${link}</a>`);
  });

  it("gives a mail without a head one, so its links still open a new tab", () => {
    expect(mailboxFrameDocument('<p><a href="https://example.test/">x</a></p>')).toBe(
      `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${mailboxFramePolicy}"><base target="_blank"><meta name="referrer" content="no-referrer"></head><body><p><a href="https://example.test/">x</a></p></body></html>`,
    );
  });

});
