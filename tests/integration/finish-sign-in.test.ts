jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, asc, eq } from "drizzle-orm";
import { signInAction } from "@/app/signin/actions";
import { passkeyOptionsAction, passkeySignInAction } from "@/app/signin/passkey/actions";
import { verifySecondStepAction } from "@/app/signin/two-step/actions";
import { browserCookieName } from "@/lib/auth/known-browsers";
import { challengeCookieName } from "@/lib/auth/sign-in-challenge";
import { sessionAfterExternalSignIn } from "@/lib/auth/two-step/external-sign-in";
import { advanceClock, MINUTE, now } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, auditLog, sessions, verifiedSessions } from "@/lib/db/schema";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { withRecoveryTest } from "../support/recovery";
import { request } from "../support/request-mocks";
import { answerOf, form } from "../support/server-actions";
import { addSoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel } from "../support/test-database";
import { mailedCode, withEmailCodes } from "../support/two-step";

/**
 * Issue 24: every way of signing in ends in one function (lib/auth/finish-sign-in.ts), so each
 * makes the same session, one sign_in_succeeded, and one new-browser notice for a browser the
 * account has not been seen on — none for a known one. Each way goes through the path a browser
 * takes: the sign-in actions, and for an external account the function Auth.js's callback calls.
 */
const receiver = withRecoveryTest();

type Person = Awaited<ReturnType<typeof makeCustomer>>;
const idle = { status: "idle" as const };

type Way = {
  name: string;
  /** The customer this way signs in, set up for it. */
  prepare: () => Promise<Person>;
  /** Signs in from the browser whose cookies request.cookies holds; resolves once a session exists. */
  signIn: (person: Person) => Promise<void>;
  /** What the audit log and verified_sessions say about the sign-in. */
  method: string;
  verified: string | null;
  provider?: string;
  /** Where the session's trust starts, given the time of its sign-in. */
  trustStart: (person: Person, signedInAt: Date) => Date;
};

// Identities connected from a session an hour before these sign-ins (issue 22): each carries that start.
const identityConnectedAt = new Map<string, Date>();

async function passwordStep(person: Person): Promise<string> {
  return answerOf(signInAction(idle, form({ username: person.username, password: person.password, callbackUrl: "/account" })));
}

async function externalIdentity(person: Person): Promise<string> {
  const providerAccountId = `sub-${person.id}`;
  identityConnectedAt.set(person.id, new Date(now().getTime() - 60 * MINUTE));
  await (await db()).insert(accounts).values({ userId: person.id, type: "oidc", provider: "corp", providerAccountId, trustStart: identityConnectedAt.get(person.id) });
  return providerAccountId;
}

/** Auth.js's callback, as a provider's answer reaches it (auth.ts): true when it made a session. */
async function externalSignIn(person: Person): Promise<boolean> {
  const [identity] = await (await db()).select().from(accounts).where(eq(accounts.userId, person.id));
  return (await sessionAfterExternalSignIn(person.id, identity, undefined, freshMeta())) !== null;
}

const passkeys = new Map<string, Awaited<ReturnType<typeof addSoftwarePasskey>>>();

const ways: Way[] = [
  {
    name: "a password alone",
    prepare: () => makeCustomer(),
    signIn: async (person) => expect(await passwordStep(person)).toBe("redirect /account"),
    method: "password",
    verified: null,
    trustStart: (_person, at) => at,
  },
  {
    name: "a password and a code by email",
    prepare: () => withEmailCodes(),
    signIn: async (person) => {
      expect(await passwordStep(person)).toBe("redirect /signin/two-step?callbackUrl=%2Faccount");
      expect(await answerOf(verifySecondStepAction(idle, form({ method: "email_code", code: await mailedCode(person), callbackUrl: "/account" })))).toBe("redirect /account");
    },
    method: "email_code",
    verified: "email_code",
    trustStart: (_person, at) => at,
  },
  {
    name: "a passkey",
    prepare: async () => {
      const person = await makeCustomer();
      passkeys.set(person.id, await addSoftwarePasskey(person.id, "Laptop"));
      return person;
    },
    signIn: async (person) => {
      const options = (await passkeyOptionsAction(idle, form({}))) as { values?: { options?: string } };
      const response = passkeys.get(person.id)!.answer(options.values!.options!);
      expect(await answerOf(passkeySignInAction(idle, form({ response, callbackUrl: "/account" })))).toBe("redirect /account");
    },
    method: "passkey",
    verified: "passkey",
    trustStart: (_person, at) => at,
  },
  {
    name: "an external account",
    prepare: async () => {
      const person = await makeCustomer();
      await externalIdentity(person);
      return person;
    },
    signIn: async (person) => expect(await externalSignIn(person)).toBe(true),
    method: "external",
    verified: null,
    provider: "corp",
    trustStart: (person) => identityConnectedAt.get(person.id)!,
  },
  {
    name: "an external account and a code by email",
    prepare: async () => {
      const person = await withEmailCodes();
      await externalIdentity(person);
      return person;
    },
    signIn: async (person) => {
      expect(await externalSignIn(person)).toBe(false);
      expect(request.cookies.has(challengeCookieName())).toBe(true);
      expect(await answerOf(verifySecondStepAction(idle, form({ method: "email_code", code: await mailedCode(person), callbackUrl: "/account" })))).toBe("redirect /account");
    },
    method: "email_code",
    verified: "email_code",
    provider: "corp",
    // The pending second step kept the identity's trust start: the session is an external sign-in's.
    trustStart: (person) => identityConnectedAt.get(person.id)!,
  },
];

