import { fieldToFocus, guardForm, readField, readFields } from "@/lib/http/form";

function form(entries: Array<[string, string | Blob]>) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("the input gate every form passes (issue 11)", () => {
  it("takes a field only when it was sent once, as text, within its length", () => {
    const data = form([["email", "a@example.test"], ["twice", "1"], ["twice", "2"], ["file", new Blob(["x"])]]);
    expect(readField(data, "email", { maxLength: 254 })).toEqual({ value: "a@example.test" });
    expect(readField(data, "twice", { maxLength: 254 })).toEqual({ problem: "unreadable" });
    expect(readField(data, "file", { maxLength: 254 })).toEqual({ problem: "unreadable" });
    expect(readField(data, "email", { maxLength: 5 })).toEqual({ problem: "too_long" });
    expect(readField(data, "missing", { maxLength: 254 })).toEqual({ value: "" });
  });

  it.each([
    ["a NUL byte", "name\u0000"],
    ["a bell", "name\u0007"],
    ["an escape", "\u001b[31mred"],
    ["DEL", "name\u007f"],
    ["a C1 control", "name\u0085"],
    ["a line break in a one-line field", "line one\r\nBcc: someone@evil.test"],
  ])("refuses %s with the field's message", (_what, value) => {
    const read = readFields(form([["name", value]]), { name: { maxLength: 100 } });
    expect(read.ok).toBe(false);
    expect(read.problems.name).toBe("control_characters");
    expect(read.values.name).toBe("");
  });

  it("accepts what invalid UTF-8 decodes to (U+FFFD), which the database stores like any character", () => {
    // Note: FormData holds well-formed strings only; a lone surrogate arrives as U+FFFD.
    expect(readFields(form([["name", "name\ud800"]]), { name: { maxLength: 100 } })).toMatchObject({ ok: true, values: { name: "name\ufffd" } });
  });

  it("keeps tabs and line breaks where the text is multi-line", () => {
    const read = readFields(form([["message", "Hello,\r\n\tthe first line\nand more"]]), { message: { maxLength: 100, multiline: true } });
    expect(read).toMatchObject({ ok: true, values: { message: "Hello,\r\n\tthe first line\nand more" } });
  });

  it.each([["a string", "hello"], ["an object", { email: "x" }], ["nothing", undefined], ["an array", [1, 2]]])(
    "answers an action called with %s, instead of failing",
    async (_what, argument) => {
      const action = guardForm(async () => ({ status: "success" as const }), async () => "The form could not be read.");
      expect(await action({ status: "idle" }, argument as unknown as FormData)).toMatchObject({ status: "error", message: expect.stringContaining("could not be read") });
    },
  );
});

describe("form results", () => {
  it("focuses the first field in error, in the form's order", () => {
    const state = { status: "error" as const, fieldErrors: { description: "x", subject: "y" } };
    expect(fieldToFocus(state, ["subject", "category", "description"])).toBe("subject");
  });

  it("focuses the fallback when the form failed as a whole, and nothing when it did not fail", () => {
    expect(fieldToFocus({ status: "error", message: "Invalid username or password." }, ["username", "password"], "password")).toBe("password");
    expect(fieldToFocus({ status: "idle" }, ["username", "password"], "password")).toBeUndefined();
  });
});
