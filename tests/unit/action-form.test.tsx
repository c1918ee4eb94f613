import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ActionForm, formAnswer, useActionForm, type ActionFormState } from "@/components/action-form";
import { FormField } from "@/components/form-field";
import { NewPasswordFields } from "@/components/new-password-fields";
import { PasswordField } from "@/components/password-field";
import { compileClientMessages } from "@/lib/i18n/client-namespaces";
import { ClientTranslationsProvider } from "@/lib/i18n/client-translations";
import { messagesFor } from "@/lib/i18n/locales";
import type { FormState } from "@/lib/http/form";

const messages = compileClientMessages(messagesFor("en"));

function html(children: ReactNode): string {
  return renderToStaticMarkup(
    <ClientTranslationsProvider locale="en" timeZone="UTC" messages={messages}>
      {children}
    </ClientTranslationsProvider>,
  );
}

/** The opening tag of the one element with this id. */
function element(markup: string, id: string): string {
  const found = markup.match(new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`));
  if (!found) throw new Error(`no #${id} in ${markup}`);
  return found[0];
}

type Field = "name" | "phone";
const send = () => {};

/** A two-field form as the portal's forms are written: the answer's errors, values and focus on each field. */
function DetailsForm({ form }: { form: ActionFormState<FormState<Field>> }) {
  return (
    <ActionForm id="details-form" form={form} fieldIds={{ phone: "details-phone" }}>
      <FormField id="name" {...form.field("name")} label="Name" />
      <FormField id="details-phone" {...form.field("phone", "+44 20 7946 0000")} label="Phone" />
    </ActionForm>
  );
}

/**
 * Issue 24: every client form opens with useActionForm and <ActionForm>, so each announces a failed
 * answer, ties it to its fields and puts the cursor in the first bad field in one way. autofocus is
 * what works without JavaScript; with it, FormMessage moves the focus the same way.
 */
describe("the action form", () => {
  it("is a form the browser does not check, whose live region names the problem and links to each bad field by its id", () => {
    const failed: FormState<Field> = { status: "error", message: "Check your details.", fieldErrors: { phone: "Enter a phone number we can call." }, values: { name: "Ann <b>" } };
    const markup = html(<DetailsForm form={formAnswer(failed, send, ["name", "phone"])} />);
    expect(element(markup, "details-form")).toContain('noValidate=""');
    // The announcement comes first in the form, in a region screen readers hear when it changes.
    expect(markup).toMatch(/^<form id="details-form"[^>]*><div tabindex="-1" aria-live="assertive" aria-atomic="true"/);
    expect(markup).toContain('role="alert"');
    expect(markup).toContain("Check your details.");
    // Without JavaScript the link carries the field's message, and leads to the field's id, not its name.
    expect(markup).toContain('<a href="#details-phone" class="font-semibold text-danger-700 underline">Enter a phone number we can call.</a>');
    expect(element(markup, "details-phone")).toContain('aria-invalid="true"');
    expect(element(markup, "details-phone")).toContain('aria-describedby="details-phone-error"');
    expect(markup).toContain('id="details-phone-error"');
    // The value sent back is refilled, escaped; a field the answer has no value for shows its own.
    expect(element(markup, "name")).toContain('value="Ann &lt;b&gt;"');
    expect(element(markup, "name")).toContain('name="name"');
    expect(element(markup, "details-phone")).toContain('value="+44 20 7946 0000"');
    expect(element(markup, "name")).not.toContain("aria-invalid");
  });

  it("puts the focus on the first bad field in the form's order, whatever order the answer lists them in", () => {
    const failed: FormState<Field> = { status: "error", message: "Check your details.", fieldErrors: { phone: "Too long.", name: "Too long." } };
    const form = formAnswer(failed, send, ["name", "phone"]);
    expect(form.focus).toBe("name");
    const markup = html(<DetailsForm form={form} />);
    expect(element(markup, "name")).toContain('autofocus=""');
    expect(element(markup, "details-phone")).not.toContain("autofocus");
    expect(formAnswer<FormState<Field>>({ status: "error", fieldErrors: { phone: "Too long." } }, send, ["name", "phone"]).focus).toBe("phone");
  });

  it("gives a form that failed as a whole the fallback field, and an answer that did not fail no focus and nothing cleared", () => {
    const wholeFailure = formAnswer<FormState<"username" | "password">>({ status: "error", message: "Wrong username or password." }, send, ["username", "password"], "password");
    expect(wholeFailure).toMatchObject({ focus: "password", errors: {}, values: {}, cleared: true });
    const saved = formAnswer<FormState<Field>>({ status: "success", message: "Saved." }, send, ["name", "phone"], "name");
    expect(saved).toMatchObject({ focus: undefined, cleared: false });
    const markup = html(<DetailsForm form={saved} />);
    expect(markup).toContain("Saved.");
    expect(markup).not.toContain('role="alert"');
    expect(markup).not.toContain("autofocus");
  });

  it("starts every form idle: an empty live region, no field in error or focused", () => {
    function Idle() {
      const form = useActionForm(async (previous: FormState<Field>) => previous, ["name", "phone"]);
      expect(form).toMatchObject({ state: { status: "idle" }, focus: undefined, errors: {}, values: {}, cleared: false });
      return <DetailsForm form={form} />;
    }
    const markup = html(<Idle />);
    expect(markup).toContain('<div tabindex="-1" aria-live="assertive" aria-atomic="true" class="outline-none "></div>');
    expect(markup).not.toContain("aria-invalid");
    expect(markup).not.toContain("autofocus");
  });

  it("never puts a password back in the page, even when an answer holds one (S6)", () => {
    const leaky: FormState<"username" | "password"> = { status: "error", message: "Wrong username or password.", values: { username: "ann", password: "correct horse battery staple" } };
    const form = formAnswer(leaky, send, ["username", "password"], "password");
    const markup = html(
      <ActionForm id="signin-form" form={form}>
        <FormField id="username" {...form.field("username")} label="Username" />
        <PasswordField id="password" {...form.field("password")} label="Password" autoComplete="current-password" cleared={form.cleared} />
      </ActionForm>,
    );
    expect(element(markup, "username")).toContain('value="ann"');
    expect(element(markup, "password")).not.toContain("value=");
    expect(markup).not.toContain("correct horse");
    expect(element(markup, "password")).toContain('autofocus=""');
    expect(element(markup, "password")).toContain('aria-describedby="password-cleared"');
  });

  it("gives the new-password pair its errors, the focus and the emptied note from the form's answer (S6)", () => {
    const failed: FormState<"password" | "confirmPassword"> = { status: "error", message: "The passwords do not match.", fieldErrors: { confirmPassword: "The passwords do not match." } };
    const form = formAnswer(failed, send, ["password", "confirmPassword"]);
    const markup = html(
      <ActionForm id="reset-form" form={form}>
        <NewPasswordFields name="password" label="New password" confirmLabel="Confirm new password" minLength={12} requirements="At least 12 characters." form={form} />
      </ActionForm>,
    );
    for (const id of ["password", "confirmPassword"]) {
      expect(element(markup, id)).toContain('autoComplete="new-password"');
      expect(element(markup, id)).not.toContain("value=");
      expect(markup).toContain(`id="${id}-cleared"`);
    }
    expect(element(markup, "confirmPassword")).toContain('aria-invalid="true"');
    expect(element(markup, "confirmPassword")).toContain('autofocus=""');
    expect(element(markup, "password")).not.toContain("aria-invalid");
    expect(element(markup, "password")).not.toContain("autofocus");
  });
});
