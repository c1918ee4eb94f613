import { articleHtml } from "@/lib/support/article-html";

/**
 * An article's Markdown as plain text, for search excerpts and the "did you mean" word list: the
 * excerpt then shows "Sign in", not "**Sign in**". It is only ever rendered as text (React escapes
 * it), never as HTML. It is the text of the HTML the article page shows — after the page's own
 * sanitiser, so an HTML comment, a <style> or a <script> in the Markdown, which readers never see,
 * never reaches an excerpt either. (The sanitised HTML escapes ">" in attribute values, so a tag
 * ends at the first ">".)
 */
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

export function plainText(markdown: string): string {
  return articleHtml(markdown)
    .replace(/<[^>]*>/g, " ")
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity])
    .replace(/\s+/g, " ")
    .trim();
}

/** A word as the word list keeps it: lower case, accents dropped ("Contraseña" → "contrasena"). */
export function bareWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The distinct searchable words of a text (3–40 letters or digits), bare. */
export function wordsOf(text: string): string[] {
  const words = new Set<string>();
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = bareWord(match[0]);
    if (word.length >= 3 && word.length <= 40) words.add(word);
  }
  return [...words];
}
