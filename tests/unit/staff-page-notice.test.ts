import { pageNotice } from "@/lib/staff/page-notice";

/** Issue 24: a staff page's notice comes from its address, which anyone can write. */
describe("the notice a staff page shows after an action", () => {
  const notices = { resetSent: "resetSent", not_needed: "notNeeded" } as const;

  it("is the catalog key of a value the page knows", () => {
    expect(pageNotice("resetSent", notices)).toBe("resetSent");
    expect(pageNotice("not_needed", notices)).toBe("notNeeded");
  });

  it("is none for a value the page does not know, a repeated one or none at all", () => {
    expect(pageNotice("deleted-everything", notices)).toBeNull();
    expect(pageNotice(["resetSent", "resetSent"], notices)).toBeNull();
    expect(pageNotice(undefined, notices)).toBeNull();
  });

  it("is none for the names every object has (so ?done=constructor shows no notice)", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(pageNotice(name, notices)).toBeNull();
  });

  it("is a value the catalog has words for, when the page asks the catalog", () => {
    const catalog = new Set(["unlocked", "resetSent"]);
    expect(pageNotice("resetSent", (key) => catalog.has(key))).toBe("resetSent");
    expect(pageNotice("emailChanged", (key) => catalog.has(key))).toBeNull();
    // Never a key path of its own: dots would reach into another part of the catalog.
    expect(pageNotice("done.unlocked", () => true)).toBeNull();
  });
});
