/**
 * The operator's command line: npm run user -- <command> [arguments]
 * Works on the database the portal uses (DATABASE_URL, or the embedded one).
 */
import { parseArgs } from "node:util";
import { reloadConfig } from "@/lib/config";
import { createAccount, PasswordRefused, setAccountDisabled } from "@/lib/auth/accounts";
import { passwordWarningText } from "@/lib/auth/password-policy";
import { translatorFor } from "@/lib/i18n/locales";
import { findCustomerByLogin, listCustomers, PublicError, setCustomerRole, unlockCustomer } from "@/lib/customers/customers";
import { roles, type Role } from "@/lib/db/schema";
import { databaseHandle } from "@/lib/db";
import { listDeadJobs, retryDeadJob } from "@/lib/jobs/queue";
import { listMail, retryDeadMail } from "@/lib/mail/outbox";

const usage = `Usage: npm run user -- <command> [arguments]

Commands:
  create <username> <email> [--name "Display Name"] [--password <password>]
        Create a customer. Without --password the customer sets one through
        "Forgot your password?". (Prefer PORTAL_NEW_PASSWORD in the environment
        to keep the password out of the shell history.)
  list                    List customers and their state.
  unlock <username|email> Lift a lockout, including the block after 100 failures.
  disable <username|email>
        Disable a customer: every session ends and reset links stop working.
  enable <username|email> Enable a disabled customer.
  role <username|email> customer|agent|admin
        Give a role: agents answer cases and the Contact us inbox on /staff;
        admins also manage customers there and may make others agents. The
        first admin is made here. Takes effect on the person's next request.
  mail dead               List mail that could not be delivered (tried for a day).
  mail retry <id>         Try a dead message again, for another day.
  jobs dead               List background jobs that failed repeatedly and were set aside.
  jobs retry <id>         Run a dead job again.
  help                    Show this text.`;

class UsageError extends Error {}
/** A refusal worded for the operator here (the CLI speaks English). */
class OperatorError extends Error {}

function passwordRefusalInEnglish({ refusal }: PasswordRefused): string {
  const t = translatorFor("en", "validation.password");
  if (refusal.code === "too_easy") return t("tooEasy", { warning: (refusal.warning && passwordWarningText(refusal.warning, "en")) || t("tooEasyGeneric") });
  return t(refusal.code === "too_short" ? "tooShort" : refusal.code === "too_long" ? "tooLong" : "contextWords", refusal as never);
}

async function customerOrFail(login: string | undefined) {
  if (!login) throw new UsageError("Name the customer by username or email address.");
  const customer = await findCustomerByLogin(login);
  if (!customer) throw new OperatorError(`No customer has the username or email address "${login}".`);
  return customer;
}

function state(customer: { disabled: boolean; passwordSignInBlocked: boolean; lockedUntil: Date | null; passwordHash: string | null }) {
  if (customer.disabled) return "disabled";
  if (customer.passwordSignInBlocked) return "blocked (100 failures; needs reset or unlock)";
  if (customer.lockedUntil && customer.lockedUntil > new Date()) return `locked until ${customer.lockedUntil.toISOString()}`;
  if (!customer.passwordHash) return "active, no password yet";
  return "active";
}

async function run(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, password: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (!command || command === "help" || values.help) return usage;

  switch (command) {
    case "create": {
      const [username, email] = rest;
      if (!username || !email || rest.length > 2) throw new UsageError("create takes a username and an email address.");
      const password = values.password ?? process.env.PORTAL_NEW_PASSWORD;
      const customer = await createAccount({ username, email, name: values.name, password });
      return `Created ${customer.username} <${customer.email}>${password ? "" : "; no password yet: the customer sets one with \"Forgot your password?\""}.`;
    }
    case "list": {
      const customers = await listCustomers();
      if (customers.length === 0) return "No customers yet.";
      return customers.map((c) => `${c.username}\t${c.email}\t${c.name ?? ""}\t${state(c)}\t${c.role}`).join("\n");
    }
    case "unlock": {
      const customer = await customerOrFail(rest[0]);
      await unlockCustomer(customer.id);
      return `Unlocked ${customer.username}.`;
    }
    case "disable":
    case "enable": {
      const customer = await customerOrFail(rest[0]);
      await setAccountDisabled(customer.id, command === "disable");
      return `${command === "disable" ? "Disabled" : "Enabled"} ${customer.username}.`;
    }
    case "role": {
      const [login, role] = rest;
      if (!login || !role || rest.length > 2 || !(roles as readonly string[]).includes(role)) throw new UsageError("role takes a username or email address and one of: customer, agent, admin.");
      const customer = await customerOrFail(login);
      const change = await setCustomerRole(customer.id, role as Role, { actorId: null });
      const named = `${role === "customer" ? "a" : "an"} ${role}`;
      if (!change || change.from === change.to) return `${customer.username} is already ${named}.`;
      return `${customer.username} is now ${named} (was ${change.from}).`;
    }
    case "mail": {
      const [subcommand, id] = rest;
      if (subcommand === "dead") {
        const dead = await listMail("dead");
        if (dead.length === 0) return "No dead mail.";
        return dead.map((m) => `${m.id}\t${m.template}\t${m.recipient}\t${m.attempts} attempts\t${m.lastError ?? ""}`).join("\n");
      }
      if (subcommand === "retry" && id && /^\d+$/.test(id)) {
        if (!(await retryDeadMail(Number(id)))) throw new OperatorError(`No dead message has the id ${id}.`);
        return `Message ${id} will be tried again.`;
      }
      throw new UsageError("mail takes \"dead\" or \"retry <id>\".");
    }
    case "jobs": {
      const [subcommand, id] = rest;
      if (subcommand === "dead") {
        const dead = await listDeadJobs();
        if (dead.length === 0) return "No dead jobs.";
        return dead.map((job) => `${job.id}\t${job.kind}\t${job.attempts} attempts\t${job.lastError ?? ""}`).join("\n");
      }
      if (subcommand === "retry" && id && /^\d+$/.test(id)) {
        if (!(await retryDeadJob(Number(id)))) throw new OperatorError(`No dead job has the id ${id}.`);
        return `Job ${id} will run again.`;
      }
      throw new UsageError("jobs takes \"dead\" or \"retry <id>\".");
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function main() {
  let code = 0;
  try {
    reloadConfig();
    console.log(await run(process.argv.slice(2)));
  } catch (error) {
    code = error instanceof UsageError ? 64 : 1;
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (error instanceof PublicError) console.error(translatorFor("en")(error.key, error.values));
    else if (error instanceof PasswordRefused) console.error(passwordRefusalInEnglish(error));
    else if (error instanceof OperatorError || (error instanceof Error && error.name === "ConfigurationError")) console.error(error.message);
    else if (error instanceof Error && error.name === "TypeError" && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      code = 64;
      console.error(`${error.message}\n\n${usage}`);
    } else console.error(error);
  }
  await (await databaseHandle().catch(() => undefined))?.close();
  process.exit(code);
}

void main();
