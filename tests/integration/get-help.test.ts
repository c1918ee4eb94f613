import { sendContactMessage } from "@/lib/support/contact";
import { backgroundWork } from "@/lib/server/background-work";
import { popularArticles, readArticle } from "@/lib/knowledge-base/reading";
import { MATCH_START, searchArticles } from "@/lib/knowledge-base/search";
import { seedKnowledgeBase } from "@/lib/knowledge-base/seed";
import { createCase, findCase, listCases, newCaseSchema } from "@/lib/support/cases";
import { freshMeta, makeCustomer } from "../support/customers";
import { withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
beforeAll(async () => {
  await seedKnowledgeBase();
});

describe(`Knowledge Base search, on ${testDatabaseLabel()}`, () => {
  it("ranks the password article first for “reset password”, with the matches marked", async () => {
    const outcome = await searchArticles("reset password");
    expect(outcome.kind).toBe("results");
    if (outcome.kind !== "results") return;
    expect(outcome.hits[0].slug).toBe("how-do-i-reset-my-password");
    expect(outcome.hits[0].titleHighlight).toContain(`${MATCH_START}reset`);
    expect(outcome.hits[0].excerpt).toContain(MATCH_START);
    for (let i = 1; i < outcome.hits.length; i += 1) expect(outcome.hits[i - 1].rank).toBeGreaterThanOrEqual(outcome.hits[i].rank);
  });

  it("ranks a title match above a body-only match", async () => {
    const outcome = await searchArticles("status");
    if (outcome.kind !== "results") throw new Error("no results");
    expect(outcome.hits[0].slug).toBe("following-your-cases");
  });

  it.each(["", "   ", "!!!", "'; drop table kb_articles; --", '"unbalanced', "a & | ! ( ) :*", "x".repeat(5000), "\u0000\u0002\u0003"])(
    "answers the junk query %j without an error",
    async (query) => {
      const outcome = await searchArticles(query);
      expect(["empty", "results"]).toContain(outcome.kind);
    },
  );

  it("finds nothing for stop words alone, and ignores non-strings", async () => {
    expect(await searchArticles("the and of")).toMatchObject({ kind: "results", hits: [] });
    expect(await searchArticles(["password"])).toMatchObject({ kind: "empty" });
  });

  it("counts views, and the popular list follows them", async () => {
    for (let i = 0; i < 5; i += 1) await readArticle("contacting-customer-support", "en");
    expect((await popularArticles("en", 1))[0].slug).toBe("contacting-customer-support");
    expect(await readArticle("../../etc/passwd")).toEqual({ kind: "none" });
  });
});

describe(`support cases, on ${testDatabaseLabel()}`, () => {
  const validCase = { subject: "The order page shows an error", category: "not-working" as const, description: "Since Monday the order page shows an error when I open it." };

  it("validates a new case with a clear message per field", () => {
    const result = newCaseSchema.safeParse({ subject: "Hi", category: "Nope", description: "short" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    // The messages are catalog keys; each screen words them in its language.
    expect(messages).toEqual({
      subject: "validation.case.subjectTooShort",
      category: "validation.case.category",
      description: "validation.case.descriptionTooShort",
    });
  });

  it("stores a case with its history and mails a confirmation through the outbox", async () => {
    const customer = await makeCustomer();
    const created = await createCase(customer, validCase, "en");
    const found = await findCase(customer.id, String(created.id));
    expect(found).toMatchObject({ subject: validCase.subject, status: "open" });
    expect(found!.history).toHaveLength(1);
    await backgroundWork().run();
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes(customer.email));
    expect(mail.subject).toBe(`We have your case ${created.id}`);
  });

  it("lists a customer's cases newest first", async () => {
    const customer = await makeCustomer();
    const first = await createCase(customer, validCase, "en");
    const second = await createCase(customer, { ...validCase, subject: "Second problem here" }, "en");
    expect((await listCases(customer.id)).map((item) => item.id)).toEqual([second.id, first.id]);
  });

  it("never shows one customer's case to another", async () => {
    const owner = await makeCustomer();
    const other = await makeCustomer();
    const created = await createCase(owner, validCase, "en");
    expect(await findCase(other.id, String(created.id))).toBeUndefined();
    expect((await listCases(other.id)).map((item) => item.id)).not.toContain(created.id);
    expect(await findCase(owner.id, "1 or 1=1")).toBeUndefined();
  });
});

describe(`Contact us, on ${testDatabaseLabel()}`, () => {
  it("stores the message and forwards it to the support mailbox", async () => {
    const sent = await sendContactMessage({ name: "Jane <b>Doe</b>", email: "jane@example.test", message: "Please call me back about my meter." }, freshMeta(), null);
    expect(sent).toBe(true);
    await backgroundWork().run();
    // The support mailbox also hears of new cases (issue 27): wait for this message's forward.
    const mail = await receiver.waitFor((m) => m.envelopeTo.includes("support@example.test") && (m.text ?? "").includes("Please call me back about my meter."));
    expect(mail.subject).toMatch(/^Contact us message \d+ from Jane <b>Doe<\/b>$/);
    expect(mail.html).not.toContain("<b>Doe</b>");
  });

  it("refuses a sixth message from one client within an hour", async () => {
    const meta = freshMeta();
    const message = { name: "Flood", email: "flood@example.test", message: "A message that repeats itself." };
    for (let i = 0; i < 5; i += 1) expect(await sendContactMessage(message, meta, null)).toBe(true);
    expect(await sendContactMessage(message, meta, null)).toBe(false);
    expect(await sendContactMessage(message, freshMeta(), null)).toBe(true);
  });
});
