import { safeCallbackPath } from "@/lib/auth/callback-url";

describe("S36: where sign-in sends the customer afterwards", () => {
  it.each(["https://evil.test", "//evil.test", "/\\evil.test", "https://portal.example.test.evil.test/account", "@evil.test", "javascript:alert(1)", "http://portal.example.test/account"])(
    "lands on the portal's own home page for %s",
    (candidate) => {
      expect(safeCallbackPath(candidate)).toBe("/");
    },
  );

  it("keeps a path on the portal", () => {
    expect(safeCallbackPath("/support/cases?page=2")).toBe("/support/cases?page=2");
  });

  it("reduces an absolute URL on the portal's own origin to its path", () => {
    expect(safeCallbackPath("https://portal.example.test/account")).toBe("/account");
  });

  it("ignores anything that is not a single string", () => {
    expect(safeCallbackPath(["/account"])).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });
});
