/**
 * The operator's commands (npm run user, scripts/user.ts): one command in, its exit code and what it
 * prints out. Apart from the process around them, so the tests run the commands' logic in-process on
 * their own database and spawn the real process only for what the process itself adds (issue 24).
 */
import { inspect, parseArgs } from "node:util";
import { config } from "@/lib/config";
import { createAccount, PasswordRefused, setAccountDisabled } from "@/lib/auth/accounts";
import { sendEmailConfirmationNow } from "@/lib/auth/email-confirmation";
import { passwordWarningText } from "@/lib/auth/password-policy";
import { emailSchema, PublicError } from "@/lib/customers/account-fields";
import { setCustomerRole, unlockCustomer } from "@/lib/customers/customers";
import { importProgress } from "@/lib/customers/imported";
import { findCustomerByLogin, listCustomers } from "@/lib/customers/lookup";
import { importContacts } from "@/lib/import/import-contacts";
import { ProviderMapError } from "@/lib/import/provider-map";
import { ExportFileError } from "@/lib/import/read-export";
import { formatImportReport, hasRejections } from "@/lib/import/report";
import { translatorFor } from "@/lib/i18n/locales";
import { createInvitation, listInvitations, revokeInvitation } from "@/lib/registration/invitations";
import { backgroundWork } from "@/lib/server/background-work";
import { resetTwoStep } from "@/lib/auth/two-step/manage";
import { roles, type Role } from "@/lib/db/schema";
import { listDeadJobs, retryDeadJob } from "@/lib/jobs/queue";
import { listMail, retryDeadMail } from "@/lib/mail/outbox";

const usage = `Usage: npm run user -- <command> [arguments]

Commands:
  create <username> <email> [--name "Display Name"] [--password <password>] [--confirmed]
        Create a customer. Without --password the customer sets one through
        "Forgot your password?". (Prefer PORTAL_NEW_PASSWORD in the environment
        to keep the password out of the shell history.) Without --confirmed, the
        first sign-in with a password mails a link that confirms the address.
  confirm-email <username|email>
        Mail the customer a link that confirms their address (24 hours).
  invite <email> [--name "Name"] [--expires 14d] [--uses 1] [--no-mail]
        Invite someone to register: prints the invitation code and, unless
        --no-mail, mails it with a link to /register/invitation.
  invite list             List invitations and their state.
  invite revoke <id>      Revoke an invitation.
  list                    List customers and their state.
  unlock <username|email> Lift a lockout, including the block after 100 failures.
  reset-mfa <username|email>
        Remove every second step of a customer who lost them all (authenticator
        app, codes by email, recovery codes, passkeys, remembered browsers).
        Audited; the customer is mailed. Check who is asking first.
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

function invitationState(invitation: { revokedAt: Date | null; expiresAt: Date; uses: number; maxUses: number }) {
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= new Date()) return "expired";
  if (invitation.uses >= invitation.maxUses) return "used up";
  return `open until ${invitation.expiresAt.toISOString().slice(0, 10)}`;
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
      confirmed: { type: "boolean" },
      expires: { type: "string" },
      uses: { type: "string" },
      "no-mail": { type: "boolean" },
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
      const customer = await createAccount({ username, email, name: values.name, password, emailConfirmed: values.confirmed === true });
      const confirmation = customer.emailVerified ? "" : " The address is not confirmed yet: the first sign-in with a password mails a confirmation link.";
      return `Created ${customer.username} <${customer.email}>${password ? "" : "; no password yet: the customer sets one with \"Forgot your password?\""}.${confirmation}`;
    }
    case "confirm-email": {
      const customer = await customerOrFail(rest[0]);
      if (customer.emailVerified) return `${customer.email} is already confirmed.`;
      await sendEmailConfirmationNow(customer, customer.locale);
      await backgroundWork().run();
      return `Sent a confirmation link to ${customer.email}; it works for 24 hours.`;
    }
    case "invite": {
      const [first, second] = rest;
      if (first === "list") {
        const invitations = await listInvitations();
        if (invitations.length === 0) return "No invitations.";
        return invitations.map((i) => `${i.id}\t${i.email}\t${i.uses}/${i.maxUses} used\t${invitationState(i)}`).join("\n");
      }
      if (first === "revoke") {
        if (!second || !/^\d+$/.test(second)) throw new UsageError("invite revoke takes an invitation id (see invite list).");
        if (!(await revokeInvitation(Number(second)))) throw new OperatorError(`No open invitation has the id ${second}.`);
        return `Invitation ${second} is revoked.`;
      }
      if (!first || rest.length > 1) throw new UsageError("invite takes an email address, or list, or revoke <id>.");
      const email = emailSchema.safeParse(first);
      if (!email.success) throw new OperatorError(`"${first}" is not an email address.`);
      const expiresInDays = Number((values.expires ?? "14d").replace(/d$/, ""));
      const maxUses = Number(values.uses ?? "1");
      if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365) throw new UsageError("--expires takes a number of days, such as 14d (1 to 365).");
      if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 1000) throw new UsageError("--uses takes a number from 1 to 1000.");
      const { invitation, code } = await createInvitation({ email: email.data, name: values.name, expiresInDays, maxUses, mail: values["no-mail"] !== true });
      if (values["no-mail"] !== true) await backgroundWork().run();
      const mailed = values["no-mail"] === true ? "Not mailed (--no-mail): hand the code over yourself." : `Mailed to ${invitation.email}.`;
      return `Invitation ${invitation.id} for ${invitation.email}: code ${code} (valid ${expiresInDays} days, ${maxUses} use${maxUses === 1 ? "" : "s"}). ${mailed}`;
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
    case "reset-mfa": {
      const customer = await customerOrFail(rest[0]);
      const { passkeys } = await resetTwoStep(customer, { actorId: null });
      await backgroundWork().run();
      return `Two-step verification reset for ${customer.username}${passkeys > 0 ? ` (${passkeys} passkey${passkeys === 1 ? "" : "s"} removed)` : ""}; they have been mailed.`;
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

/** What one command printed and the code the process exits with (64: the command line was wrong). */
export type UserCommandResult = { code: number; out: string; err: string };

/** Runs one command on the portal's database, as `npm run user -- <argv>` would, without exiting. */
export async function userCommand(argv: string[]): Promise<UserCommandResult> {
  try {
    const answer = await run(argv);
    return typeof answer === "string" ? { code: 0, out: answer, err: "" } : { code: answer.code, out: answer.text, err: "" };
  } catch (error) {
    return { code: error instanceof UsageError || isArgumentError(error) ? 64 : 1, out: "", err: refusal(error) };
  }
}

/** parseArgs refuses an unknown or malformed option with a TypeError coded ERR_PARSE_ARGS_…. */
function isArgumentError(error: unknown): error is Error {
  // Note: by its code, not instanceof — Node's own errors come from another realm under Jest.
  return typeof error === "object" && error !== null && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
}

/** What the operator reads on standard error; a bug keeps its stack. */
function refusal(error: unknown): string {
  if (error instanceof UsageError || isArgumentError(error)) return `${error.message}\n\n${usage}`;
  if (error instanceof PublicError) return translatorFor("en")(error.key, error.values);
  if (error instanceof PasswordRefused) return passwordRefusalInEnglish(error);
  if (
    error instanceof OperatorError ||
    error instanceof ExportFileError ||
    error instanceof ProviderMapError ||
    (error instanceof Error && error.name === "ConfigurationError")
  ) {
    return error.message;
  }
  return inspect(error);
}
