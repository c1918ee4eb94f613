import { eq } from "drizzle-orm";
import { checkConfirmationLink, confirmEmail, sendEmailConfirmationNow } from "@/lib/auth/email-confirmation";
import { advanceClock, HOUR, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { linksIn, withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

async function linkFor(customer: Awaited<ReturnType<typeof makeCustomer>>) {
  const before = receiver.messages.length;
  await sendEmailConfirmationNow(customer, "en");
  await backgroundWork().run();
  const mail = await receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(customer.email));
  return linksIn(mail, "/confirm-email/")[0].split("/").pop()!;
}

describe(`confirming an existing customer's address, on ${testDatabaseLabel()} (issue 14)`, () => {
  it("confirms the address with the mailed link, once, and never by opening it", async () => {
    const customer = await makeCustomer({ emailConfirmed: false });
    const token = await linkFor(customer);
    expect(await checkConfirmationLink(token, freshMeta(), "link")).not.toBeNull();
    expect((await reloadCustomer(customer.id)).emailVerified).toBeNull();
    expect(await confirmEmail(token, freshMeta())).toBe(true);
    expect((await reloadCustomer(customer.id)).emailVerified).not.toBeNull();
    expect(await confirmEmail(token, freshMeta())).toBe(false);
  });

  it("confirms once for 20 simultaneous submissions, and refuses after 24 hours or a change of address (S9, S10, S11)", async () => {
    const racing = await makeCustomer({ emailConfirmed: false });
    const token = await linkFor(racing);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => confirmEmail(token, freshMeta())));
    expect(outcomes.filter(Boolean)).toHaveLength(1);

    const late = await makeCustomer({ emailConfirmed: false });
    const lateToken = await linkFor(late);
    advanceClock(24 * HOUR + 1000);
    expect(await confirmEmail(lateToken, freshMeta())).toBe(false);
    resetClock();

    const moved = await makeCustomer({ emailConfirmed: false });
    const movedToken = await linkFor(moved);
    await (await db()).update(customers).set({ email: `elsewhere.${moved.email}` }).where(eq(customers.id, moved.id));
    expect(await confirmEmail(movedToken, freshMeta())).toBe(false);
    expect((await reloadCustomer(moved.id)).emailVerified).toBeNull();
  });

  it("keeps one live link per customer: a new one replaces the old", async () => {
    const customer = await makeCustomer({ emailConfirmed: false });
    const first = await linkFor(customer);
    const second = await linkFor(customer);
    expect(await confirmEmail(first, freshMeta())).toBe(false);
    expect(await confirmEmail(second, freshMeta())).toBe(true);
  });
});
