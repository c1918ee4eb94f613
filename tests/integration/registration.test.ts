import { eq, inArray, sql } from "drizzle-orm";
import { createAccount } from "@/lib/auth/accounts";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { advanceClock, DAY, HOUR, resetClock } from "@/lib/clock";
import { db } from "@/lib/db";
import { customers, pendingRegistrations, rateLimits } from "@/lib/db/schema";
import { checkRegistrationLink, completeRegistration, prunePendingRegistrations, requestRegistration } from "@/lib/registration/registration";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer } from "../support/customers";
import { linksIn, withSmtpReceiver } from "../support/mail";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();
const receiver = withSmtpReceiver();
afterEach(resetClock);

let counter = 0;
function newcomer() {
  counter += 1;
  return { email: `newcomer${counter}@example.test`, username: `newcomer${counter}`, password: "quiet lantern orchard river", locale: "en", acceptedTerms: false };
}

async function register(registration: ReturnType<typeof newcomer>) {
  const before = receiver.messages.length;
  await requestRegistration(registration, freshMeta());
  await backgroundWork().run();
  return receiver.waitFor((m) => receiver.messages.indexOf(m) >= before && m.envelopeTo.includes(registration.email.toLowerCase()));
}

const tokenIn = (mail: Awaited<ReturnType<typeof register>>) => linksIn(mail, "/register/confirm/")[0]?.split("/").pop();

