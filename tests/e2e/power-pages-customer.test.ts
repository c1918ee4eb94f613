import { importContacts } from "@/lib/import/import-contacts";
import { withBrowser } from "./support/browser";
import { axeViolations, resetLinkFor, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";
import { CONTACTS, fixture } from "../support/power-pages";

/**
 * A customer brought over from Power Pages notices nothing: the guide's step 7 with the password
 * they had there, then "Forgot your password?" from start to finish, in Chromium against the build.
 */
const customer = { ...CONTACTS.v2, name: "John Smith" };
const newPassword = "harbour meadow lantern evening";

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([], {}, { seed: () => importContacts({ contactsFile: fixture("contacts.csv") }) });
});
afterAll(async () => {
  await portal?.stop();
});

describe("an imported Power Pages customer", () => {
  it("signs in with the old username and password, then resets the password through the mail", async () => {
    await withBrowser({}, async (page) => {
      // Step 7 with the Power Pages password: the main page, signed in.
      await page.goto(portal.baseUrl);
      await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: `Welcome, ${customer.name}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("banner").getByText(customer.name).click();
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();

      // Steps 2–6: "Forgot your password?", the email, "Send", the mailed link, the new password twice.
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      const mailsBefore = portal.receiver.messages.length;
      await page.getByLabel("Email").fill(customer.email);
      await page.getByRole("button", { name: "Send" }).click();
      await page.getByText("Please check your email to reset your password.").waitFor();
      const link = await resetLinkFor(portal.receiver, customer.email, mailsBefore);
      await page.goto(link);
      await page.getByRole("heading", { name: "Reset password" }).waitFor();
      await page.getByLabel("New password", { exact: true }).fill(newPassword);
      await page.getByLabel("Confirm new password").fill(newPassword);
      await page.getByRole("button", { name: "Reset" }).click();
      await page.getByText("Your password has been reset.").waitFor();
      await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();

      // Step 7 again: the old password is gone, the new one lands on the main page.
      await signIn(page, customer.username, customer.password);
      await page.getByRole("alert").filter({ hasText: "Invalid username or password." }).waitFor();
      await signIn(page, customer.username, newPassword);
      await page.getByRole("heading", { name: `Welcome, ${customer.name}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
    });
  });
});
