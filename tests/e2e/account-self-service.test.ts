import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, signIn, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";
import { linksIn } from "../support/mail";

/**
 * Issue 16 in Chromium against the build: the profile, changing the email address through both
 * mails and "This wasn't me", "Where you're signed in" with its sign-out, and the new-browser alert
 * — with and without JavaScript, axe on every new screen and error.
 */
const t = words();
const people = [0, 1].map((index) => ({
  username: `selfservice${index}`,
  email: `selfservice${index}@example.test`,
  name: `Sam Service ${index}`,
  password: "self service lantern orchard",
}));
const watcher = { username: "watcher", email: "watcher@example.test", name: "Wendy Watcher", password: "watcher lantern orchard ridge" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([...people, watcher]);
});
afterAll(async () => {
  await portal?.stop();
});

async function mailLink(email: string, path: string, after: number, subject: RegExp) {
  const mail = await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= after && m.envelopeTo.includes(email) && subject.test(m.subject ?? ""));
  return { mail, link: linksIn(mail, path)[0] };
}

async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
  // axe runs on the page's timers, which never fire without JavaScript; that walk serves the same HTML.
  if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
}

describe.each([
  ["with JavaScript", true, 0],
  ["without JavaScript", false, 1],
])("the account %s (issue 16)", (_label, javaScriptEnabled, index) => {
  const person = people[index];
  const newEmail = `moved.${person.email}`;

  it("edits the name and phone, refusing a number that is not one beside its field", async () => {
    await withBrowser({ javaScriptEnabled }, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, person.username, person.password);
      await page.getByRole("heading", { name: t("account.title"), exact: true }).waitFor();
      await expectAccessible(page, javaScriptEnabled);

      await page.getByLabel(t("account.phone"), { exact: true }).fill("12");
      await page.getByRole("button", { name: t("account.saveDetails") }).click();
      const phone = page.getByLabel(t("account.phone"), { exact: true });
      await page.locator("#phone-error").waitFor();
      expect(await phone.getAttribute("aria-invalid")).toBe("true");
      expect(await phone.inputValue()).toBe("12");
      await expectAccessible(page, javaScriptEnabled);

      await page.getByLabel(t("account.name"), { exact: true }).fill("Samantha Service");
      await page.getByLabel(t("account.phone"), { exact: true }).fill("(608) 555-0143");
      await page.getByRole("button", { name: t("account.saveDetails") }).click();
      await page.getByText(t("account.detailsSaved")).waitFor();
      await page.getByText("+1 608 555 0143").first().waitFor();
      await page.getByRole("banner").getByText("Samantha Service").waitFor();
    });
  });

  it("changes the email address only once the new address confirms, from any browser; the old address hears twice", async () => {
    await withBrowser({ javaScriptEnabled }, (other) => withBrowser({ javaScriptEnabled }, async (page) => {
      await other.goto(`${portal.baseUrl}/signin`);
      await signIn(other, person.username, person.password);
      await other.getByRole("banner").getByText("Samantha Service").waitFor();

      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, person.username, person.password);
      await page.getByRole("link", { name: t("account.changeEmailLink") }).click();
      await page.getByRole("heading", { name: t("emailChange.title") }).waitFor();
      await expectAccessible(page, javaScriptEnabled);

      await page.getByLabel(t("emailChange.newEmail")).fill(newEmail);
      await page.getByLabel(t("emailChange.currentPassword"), { exact: true }).fill("not my password at all");
      await page.getByRole("button", { name: t("emailChange.submit") }).click();
      await page.locator("[id$='-error']").filter({ hasText: t("emailChange.wrongPassword") }).waitFor();
      await expectAccessible(page, javaScriptEnabled);

      const before = portal.receiver.messages.length;
      await page.getByLabel(t("emailChange.newEmail")).fill(newEmail);
      await page.getByLabel(t("emailChange.currentPassword"), { exact: true }).fill(person.password);
      await page.getByRole("button", { name: t("emailChange.submit") }).click();
      await page.getByText(t("emailChange.sent", { email: newEmail })).waitFor();
      await expectAccessible(page, javaScriptEnabled);

      const requested = await mailLink(person.email, "/email-change/not-me/", before, /change of your/);
      expect(requested.mail.text).toContain(newEmail);
      const { link } = await mailLink(newEmail, "/email-change/confirm/", before, /Confirm your new email address/);
      // Still the old address until the link is followed.
      await page.goto(`${portal.baseUrl}/account`);
      expect(await page.getByText(person.email, { exact: true }).count()).toBe(1);

      // The new mailbox is read in a browser with no session.
      await withBrowser({ javaScriptEnabled }, async (mailbox) => {
        await mailbox.goto(link);
        await mailbox.getByRole("heading", { name: t("emailChange.confirmTitle") }).waitFor();
        expect(new URL(mailbox.url()).pathname).toBe("/email-change/confirm");
        await expectAccessible(mailbox, javaScriptEnabled);
        await mailbox.getByRole("button", { name: t("emailChange.confirmButton") }).click();
        await mailbox.getByText(t("emailChange.confirmed")).waitFor();
        await expectAccessible(mailbox, javaScriptEnabled);
      });

      await mailLink(person.email, "/email-change/not-me/", before, /was changed/);
      await page.goto(`${portal.baseUrl}/account`);
      await page.getByText(newEmail, { exact: true }).first().waitFor();
      // The session that asked goes on; every other one has ended.
      await other.goto(`${portal.baseUrl}/account`);
      await other.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
    }));
  });

  it("undoes it with \"This wasn't me\" from the old address: the address comes back, everyone is signed out, a reset is needed", async () => {
    const { link } = await mailLink(person.email, "/email-change/not-me/", 0, /was changed/);
    await withBrowser({ javaScriptEnabled }, async (page) => {
      await page.goto(link);
      await page.getByRole("heading", { name: t("emailChange.notMeTitle") }).waitFor();
      await expectAccessible(page, javaScriptEnabled);
      await page.getByRole("button", { name: t("emailChange.notMeButton") }).click();
      await page.getByText(t("emailChange.notMeDone")).waitFor();
      await page.getByText(t("emailChange.notMeRestored")).waitFor();
      await expectAccessible(page, javaScriptEnabled);

      await page.goto(`${portal.baseUrl}/signin`);
      await signIn(page, person.username, person.password);
      await page.getByRole("alert").filter({ hasText: t("signIn.invalid") }).waitFor();
      // The link is spent.
      await page.goto(link);
      await page.getByText(t("emailChange.notMeInvalid")).waitFor();
    });
  });
});