/** A browser: none of the cookies of another, only its own id (kept across its sign-ins). */
function useBrowser(browserId: string | undefined) {
  request.cookies.clear();
  if (browserId) request.cookies.set(browserCookieName(), browserId);
}

/**
 * New-browser notices that reached the mail server (a real SMTP receiver). Issue 25: a job renders
 * and sends the notice after the response, so the background work runs first, as it does after
 * every response that queued one.
 */
async function newBrowserNotices(person: Person) {
  await backgroundWork().run();
  return receiver.messages.filter((mail) => mail.envelopeTo.includes(person.email) && mail.subject?.startsWith("New sign-in to your ")).length;
}

async function signInsAudited(person: Person) {
  return (await db())
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, person.id), eq(auditLog.event, "sign_in_succeeded")))
    .orderBy(asc(auditLog.id));
}

describe(`every way of signing in finishes the same way, on ${testDatabaseLabel()} (issue 24)`, () => {
  it.each(ways.map((way) => [way.name, way] as const))("%s: the same session, one audit event, one notice for an unknown browser and none for a known one", async (_name, way) => {
    const person = await way.prepare();

    // The first browser is the account's baseline: nothing to compare it with, so no notice.
    useBrowser(undefined);
    await way.signIn(person);
    const first = request.cookies.get(browserCookieName());
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await newBrowserNotices(person)).toBe(0);

    // Another browser: one notice.
    advanceClock(MINUTE);
    useBrowser(undefined);
    await way.signIn(person);
    const second = request.cookies.get(browserCookieName());
    expect(second).not.toBe(first);
    expect(await newBrowserNotices(person)).toBe(1);

    // That browser again, now known: none.
    advanceClock(MINUTE);
    useBrowser(second);
    const before = now();
    await way.signIn(person);
    const after = now();
    expect(await newBrowserNotices(person)).toBe(1);

    const rows = await (await db())
      .select({ session: sessions, verified: verifiedSessions.method })
      .from(sessions)
      .leftJoin(verifiedSessions, eq(verifiedSessions.sessionId, sessions.id))
      .where(eq(sessions.customerId, person.id))
      .orderBy(asc(sessions.createdAt));
    expect(rows).toHaveLength(3);
    const last = rows[2];
    expect(last.session).toMatchObject({ customerId: person.id, remember: false, endedAt: null, ip: expect.any(String), userAgent: expect.any(String) });
    expect(last.session.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(last.session.createdAt.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(last.session.trustStart).toEqual(way.trustStart(person, last.session.createdAt));
    expect(rows.map((row) => row.verified)).toEqual([way.verified, way.verified, way.verified]);
    // The cookie the browser holds is this session's (Auth.js writes its own from the same claims).
    if (way.method !== "external") expect(request.cookies.has(challengeCookieName())).toBe(false);

    const audited = await signInsAudited(person);
    expect(audited).toHaveLength(3);
    for (const entry of audited) expect(entry.details).toMatchObject({ method: way.method, ...(way.provider && { provider: way.provider }) });
  });

  it("20 simultaneous finishes of one second-step challenge make one session, one audit event and one notice", async () => {
    const person = await withEmailCodes();
    useBrowser(undefined);
    expect(await passwordStep(person)).toBe("redirect /signin/two-step?callbackUrl=%2Faccount");
    expect(await answerOf(verifySecondStepAction(idle, form({ method: "email_code", code: await mailedCode(person), callbackUrl: "/account" })))).toBe("redirect /account");

    // A second browser, and its code submitted 20 times at once.
    useBrowser(undefined);
    expect(await passwordStep(person)).toBe("redirect /signin/two-step?callbackUrl=%2Faccount");
    const code = await mailedCode(person);
    const answers = await Promise.all(Array.from({ length: 20 }, () => answerOf(verifySecondStepAction(idle, form({ method: "email_code", code, callbackUrl: "/account" })))));
    expect(answers.filter((answer) => answer === "redirect /account")).toHaveLength(1);
    expect(await (await db()).select().from(sessions).where(eq(sessions.customerId, person.id))).toHaveLength(2);
    expect(await signInsAudited(person)).toHaveLength(2);
    expect(await newBrowserNotices(person)).toBe(1);
  });
});
