/**
 * Splits what someone typed (a case reply, a note, a Contact us message) into text and links, so a
 * page can show it as text — escaped by React, line breaks kept — with its web and mail addresses
 * clickable. Nothing is ever read as HTML. Only http(s) and mailto addresses become links; a
 * `javascript:` or `data:` address stays text.
 */
export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// A candidate starts at a scheme; it runs until whitespace or a character that cannot be in an
// address written in running text.
const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address: "see https://x.test/a." → ".".
const TRAILING = /[.,;:!?*'"]+$/;
const MAX_LINK_LENGTH = 2048;

/** Drops trailing punctuation, and a closing bracket that has no opening one inside the address. */
function trimAddress(candidate: string): string {
  let address = candidate.replace(TRAILING, "");
  for (const [open, close] of [["(", ")"], ["[", "]"], ["{", "}"]] as const) {
    while (address.endsWith(close) && address.split(open).length < address.split(close).length) {
      address = address.slice(0, -1).replace(TRAILING, "");
    }
  }
  return address;
}

function safeHref(address: string): string | null {
  if (address.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol === "mailto:") return /^mailto:[^@\s]+@[^@\s]+$/i.test(address) ? url.href : null;
  if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname) return url.href;
  return null;
}

export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  const push = (part: TextPart) => {
    const previous = parts.at(-1);
    if (part.kind === "text" && previous?.kind === "text") previous.text += part.text;
    else if (part.text) parts.push(part);
  };
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const address = trimAddress(match[0]);
    const href = safeHref(address);
    if (!href) continue;
    push({ kind: "text", text: text.slice(last, start) });
    push({ kind: "link", text: address, href });
    last = start + address.length;
  }
  push({ kind: "text", text: text.slice(last) });
  return parts;
}
