"use client";

import { Component, lazy, Suspense, useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { FieldFrame } from "./field-frame";
import { useHydrated } from "./use-hydrated";

export type AttachmentFieldWords = {
  label: string;
  /** The picker's `accept` (it only helps the picker: the server decides what a file is). */
  accept: string;
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
};

/**
 * A file added to the field, with its size as it was then: the browser may read a chosen file's size
 * again later, and a file moved or deleted since reads as 0 bytes.
 */
export type AddedFile = { file: File; size: number; pasted?: boolean };

/** A file already stored for this message: one kept with a draft across an ended session (issue 26). */
export type KeptFileEntry = { id: string; fileName: string; size: number };

/** Files kept with a draft: listed as sent by the list, and until it is drawn the server's ticked boxes (KeptFileBoxes). */
export type KeptFiles = { entries: KeptFileEntry[]; boxes: ReactNode };

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
  /** Files kept with a draft, given back after signing in (keptFiles): listed as sent. Only with `sendAhead` (the form takes their ids). */
  kept?: KeptFiles;
};

// Issue 25: the list, its uploads and its checks are most of the field's code and most messages
// carry no file, so they are fetched when the first file is added (the page's JavaScript stays
// within the floor's + 10 kB).
const AttachmentList = lazy(() => import("./attachment-list"));

/**
 * When the list's code cannot be fetched (the network dropped, a deploy replaced it), the field
 * stays the plain named input rather than the page's error screen, which would lose what was typed.
 */
class ListUnavailable extends Component<{ onFailed: () => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch() {
    this.props.onFailed();
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

/**
 * Files for a message (issue 26). Without JavaScript it is a plain file input in a multipart form.
 * With JavaScript, files chosen, dropped on the field or pasted as a screenshot anywhere in the form
 * go to the list (`attachment-list.tsx`), which keeps them, sends them ahead (`sendAhead`) and gives
 * the form what it should carry. The server decides what a file is; `accept` only helps the picker.
 */
export function AttachmentField({ id, name = "files", words, error, maxFiles, sendAhead = false, kept }: AttachmentFieldProps) {
  const keptEntries = kept?.entries ?? [];
  const input = useRef<HTMLInputElement>(null);
  const enhanced = useHydrated();
  const [dragging, setDragging] = useState(false);
  // Files wait here until the list is loaded; then the list takes them through `receiver`.
  const waiting = useRef<AddedFile[]>([]);
  const receiver = useRef<((files: AddedFile[]) => void) | null>(null);
  const [listWanted, setListWanted] = useState(sendAhead && keptEntries.length > 0);
  // Set by the list once it is drawn (it then puts the kept files in the form), or when its code
  // could not be fetched (the field stays as without JavaScript).
  const [listShown, setListShown] = useState(false);
  const [listFailed, setListFailed] = useState(false);

  const add = (chosen: File[], pasted?: boolean) => {
    if (chosen.length === 0) return;
    const files = chosen.map((file) => ({ file, size: file.size, pasted }));
    if (receiver.current) receiver.current(files);
    else {
      waiting.current.push(...files);
      setListWanted(true);
      // Until the list takes them, the input itself carries every file added so far (a second
      // choice replaces the first in the input), so a form sent meanwhile loses none.
      if (input.current) {
        const transfer = new DataTransfer();
        for (const { file } of waiting.current) transfer.items.add(file);
        input.current.files = transfer.files;
      }
    }
  };

  // A file chosen before the page's script ran is in the input but was never handed to the field
  // (no change was heard): taken now, so the input keeps its name and the list shows the file.
  useEffect(() => {
    const chosen = input.current?.files;
    if (chosen?.length && waiting.current.length === 0 && !receiver.current) add([...chosen]);
    // Once, when the page's script starts.
  }, []);

  // A screenshot pasted anywhere in the form (the text box included) becomes a file.
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onPaste = (event: ClipboardEvent) => {
      const pasted = [...(event.clipboardData?.files ?? [])];
      if (pasted.length === 0) return;
      event.preventDefault();
      add(pasted, true);
    };
    form.addEventListener("paste", onPaste);
    return () => form.removeEventListener("paste", onPaste);
  });

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    add([...event.dataTransfer.files]);
  };

  const list = enhanced && listWanted && !listFailed;
  return (
    <FieldFrame id={id} label={words.label} hint={words.hint} error={error} describedBy={list ? [`${id}-list`] : []}>
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
          {
            // Without JavaScript the kept files go with the form as ticked boxes. With it they stay
            // until the list is drawn (it lists them then), so a form sent while it loads still carries them.
            !listShown && kept?.boxes
          }
          <input
            ref={input}
            {...control}
            // Issue 25: with JavaScript, until a file is added the input has no name, so the
            // browser's empty entry for an untouched input is not sent although the list (which
            // puts the files, or the ids of those sent ahead, in the form itself) was never loaded.
            // From the first file on it has its name: a form sent while the list is still loading
            // carries the chosen files itself, as without JavaScript, rather than none.
            name={enhanced && !listWanted ? undefined : name}
            type="file"
            multiple
            accept={words.accept}
            className="block w-full text-sm"
            // The input now holds only the new choice; the list keeps the earlier ones too.
            onChange={(event) => enhanced && add([...(event.target.files ?? [])])}
          />
          {list && (
            // While the list loads, its empty element stands in, so the input's description is there.
            <ListUnavailable onFailed={() => setListFailed(true)}>
              <Suspense fallback={<ul id={`${id}-list`} className="mt-2 space-y-1" />}>
                <AttachmentList
                  id={id}
                  name={name}
                  words={words}
                  maxFiles={maxFiles}
                  sendAhead={sendAhead}
                  kept={keptEntries}
                  inputRef={input}
                  waitingRef={waiting}
                  receiverRef={receiver}
                  onShown={() => setListShown(true)}
                />
              </Suspense>
            </ListUnavailable>
          )}
        </div>
      )}
    </FieldFrame>
  );
}
