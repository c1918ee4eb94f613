import { openBrowser } from "./support/browser";
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
    const browser = await openBrowser();
    try {
      const page = browser.pages()[0];
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
    } finally {
      await browser.dispose();
    }
  });

  it("creates a case, shows it under My cases and on the main page, and mails a confirmation", async () => {
    const browser = await openBrowser();
    try {
      const page = browser.pages()[0];
      await page.goto(portal.baseUrl);
      await page.getByRole("complementary", { name: "Get Help" }).getByRole("link", { name: "Create Case" }).click();
      await page.getByRole("heading", { name: "Sign in with a local account" }).waitFor();
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Write a subject of at least 5 characters.").waitFor();
      expect(await page.getByLabel("Subject").evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Subject").fill("Meter reading looks wrong");
      await page.getByLabel("Category").selectOption("Meter reading");
      await page.getByLabel("Description").fill("The reading on my October bill is far higher than the meter shows.");
      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("heading", { name: /Case \d+: Meter reading looks wrong/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email));

      await page.goto(`${portal.baseUrl}/support/cases`);
      await page.getByRole("link", { name: /Meter reading looks wrong/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.goto(portal.baseUrl);
      await page.getByRole("heading", { name: "Your open cases" }).waitFor();
      await page.getByRole("link", { name: /Meter reading looks wrong/ }).waitFor();
    } finally {
      await browser.dispose();
    }
  });

  it("sends a Contact us message without signing in", async () => {
    const browser = await openBrowser();
    try {
      const page = browser.pages()[0];
      await page.goto(`${portal.baseUrl}/contact`);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Send message" }).click();
      await page.getByText("Enter your name.").first().waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("Your name").fill("Visitor Vee");
      await page.getByLabel("Your email").fill("vee@example.test");
      await page.getByLabel("Message", { exact: true }).fill("When will the outage in my street end?");
      const before = portal.receiver.messages.length;
      await page.getByRole("button", { name: "Send message" }).click();
      await page.getByText("Your message has reached customer support").waitFor();
      const mail = await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes("support@example.test"));
      expect(mail.text).toContain("When will the outage in my street end?");
    } finally {
      await browser.dispose();
    }
  });
});
