import { auditEvents } from "@/lib/audit";
import { caseStatusKeys, roles } from "@/lib/db/schema";
import { availableLocales, messagesFor } from "@/lib/i18n/locales";

/** Issue 15: the staff screens word every audit event, role and status, in every language. */
describe.each(availableLocales())("the staff screens' words in %s", (locale) => {
  const staff = messagesFor(locale).staff as Record<string, Record<string, string>>;

  it("name every audit event (the Customers screen lists them)", () => {
    expect(auditEvents.filter((event) => typeof staff.auditEvents[event] !== "string")).toEqual([]);
  });

  it("name every role and every case status", () => {
    expect(roles.filter((role) => typeof staff.roles[role] !== "string")).toEqual([]);
    expect(Object.values(caseStatusKeys).filter((key) => typeof staff.status[key] !== "string")).toEqual([]);
  });
});
