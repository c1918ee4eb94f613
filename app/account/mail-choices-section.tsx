import type { ReactNode } from "react";
import { CardSection } from "@/components/card-section";
import { Notice } from "@/components/notice";

type MailChoicesSectionProps = {
  headingId: string;
  heading: string;
  intro: ReactNode;
  /** The notice after a save, when the address says there was one. */
  savedNotice?: string;
  action: (form: FormData) => Promise<void>;
  /** One checkbox a mail; its name is the field the action reads. */
  choices: ReadonlyArray<{ name: string; label: string; checked: boolean }>;
  saveLabel: string;
};

/**
 * A section of the account page that turns mails on and off: the security alerts a customer may
 * stop, and the support team's own mails. One checkbox each, saved by one button, without JavaScript.
 */
export function MailChoicesSection({ headingId, heading, intro, savedNotice, action, choices, saveLabel }: MailChoicesSectionProps) {
  return (
    <CardSection headingId={headingId} heading={heading} gap={4}>
      {savedNotice && <Notice tone="success">{savedNotice}</Notice>}
      <p>{intro}</p>
      <form action={action} className="space-y-4">
        {choices.map((choice) => (
          <div key={choice.name} className="flex items-start gap-3">
            <input id={choice.name} name={choice.name} type="checkbox" defaultChecked={choice.checked} className="mt-1 size-5" />
            <label htmlFor={choice.name}>{choice.label}</label>
          </div>
        ))}
        <button type="submit" className="button-secondary">
          {saveLabel}
        </button>
      </form>
    </CardSection>
  );
}
