/**
 * A search box's text as a LIKE/ILIKE pattern that matches it anywhere: the wildcards % and _ and
 * the escape character itself are meant literally (PostgreSQL's default escape is the backslash).
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

// C0 and C1 control characters and DEL. PostgreSQL refuses NUL in any text value (the query
// failed with a 500), and none of them is something a person searches for.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;
const LONGEST_SEARCH = 200;

/** What a staff screen searches for, from its `q` parameter: control characters removed, trimmed, at most 200 characters. */
export function searchTerm(typed: unknown): string {
  if (typeof typed !== "string") return "";
  return typed.replace(CONTROL_CHARACTERS, "").trim().slice(0, LONGEST_SEARCH);
}
