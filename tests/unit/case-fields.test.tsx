import { renderToStaticMarkup } from "react-dom/server";
import { CaseFields } from "@/components/case-fields";

const categories = [
  { value: "billing", label: "Billing" },
  { value: "other", label: "Other" },
];
const words = { subject: "Subject", category: "Category", chooseCategory: "Choose a category", description: "Description", descriptionHint: "What happened?" };

/** The attributes of the one element with this id. */
function element(html: string, id: string): string {
  const found = html.match(new RegExp(`<(?:input|select|textarea)[^>]* id="${id}"[^>]*>`));
  if (!found) throw new Error(`no field #${id} in ${html}`);
  return found[0];
}

/**
 * Issue 24: a case's subject, category and description are one component in Create a case and in
 * both of the support team's ways of opening one, so each keeps its labels, limits and error ties.
 */
describe("the case fields", () => {
  it("give every field its own id under the form's prefix, each label naming its field", () => {
    const html = renderToStaticMarkup(<CaseFields idPrefix="open-case-" categories={categories} words={words} values={{}} errors={{}} focus={undefined} />);
    for (const [id, label] of [
      ["open-case-subject", "Subject"],
      ["open-case-category", "Category"],
      ["open-case-description", "Description"],
    ]) {
      expect(html).toContain(`<label for="${id}">${label}</label>`);
      expect(element(html, id)).toContain('required=""');
    }
    expect(element(html, "open-case-subject")).toContain('maxLength="120"');
    expect(element(html, "open-case-description")).toContain('maxLength="5000"');
    // The hint is tied to the description; a field in no error says nothing is wrong.
    expect(element(html, "open-case-description")).toContain('aria-describedby="open-case-description-hint"');
    expect(html).toContain('<p id="open-case-description-hint" class="text-sm text-slate-600">What happened?</p>');
    expect(html).not.toContain("aria-invalid");
  });

  it("tie each error to its own field and put the focus on the first one in error", () => {
    const html = renderToStaticMarkup(
      <CaseFields
        idPrefix=""
        categories={categories}
        words={words}
        values={{ subject: "Printer <b>", category: "other", description: "It jams" }}
        errors={{ category: "Choose a category.", description: "Too long." }}
        focus="category"
      />,
    );
    expect(element(html, "subject")).not.toContain("aria-invalid");
    expect(element(html, "subject")).toContain('value="Printer &lt;b&gt;"');
    expect(element(html, "category")).toMatch(/aria-invalid="true" aria-describedby="category-error"/);
    expect(element(html, "category")).toContain("autofocus");
    expect(html).toContain('<option value="other" selected="">Other</option>');
    expect(html).toMatch(/id="category-error"[^>]*>[^<]*Choose a category\./);
    expect(element(html, "description")).toContain('aria-describedby="description-hint description-error"');
    expect(element(html, "description")).not.toContain("autofocus");
    expect(html).toMatch(/<textarea[^>]*id="description"[^>]*>It jams<\/textarea>/);
  });

  it("leave the description out where the form has none (a Contact us message's text is the case's)", () => {
    const html = renderToStaticMarkup(
      <CaseFields idPrefix="case-" categories={categories} words={{ subject: "Subject", category: "Category", chooseCategory: "Choose a category" }} values={{}} errors={{}} focus={undefined} />,
    );
    expect(html).toContain('id="case-subject"');
    expect(html).toContain('<option value="" disabled="" selected="">Choose a category</option>');
    expect(html).not.toContain("textarea");
    expect(html).not.toContain('name="description"');
  });
});
