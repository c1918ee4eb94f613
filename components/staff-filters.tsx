import type { ReactNode } from "react";

type StaffFiltersProps = {
  id: string;
  /** The list's own address: the filters are a GET form, so a filtered list is a link to share. */
  action: string;
  search: { id: string; label: string; value: string; hint?: string };
  submit: string;
  /** Choices beside the search box (what to show, in which order). */
  children?: ReactNode;
};

/** Issue 24: the bar above a staff list — a search box, the list's own choices, and the button. */
export function StaffFilters({ id, action, search, submit, children }: StaffFiltersProps) {
  const hintId = search.hint ? `${search.id}-hint` : undefined;
  return (
    <form id={id} method="get" action={action} className="card flex flex-wrap items-end gap-4">
      <div className="min-w-48 flex-1 space-y-1">
        <label htmlFor={search.id} className="font-semibold">
          {search.label}
        </label>
        <input id={search.id} name="q" type="search" maxLength={200} defaultValue={search.value} aria-describedby={hintId} className="text-input" />
        {search.hint && (
          <p id={hintId} className="text-sm text-slate-600">
            {search.hint}
          </p>
        )}
      </div>
      {children}
      <button type="submit" className="button-primary">
        {submit}
      </button>
    </form>
  );
}

type StaffFilterChoiceProps = {
  id: string;
  name: string;
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
};

/** One of a staff list's own choices beside the search (status, category, order…): a labelled select sent with it. */
export function StaffFilterChoice({ id, name, label, value, options }: StaffFilterChoiceProps) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="text-input">
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
