import { renderToStaticMarkup } from "react-dom/server";
import { AttachmentField, type AttachmentFieldWords } from "@/components/attachment-field";
import { CaseAttachments } from "@/components/case-attachments";
import { keptFiles } from "@/components/kept-file-boxes";
import { sizeLabel } from "@/components/size-label";

const sizes = [
  [512, "512 B"],
  [1024, "1 kB"],
  [86_000, "84 kB"],
  [1_048_100, "1.0 MB"],
  [3_355_443, "3.2 MB"],
] as const;

const fieldWords: AttachmentFieldWords = { label: "Files", accept: "application/pdf", hint: "", dropHint: "", remove: "Remove {name}" };

/** Issue 24/26: a file's size reads the same in the attachment field and in the conversation. */
describe("a file's size", () => {
  it("is stated in bytes, kilobytes or megabytes", () => {
    for (const [bytes, label] of sizes) expect(sizeLabel(bytes)).toBe(label);
  });

  it("reads alike in the conversation's download links and in the field's kept files", () => {
    const files = sizes.map(([size], index) => ({ id: `f${index}`, eventId: 1, fileName: `log-${index}.txt`, contentType: "text/plain", size, image: false }));
    const conversation = renderToStaticMarkup(<CaseAttachments files={files} words={{ openImage: "Open {name}", download: "Download {name} ({size})" }} />);
    const kept = files.map(({ id, fileName, size }) => ({ id, fileName, size }));
    const field = renderToStaticMarkup(<AttachmentField id="files" words={fieldWords} maxFiles={5} sendAhead kept={keptFiles("Kept with your draft", kept)} />);
    sizes.forEach(([, label], index) => {
      expect(conversation).toContain(`Download log-${index}.txt (${label})`);
      expect(field).toContain(`log-${index}.txt <span class="text-slate-600">(${label})</span>`);
    });
  });
});
