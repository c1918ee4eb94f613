import { setCustomerRole } from "@/lib/customers/customers";
import { searchCustomers } from "@/lib/customers/lookup";
import { searchTerm } from "@/lib/db/like";
import type { StaffMember } from "@/lib/staff/access";
import { caseQueue, queueFilters } from "@/lib/support/case-queue";
import { createCase } from "@/lib/support/cases";
import { sendContactMessage } from "@/lib/support/contact";
import { contactInbox } from "@/lib/support/contact-inbox";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 22 item 7: a NUL in the search box of the case queue, the Contact us inbox or the
 * Customers screen reached PostgreSQL, which refuses it in text, and the page answered 500. Each
 * screen searches through searchTerm(), which removes control characters.
 */
withTestDatabase();
withSmtpReceiver();

const CONTROL = ["\u0000", "\u0007", "\u001b", "\r\n", "\t", "\u007f", "\u0085", "\u009b"];

describe(`staff search with control characters, on ${testDatabaseLabel()} (issue 22)`, () => {
  it("removes control characters, trims and caps the term, whatever the parameter holds", () => {
    expect(searchTerm("\u0000")).toBe("");
    expect(searchTerm(" ja\u0000ne\r\n ")).toBe("jane");
    expect(searchTerm("\u001b]0;title\u0007")).toBe("]0;title");
    expect(searchTerm(["a", "b"])).toBe("");
    expect(searchTerm(undefined)).toBe("");
    expect(searchTerm("x".repeat(500))).toHaveLength(200);
    expect(searchTerm("Ñandú 100%_")).toBe("Ñandú 100%_");
  });

  it("searches cases, Contact us messages and customers with a NUL or any control character, and finds the text around it", async () => {
    const agent = await makeCustomer();
    await setCustomerRole(agent.id, "agent");
    const staff = (await reloadCustomer(agent.id)) as StaffMember;
    const customer = await makeCustomer({ name: "Nulsearch Person" });
    const supportCase = await createCase(customer, { subject: "Nulsearch subject", category: "question", description: "Something to find." }, "en");
    expect(await sendContactMessage({ name: "Nulsearch Writer", email: "nulsearch@example.test", message: "A message to find." }, freshMeta(), null)).toBe(true);

    for (const control of CONTROL) {
      const term = `Nul${control}search`;
      expect({ control, found: (await caseQueue(queueFilters({ q: term, status: "all" }), staff.id)).cases.map((item) => item.id) }).toEqual({ control, found: [supportCase.id] });
      expect((await contactInbox("all", term, 1)).messages.map((message) => message.name)).toEqual(["Nulsearch Writer"]);
      expect((await searchCustomers(term, 1)).customers.map((found) => found.id)).toEqual([customer.id]);
      // Only control characters: no search at all, so the whole list.
      await expect(caseQueue(queueFilters({ q: control }), staff.id)).resolves.toBeDefined();
      await expect(contactInbox("all", control, 1)).resolves.toBeDefined();
      await expect(searchCustomers(control, 1)).resolves.toBeDefined();
    }
  });
});
