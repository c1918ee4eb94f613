/**
 * A search box's text as a LIKE/ILIKE pattern that matches it anywhere: the wildcards % and _ and
 * the escape character itself are meant literally (PostgreSQL's default escape is the backslash).
 */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
