import { reloadConfig } from "@/lib/config";
import type { Customer } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { replyToCustomer } from "@/lib/support/case-conversation";
import { createCase } from "@/lib/support/cases";
import type { SmtpReceiver } from "./smtp-receiver";
import { makeStaffMember, staffActor } from "./staff";

/**
 * Issue 28: customers answer case mail by mail. Each case mail carries a Reply-To made from
 * SUPPORT_REPLY_ADDRESS, which the file's tests turn on here and off again when the file ends.
 */
export function withSupportReplyAddress() {
  beforeAll(() => {
    process.env.SUPPORT_REPLY_ADDRESS = "support+{token}@example.test";
    reloadConfig();
  });
  afterAll(() => {
    delete process.env.SUPPORT_REPLY_ADDRESS;
    reloadConfig();
  });
}

const aCase = { subject: "The meter reading looks wrong", category: "not-working" as const, description: "The reading on my last bill is twice the usual one." };

/**
 * A case an agent has answered, and the Reply-To of that answer as the customer's mail app sees
 * it (delivered through the file's SMTP receiver).
 */
export async function answeredCase(receiver: SmtpReceiver, customer: Customer) {
  const staff = await makeStaffMember("agent");
  const created = await createCase(customer, aCase, "en");
  const before = receiver.messages.length;
  await replyToCustomer(staff, created.id, "We have looked at the reading.", { waitingForYou: true }, staffActor(staff));
  await backgroundWork().run();
  const mail = await receiver.waitFor((message) => receiver.messages.indexOf(message) >= before && message.envelopeTo.includes(customer.email) && message.text!.includes("We have looked at the reading."));
  const replyTo = mail.replyTo?.value[0]?.address;
  if (!replyTo) throw new Error("the case mail has no Reply-To");
  return { caseId: created.id, replyTo, staff };
}
