import type { AttachmentSummary } from "@/lib/support/attachments/attachments";
import { sizeLabel } from "./size-label";

type CaseAttachmentsProps = {
  files: readonly AttachmentSummary[];
  /** "Open {name} full size" and "Download {name} ({size})", in the reader's language. */
  words: { openImage: string; download: string };
};

/**
 * A message's files in the conversation (issue 26): an image as its thumbnail, which opens the
 * full image; any other file as a download link with its size. Shared by the customer's and the
 * support team's case pages; the download route decides who may open them.
 */
export function CaseAttachments({ files, words }: CaseAttachmentsProps) {
  if (files.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-3">
      {files.map((file) => {
        const href = `/api/attachments/${file.id}`;
        return (
          <li key={file.id}>
            {file.image ? (
              <a href={href} aria-label={words.openImage.replace("{name}", file.fileName)} className="block">
                {/* Note: the portal's own re-encoded thumbnail; next/image would add nothing here. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={`${href}?size=thumbnail`} alt={file.fileName} className="max-h-40 max-w-40 rounded border border-slate-300" loading="lazy" />
              </a>
            ) : (
              <a href={href} download={file.fileName} className="break-all">
                {words.download.replace("{name}", file.fileName).replace("{size}", sizeLabel(file.size))}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}
