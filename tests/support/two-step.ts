import { and, desc, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { customers, outbox } from "@/lib/db/schema";
import { makeCustomer } from "./customers";

type Person = Awaited<ReturnType<typeof makeCustomer>>;

/** A customer with codes by email on — what the Power Pages import sets for a record that had two-factor on (issue 17). */
export async function withEmailCodes(): Promise<Person> {
  const person = await makeCustomer();
  await (await db()).update(customers).set({ mfaEmailCodeRequired: true }).where(eq(customers.id, person.id));
  return person;
}

/** The code in the newest sign-in-code mail to the customer (the outbox keeps it until delivery). */
export async function mailedCode(person: Pick<Person, "email">): Promise<string> {
  const [row] = await (await db())
    .select({ text: outbox.text })
    .from(outbox)
    .where(and(eq(outbox.recipient, person.email), eq(outbox.template, "sign-in-code")))
    .orderBy(desc(outbox.id))
    .limit(1);
  const code = row?.text?.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${person.email}`);
  return code;
}
