import { withBrowser } from "./support/browser";
import { axeViolations, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

const customer = { username: "changer", email: "changer@example.test", name: "Pat Changer", password: "first lantern orchard ridge" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

describe("the account page", () => {
  it("is reached from the header menu, and /.well-known/change-password leads to it", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/.well-known/change-password`);
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/account");
      // Exact: the two-step section names the address in a sentence too (issue 17).
      expect(await page.getByText(customer.email, { exact: true }).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("changes the password, keeps this session, ends the others and mails a notice (S23, S41)", async () => {
    await withBrowser({}, (other) => withBrowser({}, async (page) => {
      await other.goto(`${portal.baseUrl}/signin`);
      await signIn(other, customer.username, customer.password);
      await other.getByRole("heading", { name: /Welcome/ }).waitFor();

      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();

      await page.getByLabel("Current password").fill("not the current one at all");
      await page.getByLabel("New password", { exact: true }).fill("second lantern orchard ridge");
      await page.getByLabel("Confirm new password").fill("second lantern orchard ridge");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.locator("#currentPassword-error").filter({ hasText: "That is not your current password." }).waitFor();

      const before = portal.receiver.messages.length;
      await page.getByLabel("Current password").fill(customer.password);
      await page.getByLabel("New password", { exact: true }).fill("second lantern orchard ridge");
      await page.getByLabel("Confirm new password").fill("second lantern orchard ridge");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByText("Your password has been changed.").waitFor();

      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("heading", { name: "Account", exact: true }).waitFor();
      await other.reload();
      await other.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();

      const notice = await portal.receiver.waitFor(
        (m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email) && /password was changed/.test(m.subject ?? ""),
      );
      expect(notice.text).toContain("changed on");

      // "Sign out of all devices" ends this session too.
      await page.getByRole("button", { name: "Sign out of all devices" }).click();
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
    }));
  });

  it("signs out from the header menu", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, customer.username, "second lantern orchard ridge");
      await page.getByRole("heading", { name: /Welcome/ }).waitFor();
      await page.getByRole("banner").getByText(customer.name).click();
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.getByRole("banner").getByRole("link", { name: "Sign in" }).waitFor();
      // Note: a request still in flight during sign-out can bring back a copy of the cookie; what
      // matters is that the server no longer accepts it (S33).
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
    });
  });
});
