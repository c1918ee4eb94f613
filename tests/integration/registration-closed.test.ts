jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { count } from "drizzle-orm";
import { registerAction } from "@/app/register/actions";
import { enterInvitationCodeAction, redeemInvitationAction } from "@/app/register/invitation/actions";
import { reloadConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { customers, jobs, pendingRegistrations } from "@/lib/db/schema";
import { idleForm } from "@/lib/http/form";
import { answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * A Register or invitation form posted when registration is not open to it (REGISTRATION) sends the
 * browser to the form's own page, which answers for itself: "Page not found" with 404 when
 * registration is off, also without JavaScript (Next.js's own notFound() in an action would answer
 * the bare not-found page outside the layout); the invitation code's page when it is by invitation.
 */
withTestDatabase();

const before = process.env.REGISTRATION;
function registration(mode: "open" | "invitation" | "off") {
  process.env.REGISTRATION = mode;
  reloadConfig();
}
afterEach(() => {
  if (before === undefined) delete process.env.REGISTRATION;
  else process.env.REGISTRATION = before;
  reloadConfig();
});

const password = "copper lantern harbour meadow";
const register = () => registerAction(idleForm, form({ email: "closed@example.test", username: "closed-door", password, confirmPassword: password, terms: "on" }));

/** What a registration that got through would leave: an account, a pending registration, or the job that makes one. */
async function rows() {
  const database = await db();
  const [accounts] = await database.select({ n: count() }).from(customers);
  const [pending] = await database.select({ n: count() }).from(pendingRegistrations);
  const [queued] = await database.select({ n: count() }).from(jobs);
  return [accounts.n, pending.n, queued.n];
}

describe(`registration that is not open to the form, on ${testDatabaseLabel()}`, () => {
  it("off: each form goes to its own page (Page not found) and nothing is stored, however many arrive at once", async () => {
    registration("off");
    const stored = await rows();
    const posts = [
      { address: "redirect /register", call: register },
      { address: "redirect /register/invitation", call: () => enterInvitationCodeAction(idleForm, form({ code: "ABCD-EFGH-JKLM" })) },
      { address: "redirect /register/invitation", call: () => redeemInvitationAction(idleForm, form({ username: "closed-door", password, confirmPassword: password, terms: "on" })) },
    ];
    const answers = await Promise.all([...posts, ...posts].map((post) => answerOf(post.call())));
    expect(answers).toEqual([...posts, ...posts].map((post) => post.address));
    expect(await rows()).toEqual(stored);
  });

  it("by invitation: Register goes to its page, which sends the visitor on to the invitation code", async () => {
    registration("invitation");
    const stored = await rows();
    expect(await answerOf(register())).toBe("redirect /register");
    expect(await rows()).toEqual(stored);
  });
});
