jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
// Issue 24: a method is one entry in the table. This test adds one, and nothing else.
jest.mock("@/lib/auth/two-step/methods", () => {
  const actual = jest.requireActual("@/lib/auth/two-step/methods");
  return { secondStepMethods: [...actual.secondStepMethods, jest.requireActual("../support/fixture-method").paperCodeMethod] };
});

import { and, desc, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { TwoStepSection } from "@/app/account/two-step-section";
import { startMethodSetUpAction, turnOffMethodAction } from "@/app/account/two-step/actions";
import { signInAction } from "@/app/signin/actions";
import { verifySecondStepAction } from "@/app/signin/two-step/actions";
import SecondStepPage from "@/app/signin/two-step/page";
import { resetTwoStep } from "@/lib/auth/two-step/manage";
import { makeRecoveryCodes } from "@/lib/auth/two-step/recovery-codes";
import { pendingSecondStep, twoStepState } from "@/lib/auth/two-step/second-step";
import { db } from "@/lib/db";
import { auditLog, sessions, verifiedSessions } from "@/lib/db/schema";
import { clearLimits } from "@/lib/http/rate-limit";
import { compileClientMessages } from "@/lib/i18n/client-namespaces";
import { ClientTranslationsProvider } from "@/lib/i18n/client-translations";
import { messagesFor } from "@/lib/i18n/locales";
import { makeCustomer, reloadCustomer } from "../support/customers";
import { PAPER_CODE } from "../support/fixture-method";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * Issue 24: the sign-in step, /account and the actions read the table of second-step methods
 * (lib/auth/two-step/methods.ts), so a method added to it — here a fixture, "paper codes"
 * (tests/support/fixture-method.ts) — is offered at sign-in, listed on /account, set up, passed
 * and turned off with no other change. The screens are rendered to HTML as a browser would get them.
 */
withTestDatabase();
afterEach(async () => {
  request.cookies.clear();
  await clearLimits();
});

const idle = { status: "idle" as const };

/** A server component's HTML, with the client components' words as the layout gives them. */
async function html(element: Promise<React.ReactNode> | React.ReactNode): Promise<string> {
  const messages = compileClientMessages(messagesFor("en"));
  const content = await element;
  return renderToStaticMarkup(
    <ClientTranslationsProvider locale="en" messages={messages}>
      {content}
    </ClientTranslationsProvider>,
  );
}

describe(`a second-step method added to the table, on ${testDatabaseLabel()} (issue 24)`, () => {
  it("is listed on /account, set up there, offered at the sign-in step, passes it, and turns off", async () => {
    const person = await makeCustomer();

    // Listed on /account, off, with its set-up button naming it.
    await actAs(await reloadCustomer(person.id));
    const before = await html(TwoStepSection({ customer: await reloadCustomer(person.id), done: undefined }));
    expect(before).toMatch(/: Off<\/h3>(?:(?!<\/div>).)*name="method" value="paper_code"/);
    expect((await twoStepState(await reloadCustomer(person.id))).on).toBe(false);

    // "Set up" through the one action every method's button sends.
    expect(await answerOf(startMethodSetUpAction(form({ method: "paper_code" })))).toBe("redirect /account/two-step/paper");
    const state = await twoStepState(await reloadCustomer(person.id));
    expect(state).toMatchObject({ setUp: ["paper_code"], on: true });

    // Offered at the sign-in's second step, and the screen shows its form.
    request.cookies.clear();
    expect(await answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })))).toBe("redirect /signin/two-step?callbackUrl=%2Faccount");
    expect((await pendingSecondStep())!.methods.map((method) => method.id)).toEqual(["paper_code"]);
    const step = await html(SecondStepPage({ searchParams: Promise.resolve({ callbackUrl: "/account" }) }));
    expect(step).toContain('name="method" value="paper_code"');
    expect(step).toContain("Enter the 6-digit code from your authenticator app.");

    // Passing it finishes the sign-in, recorded under its name.
    expect(await answerOf(verifySecondStepAction(idle, form({ method: "paper_code", code: "135790", callbackUrl: "/account" })))).toBe("returned");
    expect(await answerOf(verifySecondStepAction(idle, form({ method: "paper_code", code: PAPER_CODE, callbackUrl: "/account" })))).toBe("redirect /account");
    // The newest session: the one this sign-in made (actAs made the one /account was seen with).
    const [session] = await (await db()).select().from(sessions).where(eq(sessions.customerId, person.id)).orderBy(desc(sessions.createdAt)).limit(1);
    const [verified] = await (await db()).select().from(verifiedSessions).where(eq(verifiedSessions.sessionId, session.id));
    expect(verified.method).toBe("paper_code");
    const passed = await (await db()).select({ details: auditLog.details }).from(auditLog).where(and(eq(auditLog.customerId, person.id), eq(auditLog.event, "second_step_passed")));
    expect(passed.map((entry) => entry.details)).toEqual([{ method: "paper_code" }]);

    // On /account it now shows as on; turning it off goes through the table too.
    const after = await html(TwoStepSection({ customer: await reloadCustomer(person.id), done: "paper_code_on" }));
    expect(after).toMatch(/: On<\/h3>(?:(?!<\/div>).)*name="method" value="paper_code"/);
    await actAs(await reloadCustomer(person.id));
    expect(await answerOf(turnOffMethodAction(form({ method: "paper_code" })))).toBe("redirect /account?two-step=paper_code_off#two-step-heading");
    expect((await twoStepState(await reloadCustomer(person.id))).setUp).toEqual([]);
  });

  it("support's reset removes it with every other method, and turning off the last method takes the recovery codes", async () => {
    const person = await makeCustomer();
    await actAs(await reloadCustomer(person.id));
    expect(await answerOf(startMethodSetUpAction(form({ method: "paper_code" })))).toBe("redirect /account/two-step/paper");
    expect(await answerOf(startMethodSetUpAction(form({ method: "email_code" })))).toBe("redirect /account/two-step/email");
    await resetTwoStep(await reloadCustomer(person.id), { actorId: null, meta: null });
    expect((await twoStepState(await reloadCustomer(person.id))).setUp).toEqual([]);

    await actAs(await reloadCustomer(person.id));
    expect(await answerOf(startMethodSetUpAction(form({ method: "paper_code" })))).toBe("redirect /account/two-step/paper");
    await (await db()).transaction((tx) => makeRecoveryCodes(tx, person.id));
    expect((await twoStepState(await reloadCustomer(person.id))).setUp).toEqual(["recovery_code", "paper_code"]);
    expect(await answerOf(turnOffMethodAction(form({ method: "paper_code" })))).toBe("redirect /account?two-step=paper_code_off#two-step-heading");
    expect((await twoStepState(await reloadCustomer(person.id))).setUp).toEqual([]);
  });

  it("an id not in the table is refused by every action that takes one", async () => {
    const person = await makeCustomer();
    await actAs(await reloadCustomer(person.id));
    expect(await answerOf(startMethodSetUpAction(form({ method: "sms_code" })))).toBe("redirect /account");
    expect(await answerOf(turnOffMethodAction(form({ method: "sms_code" })))).toBe("redirect /account");
    request.cookies.clear();
    expect(await verifySecondStepAction(idle, form({ method: "sms_code", code: PAPER_CODE, callbackUrl: "/account" }))).toMatchObject({ status: "error" });
  });
});
