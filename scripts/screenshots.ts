/**
 * npm run screenshots — the README's pictures, taken from the production build (run `npm run build`
 * first) straight into docs/screenshots/: each step of the guide at desktop (1280 px) and phone
 * (390 px) widths, in English and Spanish, and the screens a customer sees at a glance (the phone
 * header's menu, the account page, My cases). Names are `<step>-<screen>-<desktop|phone>[-es].png`.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { findCustomerByLogin } from "@/lib/customers/lookup";
import { db } from "@/lib/db";
import { supportCases } from "@/lib/db/schema";
import { createCase } from "@/lib/support/cases";
import { openBrowser } from "../tests/e2e/support/browser";
import { resetLinkFor, signIn, words } from "../tests/e2e/support/guide";
import { startPortal } from "../tests/e2e/support/portal-server";

const outputDir = path.join(process.cwd(), "docs", "screenshots");
const devices = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;
const languages = [
  { locale: "en", browserLocale: "en-US", suffix: "" },
  { locale: "es", browserLocale: "es-ES", suffix: "-es" },
] as const;

// One customer per walk: each walk resets its own password.
const walks = languages.flatMap(({ locale }) =>
  Object.keys(devices).map((device) => ({
    locale,
    device,
    username: `jsmith-${device}-${locale}`,
    email: `john.smith.${device}.${locale}@example.com`,
    name: "John Smith",
    password: "old lantern orchard ridge",
  })),
);

async function main() {
  mkdirSync(outputDir, { recursive: true });
  const portal = await startPortal(walks, { REGISTRATION: "open" }, {
    // Two cases each, so My cases shows status chips of two kinds.
    seed: async () => {
      for (const walk of walks) {
        const owner = (await findCustomerByLogin(walk.username))!;
        const t = words(walk.locale);
        await createCase(owner, { subject: t("cases.categories.not-working"), category: "not-working", description: "The reading on my last bill is twice the usual one." }, walk.locale);
        const waiting = await createCase(owner, { subject: t("cases.categories.request"), category: "request", description: "Please send my bills on paper from next month on." }, walk.locale);
        await (await db()).update(supportCases).set({ status: "waiting for you" }).where(eq(supportCases.id, waiting.id));
      }
    },
  });
  try {
    for (const walk of walks) {
      const { suffix, browserLocale } = languages.find((language) => language.locale === walk.locale)!;
      const t = words(walk.locale);
      const size = devices[walk.device as keyof typeof devices];
      const browser = await openBrowser({ ...size, locale: browserLocale });
      const page = browser.pages()[0];
      const shot = async (name: string, target: Page = page) => {
        const file = path.join(outputDir, `${name}-${walk.device}${suffix}.png`);
        await target.screenshot({ path: file, fullPage: true });
        console.log(path.relative(process.cwd(), file));
      };
      const newPassword = `new harbour meadow ${walk.device}`;
      try {
        await page.goto(`${portal.baseUrl}/signin`);
        await shot("1-sign-in");
        await page.getByRole("link", { name: t("signIn.forgotPassword") }).click();
        await page.getByLabel(t("forgotPassword.email")).fill(walk.email);
        await shot("2-forgot-password");
        const before = portal.receiver.messages.length;
        await page.getByRole("button", { name: t("forgotPassword.send") }).click();
        await page.getByText(t("forgotPassword.checkEmail")).waitFor();
        await shot("3-check-your-email");
        const link = await resetLinkFor(portal.receiver, walk.email, before);
        const mail = portal.receiver.messages.slice(before).find((message) => message.envelopeTo.includes(walk.email))!;
        await page.setContent(typeof mail.html === "string" ? mail.html : "");
        await shot("4-email");
        await page.goto(link);
        await page.getByLabel(t("resetPassword.newPassword"), { exact: true }).fill(newPassword);
        await page.getByLabel(t("resetPassword.confirmPassword")).fill(newPassword);
        await shot("5-reset-password");
        await page.getByRole("button", { name: t("resetPassword.submit") }).click();
        await page.getByText(t("resetPassword.done")).waitFor();
        await shot("6-password-reset");
        await page.getByRole("main").getByRole("link", { name: t("resetPassword.signIn") }).click();
        await signIn(page, walk.username, newPassword, { locale: walk.locale });
        await page.getByRole("heading", { name: t("home.welcome", { name: walk.name }) }).waitFor();
        await shot("7-main-page");
        if (walk.device === "phone") {
          // The phone header's menu, open (the screenshot is of the window, where the menu is).
          await page.getByRole("banner").getByText(t("shell.menu")).click();
          await page.getByRole("banner").getByRole("link", { name: t("shell.knowledgeBase") }).waitFor();
          const file = path.join(outputDir, `8-menu-phone${suffix}.png`);
          await page.screenshot({ path: file });
          console.log(path.relative(process.cwd(), file));
          await page.keyboard.press("Escape");
        }
        await page.goto(`${portal.baseUrl}/support/cases`);
        await page.getByText(t("cases.status.waitingForYou"), { exact: true }).first().waitFor();
        await shot("9-my-cases");
        await page.goto(`${portal.baseUrl}/account`);
        await page.getByRole("heading", { name: t("account.title"), level: 1 }).waitFor();
        await shot("10-account");
      } finally {
        await browser.dispose();
      }
    }
  } finally {
    await portal.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