describe("where you're signed in, and the new-browser alert (issue 16)", () => {
  it("lists this browser and another, mails about the other, and signs it out from here", async () => {
    await withBrowser({}, (phone) => withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/signin?callbackUrl=/account`);
      await signIn(page, watcher.username, watcher.password);
      await page.getByRole("heading", { name: t("account.title"), exact: true }).waitFor();

      const before = portal.receiver.messages.length;
      await phone.goto(`${portal.baseUrl}/signin`);
      await signIn(phone, watcher.username, watcher.password);
      await phone.getByRole("banner").getByText(watcher.name).waitFor();
      const alert = await portal.receiver.waitFor((m) => portal.receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(watcher.email));
      expect(alert.subject).toBe("New sign-in to your Customer Portal account");

      await page.reload();
      const devices = page.getByRole("region", { name: t("accountSecurity.devices.heading") });
      await devices.getByText(t("accountSecurity.devices.thisDevice"), { exact: true }).waitFor();
      expect(await devices.getByRole("listitem").count()).toBe(2);
      const activity = page.getByRole("region", { name: t("accountSecurity.activity.heading") });
      expect(await activity.getByRole("listitem").filter({ hasText: t("accountSecurity.activity.events.sign_in_succeeded") }).count()).toBe(2);
      expect(await axeViolations(page)).toEqual([]);

      const otherDevice = devices.getByRole("listitem").filter({ hasNot: page.getByText(t("accountSecurity.devices.thisDevice"), { exact: true }) });
      await otherDevice.getByRole("button", { name: /^Sign out / }).click();
      await page.getByText(t("accountSecurity.devices.signedOut")).waitFor();
      expect(await page.getByRole("region", { name: t("accountSecurity.devices.heading") }).getByRole("listitem").count()).toBe(1);
      await phone.goto(`${portal.baseUrl}/account`);
      await phone.getByRole("heading", { name: t("signIn.localHeading") }).waitFor();
    }));
  });
});
