import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { auditEvents, customerVisibleEvents } from "@/lib/audit";
import { availableLocales, messagesFor } from "@/lib/i18n/locales";

const root = join(__dirname, "..", "..");
const sourceRoots = ["app", "lib", "components", "scripts", "auth.ts", "proxy.ts"];

function sourceFiles(path: string): string[] {
  if (statSync(path).isFile()) return /\.(ts|tsx)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => sourceFiles(join(path, name)));
}

const auditEventName = /"([a-z]+(?:_[a-z0-9]+)+)"/g;

/**
 * The event names a module hands to the audit log: the literals after `event:` (also in a ternary),
 * and those of a constant map an `event:` looks up (`event: eventOf[outcome]`).
 */
function eventsWritten(source: string): string[] {
  const names: string[] = [];
  for (const [, expression] of source.matchAll(/\bevent:\s*([^,}\n]+)/g)) {
    names.push(...[...expression.matchAll(auditEventName)].map((match) => match[1]));
    const lookup = /^([A-Za-z_$][\w$]*)\[/.exec(expression.trim());
    const table = lookup && new RegExp(`const ${lookup[1]}\\b[^=]*=\\s*\\{([^}]*)\\}`).exec(source);
    if (table) names.push(...[...table[1].matchAll(auditEventName)].map((match) => match[1]));
  }
  return names;
}

/** S42: the audit log's one list of events, with the mark of those the customer sees (issue 24). */
describe("the audit event list", () => {
  const written = sourceRoots
    .flatMap((path) => sourceFiles(join(root, path)))
    .filter((file) => !file.endsWith(join("lib", "audit.ts")))
    .flatMap((file) => eventsWritten(readFileSync(file, "utf8")).map((event) => ({ event, file: relative(root, file) })));

  it("holds every event the portal writes anywhere", () => {
    // The scan must find the events it is there to check, or it proves nothing.
    expect(written.map(({ event }) => event)).toEqual(expect.arrayContaining(["sign_in_succeeded", "customer_disabled", "inbound_mail_held", "email_change_token_rejected"]));
    expect(written.filter(({ event }) => !(auditEvents as readonly string[]).includes(event))).toEqual([]);
  });

  it("names each event once", () => {
    expect(new Set(auditEvents).size).toBe(auditEvents.length);
  });

  it("shows the customer their own security events but never the support team's case work", () => {
    expect(customerVisibleEvents).toEqual(expect.arrayContaining(["sign_in_succeeded", "password_changed", "two_step_enabled", "email_changed"]));
    const staffWork = auditEvents.filter((event) => /^(case_|canned_reply_|contact_message_|kb_article_|inbound_mail_|dead_)/.test(event) || event.endsWith("_by_staff"));
    expect(staffWork.length).toBeGreaterThan(10);
    expect(customerVisibleEvents.filter((event) => staffWork.includes(event))).toEqual([]);
  });

  it.each(availableLocales())("words every event the customer sees in %s", (locale) => {
    const words = (messagesFor(locale).accountSecurity as { activity: { events: Record<string, string> } }).activity.events;
    expect(customerVisibleEvents.filter((event) => typeof words[event] !== "string")).toEqual([]);
  });
});
