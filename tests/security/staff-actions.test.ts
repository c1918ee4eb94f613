import { count, desc, eq, isNotNull } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog, contactMessages, contactReplies, customers, jobs, outbox, sessions, supportCaseEvents, supportCases } from "@/lib/db/schema";
import { postForm } from "../e2e/support/form-post";
import { startPortal, type Portal } from "../e2e/support/portal-server";
import { actionsOn, hiddenFields, multipart, signedInCookie, type Action } from "./support/attacker";

/**
 * Attack (issue 15, S34): a customer — and a signed-out visitor, and an agent for the admins'
 * actions — posts every staff action straight to the server, with the action ids the staff pages
 * carry and fields that would do something. Nothing is done: the answer is a 404, and nothing an
 * action could change has changed.
 */
const customer = { username: "mallory", email: "mallory@example.test", name: "Mallory", password: "mallory lantern orchard ridge" };
const agent = { username: "agent-ann", email: "ann@example.test", name: "Ann Agent", password: "ann lantern orchard ridge" };
const admin = { username: "admin-abe", email: "abe@example.test", name: "Abe Admin", password: "abe lantern orchard ridge" };

let portal: Portal;
const cookies: Record<"customer" | "agent" | "admin", string> = { customer: "", agent: "", admin: "" };
let caseId = 0;
let messageId = 0;
let customerId = "";
const actions: Array<Action & { adminOnly: boolean }> = [];

beforeAll(async () => {
  portal = await startPortal([customer, agent, admin], {}, { roles: { "agent-ann": "agent", "admin-abe": "admin" } });
  cookies.customer = await signedInCookie(portal.baseUrl, customer.username, customer.password);
  cookies.agent = await signedInCookie(portal.baseUrl, agent.username, agent.password, { receiver: portal.receiver, email: agent.email });
  cookies.admin = await signedInCookie(portal.baseUrl, admin.username, admin.password, { receiver: portal.receiver, email: admin.email });
  const created = await postForm(portal.baseUrl, "/support/cases/new", "create-case-form", [["subject", "My own case"], ["category", "question"], ["description", "A case of mine, for the attack to aim at."]], { cookie: cookies.customer });
  caseId = Number(/\/support\/cases\/(\d+)/.exec(created.location ?? "")?.[1]);
  await postForm(portal.baseUrl, "/contact", "contact-form", [["name", "Mallory"], ["email", customer.email], ["message", "A message to aim at."]], { cookie: cookies.customer });
  [{ id: messageId }] = await (await db()).select({ id: contactMessages.id }).from(contactMessages).orderBy(desc(contactMessages.id)).limit(1);
  [{ id: customerId }] = await (await db()).select({ id: customers.id }).from(customers).where(eq(customers.username, customer.username));
  // A failed sign-in or two, so the Customers page offers "Unlock" too.
  await (await db()).update(customers).set({ failedSignIns: 2 }).where(eq(customers.id, customerId));
  for (const [page, adminOnly] of [[`/staff/cases/${caseId}`, false], [`/staff/contact/${messageId}`, false], [`/staff/customers/${customerId}`, true]] as const) {
    // The header's language switcher is on every page; the staff forms are the ones with ids.
    const staffForms = (await actionsOn(portal.baseUrl, page, cookies.admin)).filter((action) => action.formId !== "");
    actions.push(...staffForms.map((action) => ({ ...action, adminOnly })));
  }
});
afterAll(async () => {
  await portal?.stop();
});

/** What each form would send to do something: the customer makes herself an agent, closes her case, answers her message… */
const fieldsFor: Record<string, Array<[string, string]>> = {
  "case-work-form": [["kind", "reply"], ["text", "Attacker's reply"], ["status", "closed"], ["priority", "urgent"], ["agent", ""], ["override", "1"]],
  "contact-reply-form": [["text", "Attacker's answer"]],
  "contact-handled-form": [["handled", "1"]],
  "make-case-form": [["subject", "Attacker's case"], ["category", "other"]],
  "unlock-form": [],
  "reset-link-form": [],
  "reset-two-step-form": [],
  "disable-form": [["disable", "1"]],
  "role-form": [["role", "agent"]],
};

