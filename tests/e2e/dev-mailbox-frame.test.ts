import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MailHtmlFrame } from "@/app/dev/mailbox/mail-html-frame";
import { mailboxFrameDocument } from "@/lib/mail/dev-mailbox";
import { withBrowser } from "./support/browser";

/**
 * Issue 30: the dev mailbox shows a mail's HTML with working links, and the mail can never act on
 * the portal's origin. A hostile mail — a script, an inline handler, a form — is shown in the real
 * frame the mailbox renders, on a page of its own origin standing in for the portal.
 */
describe("dev mailbox frame", () => {
  let server: Server;
  let baseUrl: string;
  const hostileMail = [
    "<!doctype html><html><head><title>mail</title></head><body>",
    '<p><a id="reset" href="LINK">Reset your password</a></p>',
    "<script>try { parent.document.title = 'scripted'; } catch { } document.body.dataset.ran = 'yes';</script>",
    '<img src="data:," onerror="document.body.dataset.ran = \'handler\'">',
    '<p id="footer">Customer Portal · footer</p>',
    "</body></html>",
  ].join("");

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/followed") {
        response.writeHead(200, { "content-type": "text/html" });
        response.end("<!doctype html><title>followed</title><p>followed</p>");
        return;
      }
      const frame = renderToStaticMarkup(createElement(MailHtmlFrame, { title: "HTML part", document: mailboxFrameDocument(hostileMail.replace("LINK", `${baseUrl}/followed`)) }));
      response.writeHead(200, { "content-type": "text/html", "set-cookie": "portal-session=secret; Path=/" });
      response.end(`<!doctype html><html><head><title>mailbox</title></head><body>${frame}</body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("runs nothing from the mail, keeps it off the portal's origin, shows it whole and follows its links in a new tab", async () => {
    await withBrowser({ width: 1280, height: 900 }, async (page, browser) => {
      await page.goto(`${baseUrl}/`);
      const frameElement = page.locator("iframe");
      const frame = page.frameLocator("iframe");
      await frame.locator("#footer").waitFor();

      // No script and no handler ran, and the portal's page was not touched.
      expect(await frame.locator("body").getAttribute("data-ran")).toBeNull();
      expect(await page.title()).toBe("mailbox");
      // An opaque origin: the portal's page cannot reach into the frame, nor the frame out of it.
      expect(await frameElement.evaluate((element: HTMLIFrameElement) => element.contentDocument === null)).toBe(true);
      const inner = await (await frameElement.elementHandle())!.contentFrame();
      expect(await inner!.evaluate(() => origin)).toBe("null");
      expect(await inner!.evaluate(() => { try { return document.cookie; } catch { return "refused"; } })).not.toContain("secret");

      // The whole mail can be seen: the frame scrolls to its footer.
      await frame.locator("#footer").scrollIntoViewIfNeeded();
      expect(await frame.locator("#footer").isVisible()).toBe(true);

      // The link opens in a new tab.
      const [opened] = await Promise.all([browser.waitForEvent("page"), frame.locator("#reset").click()]);
      await opened.waitForLoadState();
      expect(opened.url()).toBe(`${baseUrl}/followed`);
    });
  });
});