describe(`Register, on ${testDatabaseLabel()} (issue 14)`, () => {
  it("mails a new address a confirmation link and creates nothing until it is followed", async () => {
    const registration = newcomer();
    const mail = await register(registration);
    expect(mail.subject).toBe("Finish registering for the Customer Portal");
    const token = tokenIn(mail)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await (await db()).select().from(customers).where(eq(customers.email, registration.email))).toHaveLength(0);
    // S8: only the token's SHA-256 is stored.
    expect(JSON.stringify(await (await db()).select().from(pendingRegistrations))).not.toContain(token);

    const outcome = await completeRegistration(token, freshMeta());
    expect(outcome).toMatchObject({ ok: true, customer: { username: registration.username, email: registration.email } });
    if (!outcome.ok) throw new Error("registration failed");
    expect(outcome.customer.emailVerified).not.toBeNull();
    expect((await signInWithPassword(registration.username, registration.password, freshMeta())).ok).toBe(true);
  });

  it("mails an address that has an account \"You already have an account\", with its username, and no link", async () => {
    const existing = await makeCustomer();
    const mail = await register({ ...newcomer(), email: existing.email.toUpperCase() });
    expect(mail.envelopeTo).toEqual([existing.email]);
    expect(mail.subject).toBe("You already have a Customer Portal account");
    expect(mail.text).toContain(existing.username);
    expect(linksIn(mail, "/register/confirm/")).toHaveLength(0);
  });

  it("never uses the link up by opening it, and refuses it after use, after 24 hours, or when replaced", async () => {
    const first = newcomer();
    const token = tokenIn(await register(first))!;
    expect(await checkRegistrationLink(token, freshMeta(), "link")).not.toBeNull();
    expect(await checkRegistrationLink(token, freshMeta(), "page")).not.toBeNull();
    expect((await completeRegistration(token, freshMeta())).ok).toBe(true);
    expect(await completeRegistration(token, freshMeta())).toEqual({ ok: false, reason: "invalid_link" });

    const late = newcomer();
    const lateToken = tokenIn(await register(late))!;
    advanceClock(24 * HOUR + 1000);
    expect(await completeRegistration(lateToken, freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
    resetClock();

    const twice = newcomer();
    const older = tokenIn(await register(twice))!;
    const newer = tokenIn(await register(twice))!;
    expect(await completeRegistration(older, freshMeta())).toEqual({ ok: false, reason: "invalid_link" });
    expect((await completeRegistration(newer, freshMeta())).ok).toBe(true);
  });

  it("asks the address's owner for another username when theirs was taken meanwhile, and keeps the link usable", async () => {
    const registration = newcomer();
    const token = tokenIn(await register(registration))!;
    await createAccount({ username: registration.username, email: `squatter${counter}@example.test`, password: "another quiet lantern orchard" });
    expect(await completeRegistration(token, freshMeta())).toEqual({ ok: false, reason: "username_taken", username: registration.username });
    expect(await completeRegistration(token, freshMeta(), `${registration.username}-2`)).toMatchObject({ ok: true, customer: { username: `${registration.username}-2` } });
  });

  it("answers \"taken\" at most 5 times per link, then checks no name at all (rule R1)", async () => {
    const registration = newcomer();
    const token = tokenIn(await register(registration))!;
    await createAccount({ username: "taken-by-someone", email: `holder${counter}@example.test`, password: "another quiet lantern orchard" });
    for (let i = 0; i < 5; i += 1) {
      expect(await completeRegistration(token, freshMeta(), "taken-by-someone")).toMatchObject({ ok: false, reason: "username_taken" });
    }
    expect(await completeRegistration(token, freshMeta(), "taken-by-someone")).toMatchObject({ ok: false, reason: "too_many_tries" });
    // A free name is not checked either: the answer would otherwise tell the two kinds apart.
    expect(await completeRegistration(token, freshMeta(), `${registration.username}-free`)).toMatchObject({ ok: false, reason: "too_many_tries" });
    expect(await (await db()).select().from(customers).where(eq(customers.email, registration.email))).toHaveLength(0);
  });

  it("does not count a name that creates the account, nor a bad link, against the link (rule R1)", async () => {
    const registration = newcomer();
    const token = tokenIn(await register(registration))!;
    const meta = freshMeta();
    expect(await completeRegistration("A".repeat(43), meta)).toEqual({ ok: false, reason: "invalid_link" });
    expect(await completeRegistration(token, meta)).toMatchObject({ ok: true });
    const [pending] = await (await db()).select().from(pendingRegistrations).where(eq(pendingRegistrations.email, registration.email));
    const keys = [`usernameTriesPerLink:registration:${pending.id}`, `usernameTriesPerIp:${meta.ip}`];
    const counted = await (await db()).select().from(rateLimits).where(inArray(rateLimits.key, keys));
    expect(counted.map((row) => row.points)).toEqual(counted.map(() => 0));
    expect(counted).toHaveLength(2);
  });

  it("answers 5 of 20 simultaneous taken names on one link and refuses the rest (rule R1, S45)", async () => {
    const registration = newcomer();
    const token = tokenIn(await register(registration))!;
    await createAccount({ username: `held${counter}`, email: `held${counter}@example.test`, password: "another quiet lantern orchard" });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => completeRegistration(token, freshMeta(), `held${counter}`)));
    const reasons = outcomes.map((outcome) => (outcome.ok ? "created" : outcome.reason));
    expect(reasons.filter((reason) => reason === "username_taken")).toHaveLength(5);
    expect(reasons.filter((reason) => reason === "too_many_tries")).toHaveLength(15);
  });

  it("answers a client at most 10 taken names a quarter-hour across links, also all at once (rule R1, S45)", async () => {
    await createAccount({ username: "popular-name", email: "popular@example.test", password: "another quiet lantern orchard" });
    const tokens = [];
    for (let i = 0; i < 4; i += 1) tokens.push(tokenIn(await register(newcomer()))!);
    const meta = freshMeta();
    for (const token of tokens.slice(0, 2)) {
      for (let i = 0; i < 4; i += 1) expect(await completeRegistration(token, meta, "popular-name")).toMatchObject({ reason: "username_taken" });
    }
    // 8 at once on two fresh links (each allows 5): the client has 2 answers left.
    const outcomes = await Promise.all(tokens.slice(2).flatMap((token) => Array.from({ length: 4 }, () => completeRegistration(token, meta, "popular-name"))));
    const reasons = outcomes.map((outcome) => (outcome.ok ? "created" : outcome.reason));
    expect(reasons.filter((reason) => reason === "username_taken")).toHaveLength(2);
    expect(reasons.filter((reason) => reason === "too_many_tries")).toHaveLength(6);
    expect(await completeRegistration(tokens[3], meta, "popular-name")).toMatchObject({ ok: false, reason: "too_many_tries" });
    expect(await completeRegistration(tokens[3], freshMeta(), "popular-name")).toMatchObject({ ok: false, reason: "username_taken" });
  });

  it("creates exactly one account from 20 simultaneous submissions of one link (S11, S45)", async () => {
    const registration = newcomer();
    const token = tokenIn(await register(registration))!;
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => completeRegistration(token, freshMeta())));
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(await (await db()).select().from(customers).where(eq(customers.email, registration.email))).toHaveLength(1);
  });

  it("sends an address at most 3 registration mails an hour, whoever asks (silently)", async () => {
    const registration = newcomer();
    for (let i = 0; i < 3; i += 1) await register(registration);
    await requestRegistration(registration, freshMeta());
    await backgroundWork().run();
    expect(receiver.to(registration.email)).toHaveLength(3);
  });

  it("removes registrations never confirmed after 7 days", async () => {
    const registration = newcomer();
    await register(registration);
    advanceClock(7 * DAY + HOUR);
    await prunePendingRegistrations();
    const left = await (await db()).select().from(pendingRegistrations).where(sql`lower(${pendingRegistrations.email}) = ${registration.email}`);
    expect(left).toHaveLength(0);
  });

  it("stores the password's argon2id hash of its NFKC form, so sign-in verifies it (S3, S5)", async () => {
    const registration = { ...newcomer(), password: "A\u030Angstrom lantern orchard river" };
    const token = tokenIn(await register(registration))!;
    await completeRegistration(token, freshMeta());
    expect((await signInWithPassword(registration.username, "\u00C5ngstrom lantern orchard river", freshMeta())).ok).toBe(true);
  });
});
