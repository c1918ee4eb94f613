import { dateCell, flagCell, guidCell, Problem } from "@/lib/import/column-values";
import { buildProviderMap, ProviderMapError } from "@/lib/import/provider-map";
import { planReimport } from "@/lib/import/reimport";
import type { ImportedValues } from "@/lib/db/schema";

const imported: ImportedValues = {
  username: "jsmith",
  email: "john@example.test",
  emailConfirmed: true,
  name: "John Smith",
  phone: null,
  passwordHashSha256: "old-hash",
  disabled: false,
  lockedUntil: null,
  mfaEmailCodeRequired: false,
};

describe("a later export against what this portal changed since the import", () => {
  it("takes the export's value for a field this portal has not changed", () => {
    expect(planReimport(imported, imported, { ...imported, name: "John Q. Smith", passwordHashSha256: "new-hash" })).toEqual({
      changes: ["name", "passwordHashSha256"],
      kept: [],
      bookkeepingOnly: false,
    });
  });

  it("keeps a password, email or lock changed here, and says so when the export changed it too", () => {
    const here = { ...imported, passwordHashSha256: "argon2id", email: "new@example.test", lockedUntil: "2030-01-01T00:00:00.000Z" };
    expect(planReimport(here, imported, { ...imported, passwordHashSha256: "newer", email: "other@example.test" })).toEqual({
      changes: [],
      // The lock changed here too, but the export did not move it: nothing to report.
      kept: ["email", "passwordHashSha256"],
      bookkeepingOnly: true,
    });
    expect(planReimport(here, imported, imported)).toEqual({ changes: [], kept: [], bookkeepingOnly: false });
  });

  it("changes nothing when the export is what was imported", () => {
    expect(planReimport(imported, imported, { ...imported })).toEqual({ changes: [], kept: [], bookkeepingOnly: false });
  });
});

describe("adx_identityprovidername to this portal's provider ids", () => {
  it("maps by option, ignoring case and a trailing slash, and by a configured issuer", () => {
    const map = buildProviderMap(["https://Login.Corp.example.test/=corp", "Google=google"], [
      { id: "microsoft-entra-id", name: "Microsoft", kind: "microsoft-entra-id", issuer: "https://login.microsoftonline.com/t/v2.0", clientId: "a", clientSecret: "b" },
    ]);
    expect(map.lookup("https://login.corp.example.test")).toEqual({ providerId: "corp", configured: false, how: "option" });
    expect(map.lookup("google")).toMatchObject({ providerId: "google" });
    expect(map.lookup("https://login.microsoftonline.com/t/v2.0/")).toEqual({ providerId: "microsoft-entra-id", configured: true, how: "issuer" });
    expect(map.lookup("Facebook")).toBeUndefined();
  });

  it("refuses a mapping that is not name=id", () => {
    expect(() => buildProviderMap(["Facebook"], [])).toThrow(ProviderMapError);
    expect(() => buildProviderMap(["Facebook=Not An Id"], [])).toThrow(ProviderMapError);
  });
});

describe("Dataverse cells from CSV and JSON", () => {
  it("reads yes/no columns both ways and refuses anything else", () => {
    expect(["True", "false", "Yes", "no", "1", "0", true, false, 1, 0].map((value) => flagCell(value, "x"))).toEqual([true, false, true, false, true, false, true, false, true, false]);
    expect(flagCell("", "x")).toBeNull();
    expect(flagCell("maybe", "x")).toBeInstanceOf(Problem);
  });

  it("reads ISO dates with or without a zone (UTC), and .NET's 7 fractional digits", () => {
    expect(dateCell("2099-01-01T00:00:00Z", "x")).toEqual(new Date("2099-01-01T00:00:00Z"));
    expect(dateCell("2099-01-01 10:30:00", "x")).toEqual(new Date("2099-01-01T10:30:00Z"));
    expect(dateCell("2099-01-01T10:30:00.1234567+02:00", "x")).toEqual(new Date("2099-01-01T08:30:00.123Z"));
    expect(dateCell("01/02/2099", "x")).toBeInstanceOf(Problem);
  });

  it("reads GUIDs with or without braces, lower-cased", () => {
    expect(guidCell("{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE}", "x")).toBe("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    expect(guidCell("not-a-guid", "x")).toBeInstanceOf(Problem);
  });
});
