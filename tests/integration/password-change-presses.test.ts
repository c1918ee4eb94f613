jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { and, eq } from "drizzle-orm";
import { changePasswordAction, signOutOtherDevicesAction } from "@/app/account/actions";
import { changePassword } from "@/lib/auth/change-password";
import { openSession, sessionCookieName } from "@/lib/auth/session-cookie";
import type { SessionClaims } from "@/lib/auth/session-limits";
import { customerOfSession, startSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { customers, outbox } from "@/lib/db/schema";
import { FAILURES_PER_LOCK } from "@/lib/customers/lockout";
import { idleForm } from "@/lib/http/form";
import { backgroundWork } from "@/lib/server/background-work";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { withRecoveryTest } from "../support/recovery";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel } from "../support/test-database";

/**
 * "Change password" pressed several times at once from one device (a double click, a form sent
 * again): the session version moves on once, like "Sign out of all other devices" (S23, S33), so
 * every answer's cookie keeps this device signed in and every other device is signed out; the
 * password is changed once and one "password changed" notice is mailed (S41).
 */
const receiver = withRecoveryTest();

async function live(claims: SessionClaims): Promise<boolean> {
  return (await customerOfSession(claims)) !== undefined;
}

describe(`"Change password" pressed several times at once from one device, on ${testDatabaseLabel()}`, () => {
  it("moves the version on once: every answer keeps this device signed in, other devices are signed out, one notice is mailed", async () => {
    const customer = await makeCustomer();
    const otherDevice = await startSession(customer, false, freshMeta());
    const thisDevice = (await actAs(customer))!;
    const newPassword = "a wholly different lighthouse keeper";

    // Every session cookie an answer writes (the browser keeps whichever answer it reads last).
    const written: string[] = [];
    const jar = request.cookies;
    const set = jar.set.bind(jar);
    jar.set = (name: string, value: string) => {
      if (name === sessionCookieName()) written.push(value);
      return set(name, value);
    };
    let answers: string[];
    try {
      answers = await Promise.all(
        Array.from({ length: 4 }, () => answerOf(changePasswordAction(idleForm, form({ currentPassword: customer.password, newPassword, confirmPassword: newPassword })))),
      );
    } finally {
      jar.set = set;
    }

    expect(answers).toEqual(Array(4).fill("redirect /account?password=changed"));
    expect((await reloadCustomer(customer.id)).sessionVersion).toBe(thisDevice.sv + 1);
    expect(written).toHaveLength(4);
    for (const cookie of written) {
      const claims = (await openSession(cookie))!;
      expect(claims.sid).toBe(thisDevice.sid);
      expect(await live(claims)).toBe(true);
    }
    expect(await live({ ...otherDevice, sv: thisDevice.sv + 1 })).toBe(false);
    expect(await live(otherDevice)).toBe(false);
    expect((await signInWithPassword(customer.username, newPassword, freshMeta())).ok).toBe(true);

    // One notice, whatever order the presses ended in.
    await backgroundWork().run();
    const notices = await (await db()).select().from(outbox).where(and(eq(outbox.recipient, customer.email), eq(outbox.template, "password-changed")));
    expect(notices).toHaveLength(1);
    await receiver.waitFor((mail) => mail.envelopeTo.includes(customer.email));
    expect(receiver.messages.filter((mail) => mail.envelopeTo.includes(customer.email))).toHaveLength(1);
  });
});

/**
 * S27, S45: a press that finds the version moved checks the password it asked for against the
 * account's — a guess like any other. This session can move the version itself ("Sign out of all
 * other devices" asks no password), so that check must be counted and refused while the account is
 * locked, or a burst of changes with a wrong current password would try passwords past the lock.
 * The change is called at the moment its request was let in at the cookie's version, after which
 * the version moved: what the requests racing "Sign out of all other devices" would meet.
 */
describe(`A password change whose version moved, sent with a wrong current password, checks its new password as a counted guess, on ${testDatabaseLabel()}`, () => {
  async function sessionWhoseVersionMoved() {
    const customer = await makeCustomer();
    const claims = (await actAs(customer))!;
    expect(await answerOf(signOutOtherDevicesAction(form({})))).toBe("redirect /account?device=others-signed-out#devices-heading");
    return { customer, claims };
  }

  async function failures(customerId: string) {
    const [row] = await (await db()).select({ failedSignIns: customers.failedSignIns, lockedUntil: customers.lockedUntil }).from(customers).where(eq(customers.id, customerId));
    return row;
  }

  it("counts the guess as well as the wrong current password", async () => {
    const { customer, claims } = await sessionWhoseVersionMoved();
    const outcome = await changePassword(customer, claims, "not the password at all", "a guess at the password", freshMeta());
    expect(outcome).toEqual({ ok: false, reason: "wrong_password" });
    expect((await failures(customer.id)).failedSignIns).toBe(2);
  });

  it("a second press of the same change that arrives after it is made still answers ok, and leaves no failure counted", async () => {
    const customer = await makeCustomer();
    const claims = (await actAs(customer))!;
    const newPassword = "a wholly different lighthouse keeper";
    expect(await changePassword(customer, claims, customer.password, newPassword, freshMeta())).toEqual({ ok: true });
    // The same form again, with the cookie the device had when it sent it: its current password is now wrong.
    expect(await changePassword(customer, claims, customer.password, newPassword, freshMeta())).toEqual({ ok: true });
    const claimsNow = (await openSession(request.cookies.get(sessionCookieName())!))!;
    expect(claimsNow.sv).toBe(claims.sv + 1);
    expect(await live(claimsNow)).toBe(true);
    expect(await failures(customer.id)).toEqual({ failedSignIns: 0, lockedUntil: null });
  });

  it("a burst of guesses stops at the lock, and the right password then answers no better than a wrong one", async () => {
    const { customer, claims } = await sessionWhoseVersionMoved();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => changePassword(customer, claims, `wrong current password ${i}`, `a guess at the password ${i}`, freshMeta())),
    );
    for (const outcome of outcomes) expect(outcome).toEqual({ ok: false, reason: "wrong_password" });
    const locked = await failures(customer.id);
    expect(locked.failedSignIns).toBe(FAILURES_PER_LOCK);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    const cookieBefore = request.cookies.get(sessionCookieName());
    const outcome = await changePassword(customer, claims, "still not the password", customer.password, freshMeta());
    expect(outcome).toEqual({ ok: false, reason: "wrong_password" });
    expect(request.cookies.get(sessionCookieName())).toBe(cookieBefore);
    expect(await failures(customer.id)).toEqual(locked);
  });
});
