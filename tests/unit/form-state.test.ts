import { fieldToFocus, formText } from "@/lib/http/form";

describe("form results", () => {
  it("focuses the first field in error, in the form's order", () => {
    const state = { status: "error" as const, fieldErrors: { description: "x", subject: "y" } };
    expect(fieldToFocus(state, ["subject", "category", "description"])).toBe("subject");
  });

  it("focuses the fallback when the form failed as a whole, and nothing when it did not fail", () => {
    expect(fieldToFocus({ status: "error", message: "Invalid username or password." }, ["username", "password"], "password")).toBe("password");
    expect(fieldToFocus({ status: "idle" }, ["username", "password"], "password")).toBeUndefined();
  });

  it("takes a field only when it was sent once, as text, within its length", () => {
    const form = new FormData();
    form.append("email", "a@example.test");
    form.append("twice", "1");
    form.append("twice", "2");
    expect(formText(form, "email", 254)).toBe("a@example.test");
    expect(formText(form, "twice", 254)).toBeNull();
    expect(formText(form, "email", 5)).toBeNull();
    expect(formText(form, "missing", 254)).toBeNull();
  });
});
