import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { withBrowser } from "./support/browser";
import { axeViolations, axeViolationsWithoutJavaScript, signIn } from "./support/guide";
import { startPortal, type Portal } from "./support/portal-server";

/**
 * Issue 26: a customer attaches a phone photo to a new case and a PDF to a reply, with and without
 * JavaScript. With it, each file is sent ahead to POST /api/attachments as it is added.
 */
const customer = { username: "photographer", email: "photographer@example.test", name: "Pat Photo", password: "pat photo lantern ridge" };

let portal: Portal;
beforeAll(async () => {
  portal = await startPortal([customer]);
});
afterAll(async () => {
  await portal?.stop();
});

async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 90, channels: 3, background: "#3366aa" } })
    .jpeg()
    .withExif({ IFD0: { Make: "PhoneMaker", Model: "Phone 15" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "43/1 4/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "89/1 24/1 0/1" } })
    .toBuffer();
}

const invoice = { name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };

async function createCaseWithPhoto(page: Page, subject: string) {
  if (!page.url().endsWith("/support/cases/new")) await page.goto(`${portal.baseUrl}/support/cases/new`);
  await page.getByRole("heading", { name: "Create Case" }).waitFor();
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Category").selectOption("Something is not working");
  await page.getByLabel("Description").fill("The display of the meter shows nothing since the storm last night.");
  await page.getByLabel("Attach files").setInputFiles({ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: await phonePhoto() });
}

/**
 * With JavaScript each file is sent as soon as it is added, and the field announces when it is
 * attached; a form sent before that waits. Tests add one file at a time and wait for this.
 */
async function attached(page: Page, name: string | RegExp) {
  const said = typeof name === "string" ? `“${name}” is attached.` : name;
  await page.getByRole("status").filter({ hasText: said }).waitFor();
}

/** The full image behind the case page's thumbnail, as the browser downloads it. */
async function fullImageOf(page: Page) {
  const link = page.getByRole("link", { name: "Open IMG_0042.jpg full size" });
  const response = await page.request.get(new URL((await link.getAttribute("href"))!, portal.baseUrl).toString());
  return { response, body: await response.body() };
}

describe("attachments in the browser", () => {
  it("with JavaScript: a phone photo on a new case (EXIF gone, thumbnail shown), a PDF on a reply after removing a wrong file", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await createCaseWithPhoto(page, "Meter display is blank");
      await page.getByRole("button", { name: "Remove IMG_0042.jpg" }).waitFor();
      await attached(page, "IMG_0042.jpg");
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("img", { name: "IMG_0042.jpg" }).waitFor();
      expect(await page.getByRole("img", { name: "IMG_0042.jpg" }).evaluate(async (image: HTMLImageElement) => (await image.decode(), image.naturalWidth > 0))).toBe(true);
      const { response, body } = await fullImageOf(page);
      expect(response.headers()["content-type"]).toBe("image/jpeg");
      expect((await sharp(body).metadata()).exif).toBeUndefined();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Your reply").fill("Here is the invoice you asked for.");
      await page.getByLabel("Attach files").setInputFiles({ name: "wrong.txt", mimeType: "text/plain", buffer: Buffer.from("not this one\n") });
      await attached(page, "wrong.txt");
      await page.getByLabel("Attach files").setInputFiles(invoice);
      await attached(page, "invoice.pdf");
      await page.getByRole("button", { name: "Remove wrong.txt" }).click();
      await page.getByRole("button", { name: "Remove invoice.pdf" }).waitFor();
      expect(await page.getByRole("button", { name: "Remove wrong.txt" }).count()).toBe(0);
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByRole("link", { name: /Download invoice\.pdf/ }).waitFor();
      expect(await page.getByText("wrong.txt").count()).toBe(0);
    });
  });

  it("with JavaScript a case without a file is created, nothing sent ahead (issue 25: the list is loaded only for a file)", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      // Drawn once the page is interactive: the post below is the script's, not the plain form's.
      await page.getByText("Drag files here, paste a screenshot, or choose files.").waitFor();
      const uploads: string[] = [];
      page.on("request", (request) => {
        if (new URL(request.url()).pathname.startsWith("/api/attachments")) uploads.push(request.url());
      });
      await page.getByLabel("Subject").fill("No file this time");
      await page.getByLabel("Category").selectOption("Something is not working");
      await page.getByLabel("Description").fill("The meter shows a blank display, nothing to attach.");
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      expect(await page.getByRole("link", { name: /^Download / }).count()).toBe(0);
      expect(uploads).toEqual([]);
    });
  });

  it("with JavaScript a refused file is named as soon as it is added, and the case is not created until it is removed", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await createCaseWithPhoto(page, "Renamed program attached");
      await attached(page, "IMG_0042.jpg");
      await page.getByLabel("Attach files").setInputFiles({ name: "setup.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(300, 0x90)]) });
      await page.getByRole("status").filter({ hasText: "“setup.jpg” was not attached: “setup.jpg” is not a kind of file we accept" }).waitFor();
      await page.getByRole("listitem").filter({ hasText: "setup.jpg" }).getByText("is not a kind of file we accept").waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByRole("status").filter({ hasText: "Remove the files that were not attached" }).waitFor();
      expect(page.url()).toMatch(/\/support\/cases\/new$/);
      expect(await page.getByLabel("Subject").inputValue()).toBe("Renamed program attached");
      await page.getByRole("button", { name: "Remove setup.jpg" }).click();
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByRole("img", { name: "IMG_0042.jpg" }).waitFor();
    });
  });

  it("with JavaScript a file over the limits is refused on the field before a byte is sent, even one over the 26 MB gate", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      let sent = 0;
      page.on("request", (request) => {
        if (new URL(request.url()).pathname === "/api/attachments") sent += 1;
      });
      // From a file on disk: the browser reads it itself (a 27 MB buffer is slow to hand over).
      const folder = await mkdtemp(path.join(tmpdir(), "portal-scan-"));
      try {
        const scan = Buffer.alloc(27 * 1024 * 1024, 0x20);
        scan.write("%PDF-1.4\n");
        await writeFile(path.join(folder, "scan.pdf"), scan);
        await page.getByLabel("Attach files").setInputFiles(path.join(folder, "scan.pdf"));
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
      await page.getByRole("listitem").filter({ hasText: "scan.pdf" }).getByText("“scan.pdf” is larger than 10 MB.").waitFor();
      expect(sent).toBe(0);
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByRole("status").filter({ hasText: "Remove the files that were not attached" }).waitFor();
      expect(page.url()).toMatch(/\/support\/cases\/new$/);
    });
  });

  it("with JavaScript each file shows a labelled progress bar while it is sent, and a reply waits for it", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await createCaseWithPhoto(page, "Meter log for the reading");
      await attached(page, "IMG_0042.jpg");
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();

      // The upload's answer is held back until the test lets it through, so the file is seen on its way.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/api/attachments", async (route) => {
        await held;
        await route.continue();
      });
      const log = Buffer.alloc(2 * 1024 * 1024, 0x20);
      log.write("%PDF-1.4\n");
      await page.getByLabel("Your reply").fill("The meter's log for last month.");
      await page.getByLabel("Attach files").setInputFiles({ name: "meter-log.pdf", mimeType: "application/pdf", buffer: log });
      const bar = page.getByRole("progressbar", { name: "Sending “meter-log.pdf”" });
      await bar.waitFor();
      const percent = Number(await bar.getAttribute("value"));
      expect(percent).toBeGreaterThanOrEqual(0);
      expect(percent).toBeLessThanOrEqual(100);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByRole("status").filter({ hasText: "Wait until your files have finished sending" }).waitFor();
      expect(page.url()).not.toMatch(/replied=1/);
      release();
      await attached(page, "meter-log.pdf");
      expect(await bar.count()).toBe(0);
      await page.unroute("**/api/attachments");
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByRole("link", { name: /Download meter-log\.pdf/ }).waitFor();
    });
  });

  it("without JavaScript: a photo on a new case and a PDF on a reply, through the plain multipart form", async () => {
    await withBrowser({ javaScriptEnabled: false }, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await createCaseWithPhoto(page, "Meter display blank, no script");
      expect(await axeViolationsWithoutJavaScript(page)).toEqual([]);
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("img", { name: "IMG_0042.jpg" }).waitFor();
      const { body } = await fullImageOf(page);
      expect((await sharp(body).metadata()).exif).toBeUndefined();
      // Issue 26: the form's files go to disk as they arrive (server/form-files.cjs); a refused one
      // is still named on its field and the reply's text is kept.
      await page.getByLabel("Your reply").fill("The invoice is attached.");
      await page.getByLabel("Attach files").setInputFiles({ name: "invoice.exe.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]) });
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByText("“invoice.exe.pdf” is not a kind of file we accept").first().waitFor();
      expect(await page.getByLabel("Your reply").inputValue()).toBe("The invoice is attached.");
      await page.getByLabel("Attach files").setInputFiles(invoice);
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByRole("link", { name: /Download invoice\.pdf/ }).waitFor();
      expect(await axeViolationsWithoutJavaScript(page)).toEqual([]);
      // And a case with no file chosen: the browser's empty file entry is no file (issue 25).
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await page.getByLabel("Subject").fill("No file, no script");
      await page.getByLabel("Category").selectOption("Something is not working");
      await page.getByLabel("Description").fill("The meter shows a blank display, nothing to attach.");
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
    });
  });

  it("at phone width, a screenshot pasted into the reply box is attached and sent", async () => {
    await withBrowser({ width: 390, height: 844 }, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await createCaseWithPhoto(page, "Error screen on the app");
      await attached(page, "IMG_0042.jpg");
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      const screenshot = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#ff0000" } }).png().toBuffer();
      await page.getByLabel("Your reply").fill("This is what the app shows.");
      await page.getByLabel("Your reply").evaluate((box, bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], "image.png", { type: "image/png" }));
        box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
      }, [...screenshot]);
      await page.getByRole("button", { name: /^Remove screenshot-/ }).waitFor();
      await attached(page, /^“screenshot-.*” is attached\.$/);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Send reply" }).click();
      await page.getByText("Your reply has been sent").or(page.getByRole("status")).first().waitFor();
      await page.getByRole("link", { name: /^Open screenshot-.* full size$/ }).waitFor();
    });
  });

  it("with JavaScript a photo chosen before the page's script has run is listed and sent with the case", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      // The page's script is held back while the photo is chosen: only the server's HTML is there.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/_next/static/chunks/**", async (route) => {
        await released;
        await route.continue();
      });
      try {
        await page.goto(`${portal.baseUrl}/support/cases/new`, { waitUntil: "commit" });
        await page.getByLabel("Attach files").setInputFiles({ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: await phonePhoto() });
        expect(await page.getByText("Drag files here, paste a screenshot, or choose files.").count()).toBe(0);
      } finally {
        release();
      }
      await page.getByText("Drag files here, paste a screenshot, or choose files.").waitFor();
      await page.unroute("**/_next/static/chunks/**");
      await attached(page, "IMG_0042.jpg");
      await page.getByLabel("Subject").fill("Photo chosen early");
      await page.getByLabel("Category").selectOption("Something is not working");
      await page.getByLabel("Description").fill("The display of the meter shows nothing since the storm last night.");
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("img", { name: "IMG_0042.jpg" }).waitFor();
    });
  });

  it("with JavaScript, when the list's code cannot be fetched, the file goes with the form and what was typed stays", async () => {
    await withBrowser({}, async (page) => {
      await page.goto(`${portal.baseUrl}/support/cases/new`);
      await signIn(page, customer.username, customer.password);
      await page.getByRole("heading", { name: "Create Case" }).waitFor();
      await page.getByText("Drag files here, paste a screenshot, or choose files.").waitFor();
      // From now on every script the page asks for fails (the network dropped): the list's among them.
      let refused!: () => void;
      const listRefused = new Promise<void>((resolve) => (refused = resolve));
      await page.route("**/_next/static/chunks/**", async (route) => {
        refused();
        await route.abort();
      });
      try {
        await page.getByLabel("Subject").fill("List never loaded");
        await page.getByLabel("Category").selectOption("Something is not working");
        await page.getByLabel("Description").fill("The display of the meter shows nothing since the storm last night.");
        await page.getByLabel("Attach files").setInputFiles({ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: await phonePhoto() });
        await listRefused;
        // The field has given up on the list (the input no longer points at it) and stays a plain
        // named file input holding the photo; the form and its text are still there.
        await page.waitForFunction(() => {
          const field = document.querySelector<HTMLInputElement>('input[type="file"]');
          return field?.name === "files" && field.files?.length === 1 && !field.getAttribute("aria-describedby")?.includes("-list");
        });
      } finally {
        await page.unroute("**/_next/static/chunks/**");
      }
      expect(await page.getByLabel("Description").inputValue()).toBe("The display of the meter shows nothing since the storm last night.");
      expect(await page.getByRole("button", { name: "Remove IMG_0042.jpg" }).count()).toBe(0);
      await page.getByRole("button", { name: "Create Case" }).click();
      await page.getByText("Your case has been created.").waitFor();
      await page.getByRole("img", { name: "IMG_0042.jpg" }).waitFor();
    });
  });
});
