"use client";

import { ActionForm, useActionForm, type FormAction } from "@/components/action-form";
import { AttachmentField, type AttachmentFieldWords } from "@/components/attachment-field";
import { FieldError } from "@/components/field-error";
import { TextAreaField } from "@/components/form-field";
import { SubmitButton } from "@/components/submit-button";
import { CASE_CHOICES, type CaseChoice } from "./choices";

export type CaseWorkField = "kind" | "text" | "files" | "status" | "priority" | "agent" | "seen" | "override";

type Choice = { value: string; label: string };


export type CaseWorkWords = {
  kindLegend: string;
  reply: string;
  note: string;
  textLabel: string;
  replyHint: string;
  status: string;
  priority: string;
  agent: string;
  submit: string;
};

type CaseWorkFormProps = {
  action: FormAction<CaseWorkField>;
  caseId: number;
  /** The newest history entry the page shows: the version check's baseline. */
  seenEventId: number;
  current: { status: string; priority: string; agent: string };
  statuses: Choice[];
  priorities: Choice[];
  agents: Choice[];
  /** Words from the staff page (server-side), so the staff catalog never travels to customers' browsers. */
  words: CaseWorkWords;
  /** A canned reply chosen without JavaScript (issue 27), filled in, to edit before sending; or what was kept when the session ended (issue 26). */
  initialText?: string;
  /** What was kept was a note (issue 26); else a reply is chosen. */
  initialKind?: "reply" | "note";
  /** The status, priority and assignee kept when the session ended (issue 26): chosen again where the form still offers them. */
  initialChoices?: Partial<Record<CaseChoice, string>>;
  /** Files with the reply or note (issue 26): the customer reply form's field and limits. */
  files: { words: AttachmentFieldWords; maxFiles: number };
};

/**
 * Issue 27: the case page's one form — a reply or an internal note, the status, the priority and
 * the assignee, sent together. Works without JavaScript; a failed submit keeps what was chosen.
 */
export function CaseWorkForm({ action, caseId, seenEventId, current, statuses, priorities, agents, words, initialText, initialKind = "reply", initialChoices = {}, files }: CaseWorkFormProps) {
  const form = useActionForm(action, ["text", "files", "agent"]);
  const values = form.values;
  // Each select carries its own message under it, as every field does (the summary links to it).
  const select = (name: CaseChoice, label: string, choices: Choice[]) => {
    const error = form.errors[name];
    // What the agent chose, if the form still offers it; else the case as it is. A value with no
    // option would show the first one (Nobody), which Save would then apply.
    // A kept choice only on the form's first drawing: after an answer, `values` holds what was sent.
    const wanted = form.state.status === "idle" ? initialChoices[name] : values[name];
    const chosen = wanted !== undefined && choices.some((choice) => choice.value === wanted) ? wanted : current[name];
    return (
      <div className="space-y-1">
        <label htmlFor={`case-${name}`} className="block font-semibold">
          {label}
        </label>
        <select
          id={`case-${name}`}
          name={name}
          defaultValue={chosen}
          className="text-input"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `case-${name}-error` : undefined}
        >
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {error && <FieldError id={`case-${name}-error`}>{error}</FieldError>}
      </div>
    );
  };
  // Note: the key makes React draw the form afresh after each answer, so defaultValue follows the state.
  return (
    <ActionForm
      key={JSON.stringify(values)}
      id="case-work-form"
      form={form}
      className="space-y-4"
      fieldIds={{ text: "case-work-text", status: "case-status", priority: "case-priority", agent: "case-agent" }}
    >
      <input type="hidden" name="case" value={caseId} />
      <input type="hidden" name="seen" value={values.seen ?? seenEventId} />
      {/* What the selects were drawn with: Save applies only the choices changed from these. */}
      {CASE_CHOICES.map((name) => (
        <input key={name} type="hidden" name={`shown-${name}`} value={current[name]} />
      ))}
      {values.override && <input type="hidden" name="override" value={values.override} />}
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
        <legend className="mb-1 font-semibold">{words.kindLegend}</legend>
        {(["reply", "note"] as const).map((kind) => (
          <div key={kind} className="flex items-center gap-2">
            <input id={`case-kind-${kind}`} type="radio" name="kind" value={kind} defaultChecked={(values.kind ?? initialKind) === kind} className="size-5" />
            <label htmlFor={`case-kind-${kind}`}>{words[kind]}</label>
          </div>
        ))}
      </fieldset>
      <TextAreaField
        id="case-work-text"
        {...form.field("text", initialText)}
        label={words.textLabel}
        maxLength={5000}
        hint={words.replyHint}
      />
      <AttachmentField id="case-work-files" words={files.words} error={form.errors.files} maxFiles={files.maxFiles} />
      <div className="grid gap-4 sm:grid-cols-3">
        {select("status", words.status, statuses)}
        {select("priority", words.priority, priorities)}
        {select("agent", words.agent, agents)}
      </div>
      <SubmitButton>{words.submit}</SubmitButton>
    </ActionForm>
  );
}
