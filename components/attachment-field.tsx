"use client";

import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from "react";
import { FILE_NAME_HEADER, UPLOAD_HEADER, UPLOAD_PATH } from "@/lib/support/attachments/upload-request";
import { FieldFrame } from "./field-frame";
import { useHydrated } from "./use-hydrated";

export type AttachmentFieldWords = {
  label: string;
  hint: string;
  /** Shown where files can be dropped (with JavaScript). */
  dropHint: string;
  /** "Remove {name}" */
  remove: string;
  /** For files sent ahead (`sendAhead`); "{name}", "{percent}" and "{reason}" are filled in here. */
  sending?: { progressLabel: string; percent: string; done: string; failed: string; lost: string; waitForUploads: string; removeRefused: string };
  /**
   * With JavaScript, files over the limits are refused here, before a byte is sent: a body over
   * the request gate's 26 MB would get only its plain 413 (issue 26). "{name}" is filled in here.
   */
  sizes?: { maxFileBytes: number; maxMessageBytes: number; tooLarge: string; messageTooLarge: string };
  /** Above the files a kept draft brought back, without JavaScript (ticked boxes). */
  kept?: string;
};

/** A file already stored for this message: one kept with a draft across an ended session (issue 26). */
export type KeptFileEntry = { id: string; fileName: string; size: number };

type AttachmentFieldProps = {
  id: string;
  /** The form field's name (the server reads its files from it). */
  name?: string;
  words: AttachmentFieldWords;
  error?: string;
  maxFiles: number;
  /**
   * With JavaScript, send each file to POST /api/attachments as soon as it is added, with its
   * progress shown, and give the form only the uploads' ids ("uploaded"); the form's action must
   * take them (lib/support/attachments/message-files.ts). Needs `words.sending`.
   */
  sendAhead?: boolean;
  /** Files kept with a draft, given back after signing in: listed as sent (with `sendAhead`). */
  kept?: KeptFileEntry[];
};

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/heic,.heic,application/pdf,.pdf,text/plain,.txt,text/csv,.csv";

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A file in the list; with `sendAhead`, also how its upload goes. */
type Entry = { key: number; file: File; size: number; state: "listed" | "sending" | "sent" | "failed"; percent: number; id?: string; error?: string; request?: XMLHttpRequest };

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/**
 * Files for a message (issue 26). Without JavaScript it is a plain file input in a multipart form.
 * With JavaScript the chosen files are kept in a list — so a refused form keeps them, one can be
 * removed before sending, and files dropped on the field or a screenshot pasted anywhere in the
 * form join them. Then either the input is given the list each time it is drawn (a form action
 * resets it), or, with `sendAhead`, each file is sent on its own as it is added (XHR, for its upload
 * progress) and the form carries only ids, so the server never takes a whole message's files in one
 * body. The server decides what a file is; `accept` only helps the picker.
 */
