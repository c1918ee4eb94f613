"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { FILE_NAME_HEADER, UPLOAD_HEADER, UPLOAD_PATH } from "@/lib/support/attachments/upload-request";
import type { AddedFile, AttachmentFieldWords, KeptFileEntry } from "./attachment-field";
import { sizeLabel } from "./size-label";

type AttachmentListProps = {
  id: string;
  name: string;
  words: AttachmentFieldWords;
  maxFiles: number;
  sendAhead: boolean;
  kept: KeptFileEntry[];
  /** The field's file input (the form is read from it). */
  inputRef: RefObject<HTMLInputElement | null>;
  /** Files added before this part was loaded, taken from here on each render. */
  waitingRef: RefObject<AddedFile[]>;
  /** Where the field hands files added from now on. */
  receiverRef: RefObject<((files: AddedFile[]) => void) | null>;
  /** Told once this part is drawn: the field's plain boxes for kept files can go. */
  onShown: () => void;
};

/** A file in the list; with `sendAhead`, also how its upload goes. */
type Entry = { key: number; file: File; size: number; state: "listed" | "sending" | "sent" | "failed"; percent: number; id?: string; error?: string; request?: XMLHttpRequest };

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/**
 * The attachment field's list, with JavaScript (issue 26): loaded only once a file is added, or a
 * kept draft brings files back (issue 25: most messages carry none, so most pages never fetch it).
 * The chosen files are kept in a list — so a refused form keeps them, and one can be removed before
 * sending. Then either the input is given the list each time it is drawn (a form action resets it),
 * or, with `sendAhead`, each file is sent on its own as it is added (XHR, for its upload progress)
 * and the form carries only ids, so the server never takes a whole message's files in one body.
 */
