import { eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { outbox } from "@/lib/db/schema";
import { enqueueMail } from "@/lib/mail/outbox";
import { withBrowser } from "./support/browser";
import { axeViolations, signInAt, words } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 29 in Chromium against the production build: an admin sees the health figures and the
 * dead mail, presses "Try again", and the message is delivered; an agent gets "Page not found".
 */
const agent = { username: "hagent", email: "hagent@example.test", name: "Health Agent", password: "health agent lantern orchard" };
const admin = { username: "hadmin", email: "hadmin@example.test", name: "Health Admin", password: "health admin lantern orchard" };
const DEAD_RECIPIENT = "dead-letter-box@example.test";
const t = words("en");
let portal: Portal;
let deadId = 0;

beforeAll(async () => {
  portal = await startPortal([agent, admin], {}, {
    roles: { hagent: "agent", hadmin: "admin" },
    // A message that could not be delivered in its day, as the outbox leaves it.
    seed: async () => {
      const database = await db();
      deadId = await enqueueMail(database, DEAD_RECIPIENT, { template: "contact-reply", subject: "About your message", html: "<p>Hello</p>", text: "Hello" });
      await database.update(outbox).set({ status: "dead", attempts: 41, lastError: "550 mailbox unavailable" }).where(eq(outbox.id, deadId));
    },
  });
});
afterAll(async () => {
  await portal?.stop();
});

describe("the staff health page (issue 29)", () => {
  it("shows an admin the figures and the dead mail, and Try again delivers it", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/staff/health", admin);
      await page.getByRole("heading", { name: t("staff.health.title"), level: 1 }).waitFor();
      expect({ violations: await axeViolations(page) }).toEqual({ violations: [] });
      await page.getByRole("heading", { name: t("staff.health.deadMailHeading") }).waitFor();
      expect(await page.content()).not.toContain(DEAD_RECIPIENT);
      await page.getByRole("button", { name: t("staff.health.retryMailLabel", { id: deadId }) }).click();
      await page.getByRole("status").filter({ hasText: t("staff.health.doneMail", { id: deadId }) }).waitFor();
      await portal.receiver.waitFor((mail) => mail.envelopeTo.includes(DEAD_RECIPIENT));
      await page.getByText(t("staff.health.deadMailEmpty")).waitFor();
    });
  });

  it("is not found for an agent", async () => {
    await withBrowser({}, async (page) => {
      await signInAt(page, portal, "/staff/cases", agent);
      const response = await page.goto(`${portal.baseUrl}/staff/health`);
      expect(response?.status()).toBe(404);
      expect(await page.getByRole("link", { name: t("staff.nav.health") }).count()).toBe(0);
    });
  });
});
