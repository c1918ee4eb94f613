import { rowNumber } from "@/lib/db/row-number";

/** Issue 24: a case's, a Contact us message's and a canned reply's number are read from a URL or a form by one rule. */
describe("a row's number from a URL or a form", () => {
  it("is the number for digits, and null for anything else (never a database error)", () => {
    expect(rowNumber("42")).toBe(42);
    expect(rowNumber("999999999999999")).toBe(999_999_999_999_999);
    for (const malformed of ["", "-1", "1.5", "1e3", " 7", "abc", "0x10", "1234567890123456", 42, null, undefined, ["1"]]) {
      expect(rowNumber(malformed)).toBeNull();
    }
  });
});
