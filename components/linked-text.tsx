import { textParts } from "@/lib/support/text-links";

/**
 * What someone typed, shown as text: React escapes it, line breaks are kept, and http(s) and
 * mailto addresses are links that give the other site neither a handle on this page nor its address.
 */
export function LinkedText({ text, className = "" }: { text: string; className?: string }) {
  return (
    <p className={`whitespace-pre-wrap break-words ${className}`}>
      {textParts(text).map((part, index) =>
        part.kind === "link" ? (
          <a key={index} href={part.href} rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