export function AttachmentField({ id, name = "files", words, error, maxFiles, sendAhead = false, kept = [] }: AttachmentFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  // Kept files are already stored: listed as sent, under their names (their bytes stay on the server).
  const [entries, setEntries] = useState<Entry[]>(() =>
    sendAhead ? kept.map((file, index) => ({ key: -1 - index, file: new File([], file.fileName), size: file.size, state: "sent", percent: 100, id: file.id })) : [],
  );
  const [announcement, setAnnouncement] = useState("");
  const nextKey = useRef(0);
  const enhanced = useHydrated();
  const [dragging, setDragging] = useState(false);
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

  const add = (added: Iterable<File>) => {
    // No more than a message takes; the server refuses more anyway. Uploads start here, once per
    // file (never inside a state updater, which React may run twice).
    const room = Math.max(0, maxFiles - entries.length);
    const fresh = [...added].slice(0, room).map((file) => {
      const key = (nextKey.current += 1);
      if (words.sizes && file.size > words.sizes.maxFileBytes) return { key, file, size: file.size, state: "failed", percent: 0, error: fill(words.sizes.tooLarge, { name: file.name }) } satisfies Entry;
      const entry: Entry = { key, file, size: file.size, state: sending ? "sending" : "listed", percent: 0 };
      return { ...entry, request: send(entry) };
    });
    setEntries((current) => [...current, ...fresh]);
  };

  const remove = (entry: Entry) => {
    setEntries((current) => current.filter((other) => other.key !== entry.key));
    entry.request?.abort();
    // An upload already kept waits for no message now; the orphan sweep would remove it in a day anyway.
    if (entry.id) void fetch(`${UPLOAD_PATH}/${entry.id}`, { method: "DELETE", headers: { [UPLOAD_HEADER]: "1" } }).catch(() => {});
  };

  // The input carries exactly the listed files, also after React reset the form (sent ahead: none).
  useEffect(() => {
    if (!input.current || !enhanced) return;
    const transfer = new DataTransfer();
    if (!sending) for (const entry of entries) if (entry.state !== "failed") transfer.items.add(entry.file);
    input.current.files = transfer.files;
  });

  // Note: React resets a form after its action, which can empty the input after the effect above
  // ran; the form's data is therefore given the listed files (or the ids of those sent ahead) when
  // it is made, on each submit.
  useEffect(() => {
    const form = input.current?.form;
    if (!form || !enhanced) return;
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
      const waiting = entries.some((entry) => entry.state === "sending");
      const refused = entries.some((entry) => entry.state === "failed");
      const total = entries.reduce((sum, entry) => sum + (entry.state === "failed" ? 0 : entry.size), 0);
      const tooLarge = words.sizes && total > words.sizes.maxMessageBytes ? words.sizes.messageTooLarge : null;
      const reason = waiting ? sending?.waitForUploads : refused ? words.sending?.removeRefused : tooLarge;
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

  // A screenshot pasted anywhere in the form (the text box included) becomes a file.
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onPaste = (event: Event) => {
      const pasted = [...((event as unknown as ClipboardEvent).clipboardData?.files ?? [])];
      if (pasted.length === 0) return;
      event.preventDefault();
      add(pasted.map((file, index) => (file.name && file.name !== "image.png" ? file : new File([file], `screenshot-${Date.now()}-${index + 1}.${file.type.split("/")[1] || "png"}`, { type: file.type }))));
    };
    form.addEventListener("paste", onPaste);
    return () => form.removeEventListener("paste", onPaste);
  });

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  return (
    <FieldFrame id={id} label={words.label} hint={words.hint} error={error} describedBy={enhanced ? [`${id}-list`] : []}>
      {(control) => (
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`rounded-md border-2 border-dashed p-3 ${dragging ? "border-brand-600 bg-brand-100" : "border-slate-300"}`}
        >
          {enhanced && <p className="mb-2 text-sm text-slate-700">{words.dropHint}</p>}
          {!enhanced && sendAhead && kept.length > 0 && (
            // Without JavaScript the kept files go with the form as ticked boxes: untick one to leave it out.
            <fieldset className="mb-3">
              <legend className="mb-1 text-sm font-semibold">{words.kept}</legend>
              <ul className="space-y-1">
                {kept.map((file) => (
                  <li key={file.id} className="text-sm">
                    <label className="flex items-center gap-2">
                      <input type="checkbox" name="uploaded" value={file.id} defaultChecked />
                      <span className="break-all">
                        {file.fileName} <span className="text-slate-600">({sizeLabel(file.size)})</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <input
            ref={input}
            {...control}
            name={name}
            type="file"
            multiple
            accept={ACCEPT}
            className="block w-full text-sm"
            onChange={(event) => {
              if (!enhanced) return;
              const chosen = [...(event.target.files ?? [])];
              // The input now holds only the new choice; the list keeps the earlier ones too.
              const known = new Set(entries.map((entry) => entry.file));
              add(chosen.filter((file) => !known.has(file)));
            }}
          />
          {enhanced && (
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
          )}
          {(sending || words.sizes) && enhanced && (
            <p role="status" className="mt-2 text-sm text-slate-700">
              {announcement}
            </p>
          )}
        </div>
      )}
    </FieldFrame>
  );
}
