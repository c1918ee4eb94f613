import { renderToStaticMarkup } from "react-dom/server";
import { AttachmentField } from "@/components/attachment-field";
import { attachmentWords } from "@/components/attachment-words";
import { attachmentLimitValues } from "@/lib/forms/form-words";
import { reloadConfig } from "@/lib/config";
import { translatorFor } from "@/lib/i18n/locales";
import { attachmentLimits, prepareFile } from "@/lib/support/attachments/attachments";

const t = translatorFor("en", "cases");

/** The file input as the case forms draw it, with the words their pages give it. */
function picker(): string {
  const limits = attachmentLimits();
  const html = renderToStaticMarkup(<AttachmentField id="files" words={attachmentWords(t, limits, "en")} maxFiles={limits.maxFiles} />);
  const input = html.match(/<input[^>]* type="file"[^>]*>/);
  if (!input) throw new Error(`no file input in ${html}`);
  return input[0];
}

afterEach(() => {
  delete process.env.ATTACHMENT_TYPES;
  reloadConfig();
});

/**
 * Issue 24/26: the picker offers the kinds ATTACHMENT_TYPES allows, read on the server and sent
 * with the field's words, so an operator who narrows the setting narrows the picker too. The
 * server's own check of each file, from its bytes, is what decides.
 */
describe("the attachment picker's accept list", () => {
  it("offers every kind by default, by type and by the name endings systems leave untyped", () => {
    expect(picker()).toContain(
      'accept="image/png,image/jpeg,image/gif,image/webp,image/heic,.heic,application/pdf,.pdf,text/plain,.txt,text/csv,.csv"',
    );
  });

  it("offers only the kinds a narrowed ATTACHMENT_TYPES allows, in the portal's order whatever the setting's", () => {
    process.env.ATTACHMENT_TYPES = "pdf, png";
    reloadConfig();
    expect(picker()).toContain('accept="image/png,application/pdf,.pdf"');
    process.env.ATTACHMENT_TYPES = "heic,csv";
    reloadConfig();
    expect(picker()).toContain('accept="image/heic,.heic,text/csv,.csv"');
  });

  it("is only a convenience: the server still decides from the bytes, with the same setting", async () => {
    process.env.ATTACHMENT_TYPES = "pdf,png";
    reloadConfig();
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    expect(await prepareFile("invoice.pdf", pdf)).toMatchObject({ ok: true, file: { contentType: "application/pdf" } });
    // Text, which the picker no longer offers, is refused whatever its name says.
    expect(await prepareFile("error.pdf", Buffer.from("Error 0x80070005 at 10:42\n"))).toEqual({ ok: false, reason: "type", fileName: "error.pdf" });
  });
});

/** Issue 26: what the field's hint and a refused file's message say is taken follows ATTACHMENT_TYPES too. */
describe("the kinds of file the words name", () => {
  const hint = (locale: "en" | "es") => attachmentWords(translatorFor(locale, "cases"), attachmentLimits(), locale).hint;
  const refusal = (locale: "en" | "es") => {
    const cases = translatorFor(locale, "cases");
    return cases("fileErrors.type", { name: "setup.exe", ...attachmentLimitValues(cases, locale) });
  };

  it("are every kind by default, in each language", () => {
    expect(hint("en")).toBe("We accept images (photos, screenshots), PDF, text, or CSV: up to 5 files, 10 MB each and 25 MB in all.");
    expect(hint("es")).toBe("Aceptamos imágenes (fotos, capturas de pantalla), PDF, texto o CSV: hasta 5 archivos, 10 MB cada uno y 25 MB en total.");
    expect(refusal("en")).toBe("“setup.exe” is not a kind of file we accept (we accept images (photos, screenshots), PDF, text, or CSV).");
  });

  it("are only the kinds a narrowed ATTACHMENT_TYPES allows, images named once", () => {
    process.env.ATTACHMENT_TYPES = "pdf";
    reloadConfig();
    expect(hint("en")).toMatch(/^We accept PDF: up to/);
    expect(refusal("es")).toBe("«setup.exe» no es un tipo de archivo que aceptemos (aceptamos PDF).");
    process.env.ATTACHMENT_TYPES = "csv,jpeg,png";
    reloadConfig();
    expect(hint("en")).toMatch(/^We accept images \(photos, screenshots\) or CSV: up to/);
    expect(refusal("es")).toBe("«setup.exe» no es un tipo de archivo que aceptemos (aceptamos imágenes (fotos, capturas de pantalla) o CSV).");
  });

  it("are what the unreadable-image refusal and the files-too-large page offer, not a kind the setting refuses", () => {
    process.env.ATTACHMENT_TYPES = "heic,pdf";
    reloadConfig();
    const cases = translatorFor("en", "cases");
    const values = attachmentLimitValues(cases, "en");
    expect(cases("fileErrors.unreadable_image", { name: "screen.heic", ...values })).toBe("“screen.heic” could not be read as an image. Save it again (we accept images (photos, screenshots) or PDF) and attach it again.");
    expect(cases("filesTooLarge.text", values)).toMatch(/We accept images \(photos, screenshots\) or PDF\.$/);
    expect(translatorFor("es", "cases")("filesTooLarge.text", attachmentLimitValues(translatorFor("es", "cases"), "es"))).toMatch(/Aceptamos imágenes \(fotos, capturas de pantalla\) o PDF\.$/);
  });
});
