/**
 * The operator's command line: npm run user -- <command> [arguments]
 * Works on the database the portal uses (DATABASE_URL, or the embedded one).
 */
import { parseArgs } from "node:util";
import { config, reloadConfig } from "@/lib/config";
import { createAccount, setAccountDisabled } from "@/lib/auth/accounts";
import { findCustomerByLogin, importProgress, listCustomers, PublicError, unlockCustomer } from "@/lib/customers/customers";
import { importContacts } from "@/lib/customers/import/import-contacts";
import { ProviderMapError } from "@/lib/customers/import/provider-map";
import { ExportFileError } from "@/lib/customers/import/read-export";
import { formatImportReport, hasRejections } from "@/lib/customers/import/report";
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
  import <contacts.csv|contacts.json> [--external-identities <file>] [--provider-map "<name>=<id>"]… [--dry-run]
        Bring customers over from Power Pages: a Dataverse export of contacts
        (CSV with logical column names, or Web API JSON) and, optionally, of
        adx_externalidentity rows. --provider-map maps an adx_identityprovidername
        to this portal's provider id (repeat it per provider). --dry-run checks
        everything and writes nothing. Running it again updates the same
        customers; exits non-zero if any row was rejected.
  migration               How far the move from Power Pages has come: customers
                          still on their old password hash, signed in since the
                          import, and without a password.
  mail dead               List mail that could not be delivered (tried for a day).
  mail retry <id>         Try a dead message again, for another day.
  jobs dead               List background jobs that failed repeatedly and were set aside.
  jobs retry <id>         Run a dead job again.
  help                    Show this text.`;

class UsageError extends Error {}

async function customerOrFail(login: string | undefined) {
  if (!login) throw new UsageError("Name the customer by username or email address.");
  const customer = await findCustomerByLogin(login);
  if (!customer) throw new PublicError(`No customer has the username or email address "${login}".`);
  return customer;
}

function state(customer: { disabled: boolean; passwordSignInBlocked: boolean; lockedUntil: Date | null; passwordHash: string | null }) {
  if (customer.disabled) return "disabled";
  if (customer.passwordSignInBlocked) return "blocked (100 failures; needs reset or unlock)";
  if (customer.lockedUntil && customer.lockedUntil > new Date()) return `locked until ${customer.lockedUntil.toISOString()}`;
  if (!customer.passwordHash) return "active, no password yet";
  return "active";
}

/** "12,500 / 100,000 contacts" on one line that keeps being rewritten, only on a terminal. */
function progressLine() {
  if (!process.stdout.isTTY) return undefined;
  let last = 0;
  return (done: number, total: number) => {
    const time = Date.now();
    if (done < total && time - last < 200) return;
    last = time;
    process.stdout.write(`\r\x1b[2K${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} contacts${done === total ? "\n" : ""}`);
  };
}

type Answer = string | { text: string; code: number };

async function run(argv: string[]): Promise<Answer> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      password: { type: "string" },
      "external-identities": { type: "string" },
      "provider-map": { type: "string", multiple: true },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
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
      return customers.map((c) => `${c.username}\t${c.email}\t${c.name ?? ""}\t${state(c)}`).join("\n");
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
    case "import": {
      const [file] = rest;
      if (!file || rest.length > 1) throw new UsageError("import takes one file of contacts (and --external-identities <file> for their external sign-ins).");
      const report = await importContacts({
        contactsFile: file,
        identitiesFile: values["external-identities"],
        providerMap: values["provider-map"] ?? [],
        providers: config().externalSignIn.providers,
        dryRun: values["dry-run"] ?? false,
        onProgress: progressLine(),
      });
      return { text: formatImportReport(report), code: hasRejections(report) ? 1 : 0 };
    }
    case "migration": {
      const progress = await importProgress();
      if (progress.imported === 0) return "No customers have been imported from Power Pages.";
      const n = (value: number) => value.toLocaleString("en-US");
      const legacy = progress.legacyPasswordV2 + progress.legacyPasswordV3;
      return [
        `Customers imported from Power Pages: ${n(progress.imported)} (first import ${progress.firstImportAt?.toISOString()})`,
        `  still on their Power Pages password hash: ${n(legacy)} (v2 ${n(progress.legacyPasswordV2)}, v3 ${n(progress.legacyPasswordV3)}); each becomes argon2id at the customer's first sign-in`,
        `  signed in since the import: ${n(progress.signedInSinceImport)}`,
        `  no password yet: ${n(progress.noPassword)} ("Forgot your password?" sets one)`,
      ].join("\n");
    }
    case "mail": {
      const [subcommand, id] = rest;
      if (subcommand === "dead") {
        const dead = await listMail("dead");
        if (dead.length === 0) return "No dead mail.";
        return dead.map((m) => `${m.id}\t${m.template}\t${m.recipient}\t${m.attempts} attempts\t${m.lastError ?? ""}`).join("\n");
      }
      if (subcommand === "retry" && id && /^\d+$/.test(id)) {
        if (!(await retryDeadMail(Number(id)))) throw new PublicError(`No dead message has the id ${id}.`);
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
        if (!(await retryDeadJob(Number(id)))) throw new PublicError(`No dead job has the id ${id}.`);
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
    const answer = await run(process.argv.slice(2));
    if (typeof answer === "string") console.log(answer);
    else {
      console.log(answer.text);
      code = answer.code;
    }
  } catch (error) {
    code = error instanceof UsageError ? 64 : 1;
    if (error instanceof UsageError) console.error(`${error.message}\n\n${usage}`);
    else if (
      error instanceof PublicError ||
      error instanceof ExportFileError ||
      error instanceof ProviderMapError ||
      (error instanceof Error && error.name === "ConfigurationError")
    ) {
      console.error(error.message);
    } else if (error instanceof Error && error.name === "TypeError" && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      code = 64;
      console.error(`${error.message}\n\n${usage}`);
    } else console.error(error);
  }
  await (await databaseHandle().catch(() => undefined))?.close();
  process.exit(code);
}

void main();
