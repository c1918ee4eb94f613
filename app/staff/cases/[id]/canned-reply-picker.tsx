"use client";

import type { FormEvent } from "react";

export type CannedReplyGroup = { label: string; lang: string; replies: ReadonlyArray<{ id: number; title: string; text: string }> };
export type CannedReplyPickerWords = Record<"label" | "choose" | "insert" | "hint", string>;

/**
 * Issue 27: an agent inserts a canned reply (with the customer's name and the case number already
 * filled in) into the reply box, then edits it. Without JavaScript this is a GET form: the page
 * comes back with the reply box holding the template (`?template=<id>`). With it, the template
 * goes in where the cursor is, keeping what was typed, and nothing is loaded.
 */
export function CannedReplyPicker({ caseId, groups, words }: { caseId: number; groups: ReadonlyArray<CannedReplyGroup>; words: CannedReplyPickerWords }) {
  function insert(event: FormEvent<HTMLFormElement>) {
    const chosen = new FormData(event.currentTarget).get("template");
    const text = groups.flatMap((group) => group.replies).find((reply) => String(reply.id) === chosen)?.text;
    const box = document.getElementById("case-work-text");
    if (text === undefined || !(box instanceof HTMLTextAreaElement)) return;
    event.preventDefault();
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? start;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  }
  return (
    <form id="canned-reply-picker" method="get" action={`/staff/cases/${caseId}`} onSubmit={insert} className="space-y-1">
      <label htmlFor="canned-reply" className="block font-semibold">
        {words.label}
      </label>
      <p id="canned-reply-hint" className="text-sm text-slate-600">
        {words.hint}
      </p>
      <div className="flex flex-wrap gap-3">
        <select id="canned-reply" name="template" defaultValue="" aria-describedby="canned-reply-hint" className="text-input w-auto max-w-full" required>
          <option value="" disabled>
            {words.choose}
          </option>
          {groups.map((group) => (
            <optgroup key={group.lang} label={group.label}>
              {group.replies.map((reply) => (
                <option key={reply.id} value={reply.id} lang={group.lang}>
                  {reply.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="submit" className="button-secondary">
          {words.insert}
        </button>
      </div>
    </form>
  );
}
