"use client";

import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from "react";
import { FieldFrame } from "./field-frame";
import { useHydrated } from "./use-hydrated";

export type AttachmentFieldWords = {
  label: string;
  hint: string;
  /** Shown where files can be dropped (with JavaScript). */
  dropHint: string;
  /** "Remove {name}" */
  remove: string;
};

type AttachmentFieldProps = {
  id: string;
  /** The form field's name (the server reads its files from it). */
  name?: string;
  words: AttachmentFieldWords;
  error?: string;
  maxFiles: number;
};

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,image/heic,.heic,application/pdf,.pdf,text/plain,.txt,text/csv,.csv";

function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Files for a message (issue 26). Without JavaScript it is a plain file input in a multipart form.
 * With JavaScript the chosen files are kept in a list — so a refused form keeps them, one can be
 * removed before sending, and files dropped on the field or a screenshot pasted anywhere in the
 * form join them — and the input is given the list each time it is drawn (a form action resets it).
 * The server decides what a file is; `accept` only helps the picker.
 */
export function AttachmentField({ id, name = "files", words, error, maxFiles }: AttachmentFieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const enhanced = useHydrated();
  const [dragging, setDragging] = useState(false);

  // The input carries exactly the listed files, also after React reset the form.
  useEffect(() => {
    if (!input.current || !enhanced) return;
    const transfer = new DataTransfer();
    for (const file of files) transfer.items.add(file);
    input.current.files = transfer.files;
  });

  const add = (added: Iterable<File>) => setFiles((current) => [...current, ...added].slice(0, Math.max(maxFiles, current.length)));

  // Note: React resets a form after its action, which can empty the input after the effect above
  // ran; the form's data is therefore given the listed files when it is made, on each submit.
  useEffect(() => {
    const form = input.current?.form;
    if (!form || !enhanced) return;
    const onFormData = (event: FormDataEvent) => {
      event.formData.delete(name);
      for (const file of files) event.formData.append(name, file);
    };
    form.addEventListener("formdata", onFormData);
    return () => form.removeEventListener("formdata", onFormData);
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
              const known = new Set(files);
              add(chosen.filter((file) => !known.has(file)));
            }}
          />
          {enhanced && (
            <ul id={`${id}-list`} aria-live="polite" className="mt-2 space-y-1">
              {files.map((file, index) => (
                <li key={`${file.name}-${index}`} className="flex items-center justify-between gap-2 text-sm">
                  <span className="break-all">
                    {file.name} <span className="text-slate-600">({sizeLabel(file.size)})</span>
                  </span>
                  <button type="button" className="button-secondary px-2 py-1 text-sm" onClick={() => setFiles((current) => current.filter((_, at) => at !== index))}>
                    {words.remove.replace("{name}", file.name)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </FieldFrame>
  );
}
