jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
// Issue 24: a method with a secret of its own is one entry in the table. This test adds one, and nothing else.
jest.mock("@/lib/auth/two-step/methods", () => {
  const actual = jest.requireActual("@/lib/auth/two-step/methods");
  return { secondStepMethods: [...actual.secondStepMethods, jest.requireActual("../support/fixture-key-method").paperKeyMethod] };
});

import { and, desc, eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { startMethodSetUpAction } from "@/app/account/two-step/actions";
import UndoWayInPage from "@/app/not-me/page";
import PasswordResetDonePage from "@/app/reset-password/done/page";
import { cancelEmailChange } from "@/lib/account/email-change";
import { requestEmailChange } from "@/lib/account/email-change-request";
import { customerUnderReview, removeWayInAfterReset, waysInOf } from "@/lib/auth/after-reset";
import { liveSessionsOf, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { twoStepState } from "@/lib/auth/two-step/second-step";
import { checkUndoWayInLink, undoWayIn, undoWayInCookieName } from "@/lib/auth/undo-way-in";
import { advanceClock, MINUTE } from "@/lib/clock";
import { db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { createPaperKeyTable, fixturePaperKeys, paperKeyUndoLinks } from "../support/fixture-key-method";
import { notMeToken, type Person, resetInNewBrowser, withRecoveryTest } from "../support/recovery";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel } from "../support/test-database";

/**
 * Issue 24, S49: recovery (lib/auth/recovery.ts), the list of ways in after a reset
 * (lib/auth/after-reset.ts) and the "This wasn't me" links (lib/auth/undo-way-in.ts) read the
 * table of second-step methods, so a method added to it with a secret of its own — here a fixture,
 * "paper keys" (tests/support/fixture-key-method.ts), kept in a table of its own — is removed by
 * taking the account back, listed and removable after a reset, and undone by its own link, with no
 * other file touched. The pages are rendered to HTML as a browser would get them.
 */
const receiver = withRecoveryTest();
beforeAll(createPaperKeyTable);

async function paperKeyOf(person: Person) {
  return (await db()).select().from(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, person.id));
}

/** "Set up" on /account, through the one action every method's button sends, in a signed-in browser; returns that browser's session. */
async function setUpPaperKey(person: Person) {
  const session = (await actAs(await reloadCustomer(person.id)))!;
  expect(await answerOf(startMethodSetUpAction(form({ method: "paper_key" })))).toBe("redirect /account/two-step/paper-key");
  expect((await twoStepState(await reloadCustomer(person.id))).setUp).toContain("paper_key");
  request.cookies.clear();
  return session;
}

async function html(element: Promise<React.ReactNode>): Promise<string> {
  return renderToStaticMarkup(await element);
}

describe(`a second-step method with a secret of its own, added to the table, on ${testDatabaseLabel()} (issue 24, S49)`, () => {
  it("one the thief set up is removed by \"This wasn't me\" on the address-change notice; the audit names it", async () => {
    const owner = await makeCustomer();
    advanceClock(MINUTE);
    // The thief, signed in with the password (and past the second step, had there been one), sets one up.
    const thiefSession = await setUpPaperKey(owner);
    expect(await paperKeyOf(owner)).toHaveLength(1);

    // The thief asks to move the address; the owner presses "This wasn't me" in the notice.
    expect(await requestEmailChange(await reloadCustomer(owner.id), thiefSession, { newEmail: `thief.${owner.email}`, currentPassword: owner.password }, freshMeta(), "en")).toEqual({ ok: true });
    expect(await cancelEmailChange(await notMeToken(owner), freshMeta(), "en")).toMatchObject({ ok: true });

    expect(await paperKeyOf(owner)).toEqual([]);
    expect((await twoStepState(await reloadCustomer(owner.id))).setUp).toEqual([]);
    const [revoked] = await (await db())
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.customerId, owner.id), eq(auditLog.event, "sessions_revoked")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(revoked.details).toMatchObject({ reason: "email_change_cancelled", removed: { paper_key: 1 } });
  });

  it("is listed after a reset with when it was added, and of 20 presses of \"Remove\" at once one removes it", async () => {
    const owner = await makeCustomer();
    await setUpPaperKey(owner);
    const [{ createdAt }] = await paperKeyOf(owner);
    advanceClock(MINUTE);
    await resetInNewBrowser(receiver, owner, "a brand new harbour lantern");

    const customer = await customerUnderReview();
    expect(customer?.id).toBe(owner.id);
    expect(await waysInOf(customer!)).toEqual([{ kind: "paper_key", id: "key", addedAt: createdAt }]);
    // The page lists it, in the words its entry names, with its own "Remove".
    const page = await html(PasswordResetDonePage({ searchParams: Promise.resolve({}) }));
    expect(page).toMatch(/Authenticator app — added [^<]+<\/span><form[^>]*><input type="hidden" name="kind" value="paper_key"\/><input type="hidden" name="id" value="key"\/>/);

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => removeWayInAfterReset("paper_key", "key", freshMeta())));
    expect(outcomes.filter((outcome) => outcome === "removed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "removed")).toEqual(Array(19).fill("not_found"));
    expect(await paperKeyOf(owner)).toEqual([]);
    expect(await waysInOf((await reloadCustomer(owner.id))!)).toEqual([]);
  });

  it("its set-up's \"This wasn't me\" link: opening it uses nothing; of 20 presses at once one removes it and every session, and a reset is needed", async () => {
    const owner = await makeCustomer();
    await setUpPaperKey(owner);
    await startSession(owner, false, freshMeta());
    const token = paperKeyUndoLinks.get(owner.id)?.match(/\/not-me\/([A-Za-z0-9_-]{43})$/)?.[1];
    expect(token).toBeDefined();

    // Mail scanners open links: opening it (and the page) changes nothing; the page names it in its entry's words.
    for (let i = 0; i < 3; i += 1) expect(await checkUndoWayInLink(token, freshMeta(), "link")).toMatchObject({ wayIn: "paper_key", customerId: owner.id });
    request.cookies.set(undoWayInCookieName(), token!);
    expect(await html(UndoWayInPage({ searchParams: Promise.resolve({}) }))).toContain(`An authenticator app was added to the account ${owner.username}.`);
    request.cookies.clear();
    expect(await paperKeyOf(owner)).toHaveLength(1);

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => undoWayIn(token, freshMeta())));
    expect(outcomes.filter((outcome) => outcome.ok)).toEqual([{ ok: true, wayIn: "paper_key" }]);
    expect(await paperKeyOf(owner)).toEqual([]);
    expect(await liveSessionsOf(owner.id)).toEqual([]);
    expect((await reloadCustomer(owner.id)).passwordSignInBlocked).toBe(true);
    expect((await signInWithPassword(owner.username, owner.password, freshMeta())).ok).toBe(false);
    expect(await undoWayIn(token, freshMeta())).toEqual({ ok: false });
  });
});
