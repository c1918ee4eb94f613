import { withBrowser } from "./support/browser";
import { axeViolations, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

const customer = { username: "helpme", email: "helpme@example.test", name: "Help Seeker", password: "help seeker lantern ridge" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

describe("Get Help", () => {
  it("finds the password article through the header search and reads it", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(portal.baseUrl);
      await page.getByRole("searchbox", { name: "Search" }).fill("reset my password");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByRole("heading", { name: "Search" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      const first = page.getByRole("main").getByRole("listitem").first();
      expect(await first.locator("mark").count()).toBeGreaterThan(0);
      await first.getByRole("link").click();
      await page.getByRole("heading", { name: "How do I reset my password?" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${portal.baseUrl}/search?q=${encodeURIComponent("%%% ### ''")}`);
      await page.getByText("Type a word or two").waitFor();
      await page.goto(`${portal.baseUrl}/search?q=zebra`);
      await page.getByText("No articles match “zebra”.").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.goto(`${portal.baseUrl}/knowledge-base`);
      await page.getByRole("heading", { name: "Account and sign-in" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
    });
  });

  it("creates a case, shows it under My cases and on the main page, and mails a confirmation", async () => {
    await withBrowser({}, async (page) => {
      // The block is on every customer page but the home page, whose "Ways to get help" has the same links.
      await page.goto(`${portal.baseUrl}/knowledge-base`);
      await page.getByRole("complementary", { name: "Get Help" }).getByRole("link", { name: "Create Case" }).click();
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Write a subject of at least 5 characters.").waitFor();
      expect(await page.getByLabel("Subject").evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Subject").fill("Confirmation email never came");
      await page.getByLabel("Category").selectOption("Something is not working");
      await page.getByLabel("Description").fill("I placed a request on Monday and no confirmation email has arrived since.");
      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("heading", { name: /Case \d+: Confirmation email never came/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email));

      await page.goto(`${portal.baseUrl}/support/cases`);
      await page.getByRole("link", { name: /Confirmation email never came/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(portal.baseUrl);
      await page.getByRole("heading", { name: "Your open cases" }).waitFor();
      await page.getByRole("link", { name: /Confirmation email never came/ }).waitFor();
    });
  });

  it("sends a Contact us message without signing in", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/contact`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Send message" }).click();
      await page.getByText("Enter your name.").first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("Your name").fill("Visitor Vee");
      await page.getByLabel("Your email").fill("vee@example.test");
      await page.getByLabel("Message", { exact: true }).fill("Are you open on public holidays?");
      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: "Send message" }).click();
      await page.getByText("Your message has reached customer support").waitFor();
      const mail = await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes("support@example.test"));
      expect(mail.text).toContain("Are you open on public holidays?");
    });
  });
});
