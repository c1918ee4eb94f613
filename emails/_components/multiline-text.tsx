import { Text } from "@react-email/components";
import { Fragment, type CSSProperties } from "react";

/**
 * What someone typed, with its line breaks, in both parts of a mail: the HTML part keeps them with
 * pre-wrap, and the plain-text part (which collapses white space) gets them from <br>. Text only:
 * React escapes every character.
 */
export function MultilineText({ text, style }: { text: string; style: CSSProperties }) {
  return (
    <Text style={style}>
      {text.split(/\r?\n/).map((line, index) => (
        <Fragment key={index}>
          {index > 0 && <br />}
          {line}
        </Fragment>
      ))}
    </Text>
  );
}