export default function AttachmentList({ id, name, words, maxFiles, sendAhead, kept, inputRef, waitingRef, receiverRef, onShown }: AttachmentListProps) {
  // Kept files are already stored: listed as sent, under their names (their bytes stay on the server).
  const [entries, setEntries] = useState<Entry[]>(() =>
    sendAhead ? kept.map((file, index) => ({ key: -1 - index, file: new File([], file.fileName), size: file.size, state: "sent", percent: 100, id: file.id })) : [],
  );
  const [announcement, setAnnouncement] = useState("");
  const nextKey = useRef(0);
  const sending = sendAhead && words.sending ? words.sending : null;

  const update = (key: number, change: Partial<Entry>) => setEntries((current) => current.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));

  const send = (entry: Entry) => {
    if (!sending) return;
    const request = new XMLHttpRequest();
    const failed = (reason: string) => {
      update(entry.key, { state: "failed", error: reason, request: undefined });
      setAnnouncement(fill(sending.failed, { name: entry.file.name, reason }));
    };
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) update(entry.key, { percent: Math.floor((event.loaded / event.total) * 100) });
    };
    request.onload = () => {
      let answer: { id?: string; message?: string } = {};
      try {
        answer = JSON.parse(request.responseText);
      } catch {
        // A proxy's or server's page instead of the route's JSON: said below as a lost upload.
      }
      if (request.status === 201 && answer.id) {
        update(entry.key, { state: "sent", percent: 100, id: answer.id, request: undefined });
        setAnnouncement(fill(sending.done, { name: entry.file.name }));
      } else if (!answer.message && request.status === 413 && words.sizes) failed(fill(words.sizes.tooLarge, { name: entry.file.name }));
      else failed(answer.message ?? fill(sending.lost, { name: entry.file.name }));
    };
    request.onerror = () => failed(fill(sending.lost, { name: entry.file.name }));
    request.open("POST", UPLOAD_PATH);
    request.setRequestHeader(UPLOAD_HEADER, "1");
    request.setRequestHeader(FILE_NAME_HEADER, encodeURIComponent(entry.file.name));
    request.send(entry.file);
    return request;
  };

  const add = (added: AddedFile[]) => {
    // A file already listed is not listed twice (the input may hand back the list it was given).
    // No more than a message takes; the server refuses more anyway. Uploads start here, once per
    // file (never inside a state updater, which React may run twice).
    const known = new Set(entries.map((entry) => entry.file));
    const room = Math.max(0, maxFiles - entries.length);
    const fresh = added
      .filter(({ file }) => !known.has(file))
      .slice(0, room)
      .map(({ file: given, size, pasted }, index) => {
        // A pasted screenshot has no name of its own (or the browser's "image.png" for every one).
        const file = pasted && (!given.name || given.name === "image.png") ? new File([given], `screenshot-${Date.now()}-${index + 1}.${given.type.split("/")[1] || "png"}`, { type: given.type }) : given;
        const key = (nextKey.current += 1);
        if (words.sizes && size > words.sizes.maxFileBytes) return { key, file, size, state: "failed", percent: 0, error: fill(words.sizes.tooLarge, { name: file.name }) } satisfies Entry;
        const entry: Entry = { key, file, size, state: sending ? "sending" : "listed", percent: 0 };
        return { ...entry, request: send(entry) };
      });
    setEntries((current) => [...current, ...fresh]);
  };

  // The field hands its files here; those added while this part loaded are taken once, now.
  useEffect(() => {
    receiverRef.current = add;
    const queued = waitingRef.current.splice(0);
    if (queued.length > 0) add(queued);
  });
  useEffect(() => {
    onShown();
    return () => {
      receiverRef.current = null;
    };
    // Once, when the list is first drawn.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [receiverRef]);

  const remove = (entry: Entry) => {
    setEntries((current) => current.filter((other) => other.key !== entry.key));
    entry.request?.abort();
    // An upload already kept waits for no message now; the orphan sweep would remove it in a day anyway.
    if (entry.id) void fetch(`${UPLOAD_PATH}/${entry.id}`, { method: "DELETE", headers: { [UPLOAD_HEADER]: "1" } }).catch(() => {});
  };

  // The input carries exactly the listed files, also after React reset the form (sent ahead: none).
  useEffect(() => {
    if (!inputRef.current) return;
    const transfer = new DataTransfer();
    if (!sending) for (const entry of entries) if (entry.state !== "failed") transfer.items.add(entry.file);
    inputRef.current.files = transfer.files;
  });

  // Note: React resets a form after its action, which can empty the input after the effect above
  // ran; the form's data is therefore given the listed files (or the ids of those sent ahead) when
  // it is made, on each submit.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const onFormData = (event: FormDataEvent) => {
      event.formData.delete(name);
      event.formData.delete("uploaded");
      for (const entry of entries) {
        if (!sending && entry.state !== "failed") event.formData.append(name, entry.file);
        else if (entry.state === "sent" && entry.id) event.formData.append("uploaded", entry.id);
      }
    };
    // A message is not sent while one of its files is still on its way, or was refused and is
    // still listed: the customer meant to send it (React skips an action whose submit event was
    // prevented).
    const onSubmit = (event: Event) => {
      const waitingUploads = entries.some((entry) => entry.state === "sending");
      const refused = entries.some((entry) => entry.state === "failed");
      const total = entries.reduce((sum, entry) => sum + (entry.state === "failed" ? 0 : entry.size), 0);
      const tooLarge = words.sizes && total > words.sizes.maxMessageBytes ? words.sizes.messageTooLarge : null;
      const reason = waitingUploads ? sending?.waitForUploads : refused ? words.sending?.removeRefused : tooLarge;
      if (!reason) return;
      event.preventDefault();
      setAnnouncement(reason);
    };
    form.addEventListener("formdata", onFormData);
    form.addEventListener("submit", onSubmit);
    return () => {
      form.removeEventListener("formdata", onFormData);
      form.removeEventListener("submit", onSubmit);
    };
  });

  return (
    <>
      <ul id={`${id}-list`} aria-live={sending ? undefined : "polite"} className="mt-2 space-y-1">
        {entries.map((entry) => (
          <li key={entry.key} className="space-y-1 text-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="break-all">
                {entry.file.name} <span className="text-slate-600">({sizeLabel(entry.size)})</span>
              </span>
              <button type="button" className="button-secondary px-2 py-1 text-sm" onClick={() => remove(entry)}>
                {words.remove.replace("{name}", entry.file.name)}
              </button>
            </div>
            {sending && entry.state === "sending" && (
              <div className="flex items-center gap-2">
                <label htmlFor={`${id}-progress-${entry.key}`} className="sr-only">
                  {fill(sending.progressLabel, { name: entry.file.name })}
                </label>
                <progress id={`${id}-progress-${entry.key}`} max={100} value={entry.percent} className="h-2 w-full">
                  {fill(sending.percent, { percent: entry.percent })}
                </progress>
                <span aria-hidden="true" className="w-12 text-right text-slate-600">
                  {entry.percent}%
                </span>
              </div>
            )}
            {entry.state === "failed" && <p className="font-semibold text-danger-700">{entry.error}</p>}
          </li>
        ))}
      </ul>
      {(sending || words.sizes) && (
        <p role="status" className="mt-2 text-sm text-slate-700">
          {announcement}
        </p>
      )}
    </>
  );
}
