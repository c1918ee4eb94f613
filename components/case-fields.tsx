import { FormField, SelectField, TextAreaField } from "./form-field";

type CaseField = "subject" | "category" | "description";

export type CaseFieldWords = { subject: string; category: string; chooseCategory: string; description?: string; descriptionHint?: string };

type CaseFieldsProps = {
  /** Put before each field's id, so two forms on one page keep their ids apart ("" on Create a case). */
  idPrefix: string;
  categories: ReadonlyArray<{ value: string; label: string }>;
  /** Without a description's words the form takes no description (a Contact us message's text is one). */
  words: CaseFieldWords;
  /** What the form came back with, or what it starts with. */
  values: Partial<Record<CaseField, string>>;
  errors: Partial<Record<CaseField, string>>;
  /** The field the form's first error is in, to take the focus. */
  focus: string | undefined;
};

/**
 * A case's subject, category and description, the same in the customer's Create a case and in the
 * support team's "open a case" for a customer or from a Contact us message: one length limit and
 * one set of labels, hints and error ties for all three. The form around them adds its own fields
 * (attachments, priority) and reads the same names on the server.
 */
export function CaseFields({ idPrefix, categories, words, values, errors, focus }: CaseFieldsProps) {
  return (
    <>
      <FormField
        id={`${idPrefix}subject`}
        name="subject"
        label={words.subject}
        required
        maxLength={120}
        defaultValue={values.subject}
        error={errors.subject}
        autoFocus={focus === "subject"}
      />
      <SelectField
        id={`${idPrefix}category`}
        name="category"
        label={words.category}
        required
        options={categories}
        placeholder={words.chooseCategory}
        defaultValue={values.category ?? ""}
        error={errors.category}
        autoFocus={focus === "category"}
      />
      {words.description !== undefined && (
        <TextAreaField
          id={`${idPrefix}description`}
          name="description"
          label={words.description}
          hint={words.descriptionHint}
          required
          maxLength={5000}
          defaultValue={values.description}
          error={errors.description}
          autoFocus={focus === "description"}
        />
      )}
    </>
  );
}
