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

/**
 * Issue 30: a status chip reads the same for customers and the support team, capitalised as a label;
 * only "waiting for you" is named from the reader's side (the team reads "Waiting for the customer").
 */
describe.each(availableLocales())("the status chips' words in %s", (locale) => {
  const messages = messagesFor(locale) as { cases: { status: Record<string, string> }; staff: { status: Record<string, string> } };

  it("are capitalised for customers and staff alike", () => {
    for (const words of [messages.cases.status, messages.staff.status]) {
      const lowerCase = Object.values(caseStatusKeys).filter((key) => words[key][0] !== words[key][0].toLocaleUpperCase(locale));
      expect(lowerCase).toEqual([]);
    }
  });

  it("are the same words for both but the one named from the reader's side", () => {
    const different = Object.values(caseStatusKeys).filter((key) => messages.cases.status[key] !== messages.staff.status[key]);
    expect(different).toEqual(["waitingForYou"]);
  });
});
