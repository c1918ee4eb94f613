import { Text } from "@react-email/components";
import { paragraph } from "./email-layout";
import type { EmailText } from "./email-text";

/** The names of a message's files (issue 26): mail names them and links to the case, and never carries them. */
export function AttachedFiles({ names, t }: { names?: readonly string[]; t: EmailText }) {
  if (!names || names.length === 0) return null;
  return (
    <Text style={paragraph}>
      {t("attachedFiles", { count: names.length })} {names.join(", ")}
    </Text>
  );
}
