/**
 * Reading one Dataverse cell, whether it came from CSV (always text) or the Web API's JSON (typed).
 * Each reader returns the value, null for an empty cell, or a Problem saying what is wrong.
 */
export class Problem {
  constructor(readonly message: string) {}
}

export type Cell<T> = T | null | Problem;

// Control characters never belong in a name, an address or a username (issue 11's input rule).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function textCell(value: unknown, column: string, maxLength: number): Cell<string> {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" && typeof value !== "number") return new Problem(`${column} is not text`);
  const text = String(value).trim();
  if (text === "") return null;
  if (CONTROL.test(text)) return new Problem(`${column} holds control characters`);
  if ([...text].length > maxLength) return new Problem(`${column} is longer than ${maxLength} characters`);
  return text;
}

const TRUE = new Set(["true", "yes", "1"]);
const FALSE = new Set(["false", "no", "0"]);

/** Dataverse yes/no columns: true/false in JSON; True/False, Yes/No or 1/0 in CSV. */
export function flagCell(value: unknown, column: string): Cell<boolean> {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && (value === 0 || value === 1)) return value === 1;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (word === "") return null;
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
  }
  return new Problem(`${column} is ${JSON.stringify(value)}, not true or false`);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Dates as the Web API and Dataverse's CSV export write them (ISO 8601; no zone means UTC). */
export function dateCell(value: unknown, column: string): Cell<Date> {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return new Problem(`${column} is not a date`);
  const text = value.trim();
  if (text === "") return null;
  if (!ISO_DATE.test(text)) return new Problem(`${column} is "${text}", not a date such as 2026-03-01T09:30:00Z`);
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || !text.includes(":") ? text : `${text.replace(" ", "T")}Z`;
  // Note: .NET writes up to 7 fractional digits; JavaScript reads 3.
  const date = new Date(withZone.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(date.getTime())) return new Problem(`${column} is "${text}", not a date`);
  return date;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A Dataverse GUID, lower-cased, with or without braces. */
export function guidCell(value: unknown, column: string): Cell<string> {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") return new Problem(`${column} is not a GUID`);
  const text = value.trim();
  if (text === "") return null;
  const match = GUID.exec(text);
  return match ? match[1].toLowerCase() : new Problem(`${column} is "${text}", not a GUID`);
}