async function fingerprint() {
  const database = await db();
  const counts = await Promise.all(
    [auditLog, supportCases, supportCaseEvents, contactReplies, outbox, jobs].map(async (table) => (await database.select({ n: count() }).from(table))[0].n),
  );
  const [ended] = await database.select({ n: count() }).from(sessions).where(isNotNull(sessions.endedAt));
  const people = await database
    .select({ id: customers.id, role: customers.role, disabled: customers.disabled, sessionVersion: customers.sessionVersion, failedSignIns: customers.failedSignIns })
    .from(customers)
    .orderBy(customers.id);
  const theCase = await database.select({ status: supportCases.status, assignedTo: supportCases.assignedTo }).from(supportCases).where(eq(supportCases.id, caseId));
  const message = await database.select({ handledAt: contactMessages.handledAt, caseId: contactMessages.caseId }).from(contactMessages).where(eq(contactMessages.id, messageId));
  return JSON.stringify({ counts, ended, people, theCase, message });
}

/**
 * The action posted as a browser without JavaScript posts it — the page's hidden fields (which
 * name the action) plus the form's own — so the framework decodes it and runs the action exactly
 * as it would for a staff member. (Bodies the framework cannot decode are tests/security/hostile-input.)
 */
async function attack(action: Action, cookie: string) {
  const hidden = await hiddenFields(portal.baseUrl, action.page, action.formId, cookies.admin);
  const { body, contentType } = multipart([...hidden, ...fieldsFor[action.formId]]);
  const response = await fetch(`${portal.baseUrl}${action.page}`, {
    method: "POST",
    headers: { "content-type": contentType, origin: portal.baseUrl, cookie },
    body: new Uint8Array(body),
    redirect: "manual",
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

describe("attack: staff actions posted by people without the role", () => {
  it("found every staff action on the staff pages", () => {
    expect(actions.map((action) => action.formId).sort()).toEqual(Object.keys(fieldsFor).sort());
  });

  it.each([
    ["a customer", "customer"],
    ["a signed-out visitor", "none"],
  ] as const)("%s posting every staff action is refused (404, or Sign in first), and nothing changes", async (_who, as) => {
    for (const action of actions) {
      const before = await fingerprint();
      const answer = await attack(action, as === "none" ? "" : cookies.customer);
      // A signed-out visitor is sent to "Sign in" by the proxy before any action runs; a customer gets 404.
      const refused = as === "none" ? answer.status === 404 || (answer.status === 303 && answer.location?.includes("/signin?")) : answer.status === 404;
      expect({ form: action.formId, status: answer.status, refused }).toEqual({ form: action.formId, status: answer.status, refused: true });
      expect({ form: action.formId, state: await fingerprint() }).toEqual({ form: action.formId, state: before });
    }
  });

  it("an agent posting the admins' actions gets 404, and nothing changes", async () => {
    const adminActions = actions.filter((action) => action.adminOnly);
    expect(adminActions.length).toBe(5);
    for (const action of adminActions) {
      const before = await fingerprint();
      expect({ form: action.formId, status: (await attack(action, cookies.agent)).status }).toEqual({ form: action.formId, status: 404 });
      expect({ form: action.formId, state: await fingerprint() }).toEqual({ form: action.formId, state: before });
    }
  });

  it("the same posts by an admin do their work (the attack's requests are well-formed)", async () => {
    const before = await fingerprint();
    const roleForm = actions.find((action) => action.formId === "role-form")!;
    expect((await attack(roleForm, cookies.admin)).status).toBe(303);
    expect(await fingerprint()).not.toEqual(before);
    const [row] = await (await db()).select({ role: customers.role }).from(customers).where(eq(customers.id, customerId));
    expect(row.role).toBe("agent");
  });
});
