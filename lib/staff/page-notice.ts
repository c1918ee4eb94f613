type Address = string | string[] | undefined;

/**
 * Issue 24: the notice a staff page shows after an action (lib/staff/staff-action.ts redirects with
 * `?done=<notice>` or `?refused=<reason>`): a value the page knows, else none — anyone can write
 * the address, and a made-up value shows nothing. The page knows a value by its words in the
 * catalog (`(key) => t.has(\`done.${key}\`)`, so a new action's notice is only its words) or by a
 * map from the value to its words' key.
 */
export function pageNotice(value: Address, known: (key: string) => boolean): string | null;
export function pageNotice<Words extends Record<string, string>>(value: Address, words: Words): Words[keyof Words] | null;
export function pageNotice(value: Address, known: ((key: string) => boolean) | Record<string, string>): string | null {
  if (typeof value !== "string" || !/^[a-z][a-zA-Z_]{0,40}$/.test(value)) return null;
  if (typeof known === "function") return known(value) ? value : null;
  return Object.hasOwn(known, value) ? known[value] : null;
}
