/**
 * A row's number (a serial id: a case, a Contact us message, a canned reply) from a URL or a form:
 * digits only, at most 15 of them so it is a safe integer, or null. A malformed one is "no such
 * row", never a database error (bad input never answers 500).
 */
export function rowNumber(value: unknown): number | null {
  return typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : null;
}
