import { Fragment } from "react";
import { MATCH_END, MATCH_START } from "@/lib/knowledge-base/search";

/** Text from a search with its matches marked; rendered as text, never as HTML. */
export function HighlightedText({ text }: { text: string }) {
  const parts = text.split(MATCH_START);
  return (
    <>
      {parts.map((part, index) => {
        if (index === 0) return <Fragment key={index}>{part}</Fragment>;
        const [match, rest = ""] = part.split(MATCH_END);
        return (
          <Fragment key={index}>
            <mark className="rounded bg-amber-200 px-0.5 text-slate-900">{match}</mark>
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}
