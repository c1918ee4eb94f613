import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { withBrowser } from "./support/browser";
import { axeViolations, resetLinkFor } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Keyboard-only use, announced errors, and framing from another origin. (A 320 px phone — every
 * page fitting, with no axe violations, signed out and in — is tests/e2e/header.test.ts, which
 * loads each page once and measures it at every width.)
 */
const customer = { username: "keyboard", email: "keyboard@example.test", name: "Keys Only", password: "tab enter space lantern" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

describe("accessibility beyond the walk", () => {
  it("completes the reset with the keyboard alone (Tab, Enter, Space)", async () => {
    await withBrowser({}, async (page) => {
      const keyboard = page.keyboard;
      const tabTo = async (name: RegExp) => {
        for (let i = 0; i < 40; i += 1) {
          await keyboard.press("Tab");
          const focused = await page.evaluate(() => {
            const element = document.activeElement as HTMLElement | null;
            if (!element) return "";
            const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : "";
            return `${label ?? ""} ${element.textContent ?? ""} ${element.getAttribute("aria-label") ?? ""}`.trim();
          });
          if (name.test(focused)) return;
        }
        throw new Error(`could not Tab to ${name}`);
      };

      await page.goto(portal.baseUrl);
      await tabTo(/^Sign in$/);
      await keyboard.press("Enter");
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await tabTo(/Forgot your password\?/);
      await keyboard.press("Enter");
      await page.getByRole("heading", { name: "Forgot your password?" }).waitFor();
      await tabTo(/^Email/);
      const before = portal.receiver.messages.length;
      await keyboard.type(customer.email);
      await tabTo(/^Send$/);
      await keyboard.press("Space");
      await page.getByText("Please check your email to reset your password.").waitFor();

      await page.goto(await resetLinkFor(portal.receiver, customer.email, before));
      await tabTo(/^New password/);
      await keyboard.type("keyboard only new passphrase");
      await tabTo(/^Confirm new password/);
      await keyboard.type("keyboard only new passphrase");
      await tabTo(/^Reset$/);
      await keyboard.press("Enter");
      await page.getByText("Your password has been reset.").waitFor();
    });
  });

  it("moves focus to the first field in error and ties the error to it", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/forgot-password`);
      await page.getByRole("button", { name: "Send" }).click();
      const email = page.getByLabel("Email");
      // The error summary (GOV.UK): "There is a problem" and a link named by the field; the
      // field's own message under it — each sentence once on the page.
      const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
      await summary.getByRole("link", { name: "Email" }).waitFor();
      expect(await email.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await email.getAttribute("aria-invalid")).toBe("true");
      const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
      const descriptions = await Promise.all(describedBy.split(" ").map((id) => page.locator(`#${id}`).textContent()));
      expect(descriptions.join(" ")).toContain("Enter your email address.");
      expect(await page.getByText("Enter your email address.").count()).toBe(1);
      expect(await page.locator("[aria-live]").filter({ hasText: "There is a problem" }).count()).toBe(1);

      await page.getByRole("button", { name: "Send" }).focus();
      await summary.getByRole("link", { name: "Email" }).click();
      expect(await email.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("says what is happening while a form is sent, dims the old messages, and says the password was cleared", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await page.getByLabel("Username").fill(customer.username);
      await page.getByLabel("Password", { exact: true }).fill("not the password at all");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "Invalid username or password." }).waitFor();
      const password = page.getByLabel("Password", { exact: true });
      expect(await password.inputValue()).toBe("");
      await page.locator("#password-cleared").filter({ hasText: "For your safety this was cleared" }).waitFor();
      expect(await password.getAttribute("aria-describedby")).toContain("password-cleared");
      expect(await page.getByLabel("Username").inputValue()).toBe(customer.username);
      expect(await axeViolations(page)).toEqual([]);

      // Hold the next submission in the browser until the pending state has been seen: no timing.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let seen: () => void = () => {};
      const submitted = new Promise<void>((resolve) => (seen = resolve));
      await page.route("**/signin**", async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        seen();
        await held;
        await route.continue();
      });
      try {
        await password.fill("still not the password");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await submitted;
        const button = page.getByRole("button", { name: "Signing in…" });
        await button.waitFor();
        expect(await button.isDisabled()).toBe(true);
        await page.locator("[aria-live][data-pending]").waitFor();
      } finally {
        release();
      }
      await page.getByRole("button", { name: "Sign in", exact: true }).waitFor();
      await page.getByRole("alert").filter({ hasText: "Invalid username or password." }).waitFor();
      await page.unrouteAll({ behavior: "ignoreErrors" });
    });
  });

  it("cannot be framed by another origin (S40)", async () => {
    const framer: Server = createServer((_request, response) => {
      response.setHeader("content-type", "text/html");
      response.end(`<!doctype html><title>evil</title><iframe id="victim" src="${portal.baseUrl}/signin"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, "127.0.0.1", resolve));
    try {
      await withBrowser({}, async (page) => {
        await page.goto(`http://127.0.0.1:${(framer.address() as AddressInfo).port}/`);
        // goto waits for the load event, which waits for the frame: by now it has loaded or been refused.
        const frame = await (await page.$("#victim"))!.contentFrame();
        expect(frame!.url()).toMatch(/^chrome-error:/);
        expect(await frame!.evaluate(() => document.body?.innerText ?? "")).not.toContain("Sign in with a local account");
      });
    } finally {
      await new Promise((resolve) => framer.close(resolve));
    }
  });
});
