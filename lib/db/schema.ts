import { sql, type SQL } from "drizzle-orm";
import {
  customType,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CasePriority } from "@/lib/support/response-targets";

/** PostgreSQL's full-text document type (drizzle has no built-in column for it). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** The name of a text-search configuration ('english', 'spanish'). */
const regconfig = customType<{ data: string }>({ dataType: () => "regconfig" });
/** Binary data: postgres.js answers with a Buffer, PGlite with a Uint8Array; both become a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/**
 * What a person may do besides being a customer: agents answer cases and the Contact us inbox,
 * admins also manage customers and grant the agent role. Read from the database on every request
 * (lib/staff/access.ts), so a role removed takes effect at once.
 */
export const roles = ["customer", "agent", "admin"] as const;
export type Role = (typeof roles)[number];

/**
 * A customer of the portal — and a member of the support team, by role. Also Auth.js's users
 * table (id, name, email, emailVerified, image), so external identities (accounts) map onto the
 * same records as local ones.
 */
export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    username: text("username").notNull(),
    // Stored lower-cased; the unique index below also guards against differently-cased duplicates.
    email: text("email").notNull(),
    name: text("name"),
    emailVerified: timestamp("email_verified", { withTimezone: true, mode: "date" }),
    image: text("image"),
    passwordHash: text("password_hash"),
    // S23/S33: bumping this ends every session the customer has.
    sessionVersion: integer("session_version").notNull().default(1),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    // S27: a lock starts at every 5th consecutive failure; its length doubles from the failure count.
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    // S27: set after 100 consecutive failures; only a password reset clears it.
    passwordSignInBlocked: boolean("password_sign_in_blocked").notNull().default(false),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
    // The language the customer chose (null: the browser's); their mail goes out in it.
    locale: text("locale"),
    // Issue 26: the time zone the customer chose on Account (an IANA name; null: the browser's).
    timeZone: text("time_zone"),
    // The zone the browser reported at the last sign-in; mail uses it until the customer chooses one.
    browserTimeZone: text("browser_time_zone"),
    // Registration: which terms the customer accepted, and when (TERMS_URL, TERMS_VERSION).
    termsVersion: text("terms_version"),
    termsAcceptedAt: timestamp("terms_accepted_at", { withTimezone: true, mode: "date" }),
    phone: text("phone"),
    // The old record required a code by email at sign-in (Power Pages two-factor); a customer so
    // marked gets the email code from the first sign-in here.
    mfaEmailCodeRequired: boolean("mfa_email_code_required").notNull().default(false),
    // Issue 13: the Dataverse contact a customer was imported from; a later export is matched on it.
    dataverseContactId: uuid("dataverse_contact_id"),
    // When the first import created the customer: from then on this portal owns its credentials.
    importedAt: timestamp("imported_at", { withTimezone: true, mode: "date" }),
    // What the last import wrote. A re-import changes a field only while it still holds this value,
    // so nothing this portal changed (a password, an email, a lock) is overwritten.
    importedValues: jsonb("imported_values").$type<ImportedValues>(),
    role: text("role").$type<Role>().notNull().default("customer"),
    // Issue 16: "a sign-in from a browser not seen before" mail; the customer may turn it off.
    newBrowserAlerts: boolean("new_browser_alerts").notNull().default(true),
    // Issue 17, S27: wrong second-step codes in a row. Counted apart from failed passwords, since a
    // right password must not forgive them; they lock the account by the same rule.
    failedSecondSteps: integer("failed_second_steps").notNull().default(0),
    // Issue 27: which of the support team's mails a staff member receives (chosen on /account).
    // New cases and Contact us messages also go to the support mailbox, so each agent opts in;
    // an assignment or a reply on a case they hold is theirs, so those are on unless turned off.
    notifyNewWork: boolean("notify_new_work").notNull().default(false),
    notifyAssignments: boolean("notify_assignments").notNull().default(true),
    notifyCustomerReplies: boolean("notify_customer_replies").notNull().default(true),
  },
  (table) => [
    uniqueIndex("customers_username_key").on(sql`lower(${table.username})`),
    uniqueIndex("customers_email_key").on(sql`lower(${table.email})`),
    uniqueIndex("customers_dataverse_contact_key").on(table.dataverseContactId),
    // The support team is listed (assignment, notifications) without reading every customer.
    index("customers_staff_idx").on(table.role).where(sql`${table.role} <> 'customer'`),
  ],
);

/** The fields an import writes, as it wrote them (the password only as a SHA-256 of the stored value). */
export type ImportedValues = {
  username: string;
  email: string;
  emailConfirmed: boolean;
  name: string | null;
  phone: string | null;
  passwordHashSha256: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  mfaEmailCodeRequired: boolean;
};

/** Auth.js adapter: external identities (OpenID Connect and OAuth accounts). */
export const accounts = pgTable(
  "accounts",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    type: text("type").$type<"oauth" | "oidc" | "email" | "webauthn">().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
    // Issue 22: the trust start of the session that connected this identity (lib/auth/sessions.ts
    // trustStartOf); a session signed in with it trusts no later than that. Null: connected at a
    // sign-in or before this column, so a session signed in with it starts trust at its own sign-in.
    trustStart: timestamp("trust_start", { withTimezone: true, mode: "date" }),
    // S49: when the identity was connected (the portal's clock), written with the row, so a recovery
    // finds it before its audit record exists. Null: imported, or connected before this column.
    linkedAt: timestamp("linked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [primaryKey({ columns: [table.provider, table.providerAccountId] })],
);

/**
 * Every signed-in session, one row per sign-in (S32: a new id each time). The session cookie names
 * its row; ending the row (sign-out, "sign out of other devices") makes a copied cookie useless
 * (S33), and the rows are what "Where you're signed in" lists.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    remember: boolean("remember").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    // S31: the absolute limit; idle limits are enforced from the cookie's claims.
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    // Issue 22: where this session's trust began — its sign-in, or earlier when it signed in with a
    // passkey or identity added by a session that began earlier. Null (rows before the column): createdAt.
    trustStart: timestamp("trust_start", { withTimezone: true, mode: "date" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (table) => [index("sessions_customer_idx").on(table.customerId, table.expiresAt)],
);

/**
 * Someone registering (issue 14). No customer exists until the emailed link is followed: an
 * unconfirmed registration reserves no username or address and cannot sign in, so nobody can
 * pre-register another person's address (a "pre-hijacked" account). Removed after 7 days.
 */
export const pendingRegistrations = pgTable(
  "pending_registrations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // S8: only the SHA-256 of the mailed token.
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale"),
    termsVersion: text("terms_version"),
    termsAcceptedAt: timestamp("terms_accepted_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("pending_registrations_email_idx").on(sql`lower(${table.email})`)],
);

/** An invitation code the operator handed out (stored only as its SHA-256). */
export const invitations = pgTable("invitations", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  codeHash: text("code_hash").notNull().unique(),
  email: text("email").notNull(),
  name: text("name"),
  maxUses: integer("max_uses").notNull().default(1),
  uses: integer("uses").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  createdAt: createdAt(),
});

/** A link that confirms an existing customer's email address (stored only as its SHA-256). */
export const emailConfirmations = pgTable(
  "email_confirmations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    // The address the link was sent to; it confirms that address only (S9).
    email: text("email").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("email_confirmations_customer_idx").on(table.customerId)],
);

/**
 * A change of a customer's email address (issue 16), owned by lib/account/email-change.ts.
 * Nothing changes until the link mailed to the new address is followed; the old address gets a
 * "This wasn't me" link that works for 7 days, before and after the change. Tokens are stored as
 * SHA-256 only (S8).
 */
export const emailChanges = pgTable(
  "email_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    oldEmail: text("old_email").notNull(),
    newEmail: text("new_email").notNull(),
    // The link to the new address: 24 hours, single use.
    confirmTokenHash: text("confirm_token_hash").notNull().unique(),
    confirmExpiresAt: timestamp("confirm_expires_at", { withTimezone: true, mode: "date" }).notNull(),
    // "This wasn't me", mailed to the old address with the request and again when the change is
    // made: either link works for 7 days from the request, once.
    cancelTokenHash: text("cancel_token_hash").notNull().unique(),
    completedCancelTokenHash: text("completed_cancel_token_hash").unique(),
    cancelExpiresAt: timestamp("cancel_expires_at", { withTimezone: true, mode: "date" }).notNull(),
    // The session that asked, which goes on when the change completes; every other one ends.
    sessionId: text("session_id"),
    // Issue 22, S49: the earliest moment the asker could have been in from any browser
    // (lib/auth/known-browsers.ts): when the asking browser, or any browser first seen on the
    // account in the 30 days before the request, was first seen. A thief who added a way in from
    // one browser and asks from another (cleared cookies) asks from a session that began after
    // it. Null: an admin asked.
    browsersSince: timestamp("browsers_since", { withTimezone: true, mode: "date" }),
    requestedAt: timestamp("requested_at", { withTimezone: true, mode: "date" }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("email_changes_customer_idx").on(table.customerId, table.requestedAt)],
);

/**
 * "This wasn't me" for a way in that was added (issue 22), owned by lib/auth/undo-way-in.ts: the
 * notice of a new passkey, authenticator app, recovery codes or connected identity carries a link
 * that removes it (and whatever was added after it). 32 bytes, SHA-256 stored, single use, 7 days.
 */
export const wayInUndoLinks = pgTable(
  "way_in_undo_links",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    // A kind of way in (lib/auth/ways-in.ts): a method added to the table brings its own.
    wayIn: text("way_in").notNull(),
    // The passkey's id or the provider's id; null for the app and recovery codes (one set each).
    subject: text("subject"),
    addedAt: timestamp("added_at", { withTimezone: true, mode: "date" }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("way_in_undo_links_customer_idx").on(table.customerId)],
);

/**
 * Issue 26: what a customer typed into a reply or Create Case after their session ended, kept for
 * 24 hours until they sign in again (lib/support/kept-drafts.ts). Bound to the browser (the SHA-256
 * of a random cookie) and to the customer whose sealed session that browser carried; the words are
 * sealed with a key derived from the cookie itself, so neither this table nor another browser can
 * read them.
 */
export const keptDrafts = pgTable(
  "kept_drafts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    browserHash: text("browser_hash").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"reply" | "case" | "staff_work">().notNull(),
    // The case a reply (or an agent's work) was for; null for a new case.
    caseId: integer("case_id"),
    sealed: text("sealed").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("kept_drafts_browser_idx").on(table.browserHash), index("kept_drafts_customer_idx").on(table.customerId)],
);

/**
 * Browsers a customer has signed in from (issue 16), owned by lib/auth/known-browsers.ts: a
 * long-lived random cookie names the browser (only its SHA-256 is stored), so a sign-in from one
 * not seen before on the account can be mailed about without guessing from IP addresses.
 */
export const knownBrowsers = pgTable(
  "known_browsers",
  {
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    browserHash: text("browser_hash").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.browserHash] })],
);

/**
 * The short-lived state between a correct password and a session, bound to one browser by a
 * cookie holding the raw id (only its SHA-256 is stored): while an email address waits to be
 * confirmed, or a second step waits to be taken. The password step alone never makes a session.
 */
export const signInChallenges = pgTable(
  "sign_in_challenges",
  {
    idHash: text("id_hash").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"confirm_email" | "second_factor">().notNull(),
    remember: boolean("remember").notNull().default(false),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    // Mail sent from this challenge is not sent again before this (a resend cooldown).
    resendAfter: timestamp("resend_after", { withTimezone: true, mode: "date" }),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    // Issue 24: an external sign-in waiting for its second step keeps its provider and the trust
    // start its identity carries, so the session it ends in is the one an external sign-in makes.
    provider: text("provider"),
    wayInTrustStart: timestamp("way_in_trust_start", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("sign_in_challenges_customer_idx").on(table.customerId)],
);

/**
 * Two-step verification (issue 17), each table owned by one module in lib/auth/two-step/.
 *
 * A customer's authenticator app (TOTP, RFC 6238): the secret sealed with MFA_ENCRYPTION_KEY
 * (AES-256-GCM), never stored in the clear. Unconfirmed while set-up waits for its first code.
 */
export const authenticatorApps = pgTable("authenticator_apps", {
  customerId: uuid("customer_id")
    .primaryKey()
    .references(() => customers.id, { onDelete: "cascade" }),
  sealedSecret: text("sealed_secret").notNull(),
  createdAt: createdAt(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true, mode: "date" }),
  // The newest time step a code was accepted for: a code of that step or earlier is refused (replay).
  lastUsedStep: bigint("last_used_step", { mode: "number" }),
});

/** Single-use recovery codes, stored only as keyed hashes; shown once when made. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    createdAt: createdAt(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [uniqueIndex("recovery_codes_customer_code_key").on(table.customerId, table.codeHash)],
);

/** A 6-digit code mailed for a sign-in, or to turn email codes on: keyed hash, 10 minutes, 5 tries, single use. */
export const emailCodes = pgTable(
  "email_codes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"sign_in" | "turn_on">().notNull(),
    salt: text("salt").notNull(),
    codeHash: text("code_hash").notNull(),
    tries: integer("tries").notNull().default(0),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("email_codes_customer_idx").on(table.customerId, table.purpose)],
);

/** A passkey (a WebAuthn credential): signs in alone, as both steps. */
export const passkeys = pgTable(
  "passkeys",
  {
    // The credential id, base64url.
    id: text("id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    publicKey: text("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    transports: jsonb("transports").$type<string[]>(),
    backedUp: boolean("backed_up").notNull().default(false),
    createdAt: createdAt(),
    // Issue 22: the trust start of the session that added this passkey; a session signed in with
    // it trusts no later than that. Null (added before the column): its own sign-in time.
    trustStart: timestamp("trust_start", { withTimezone: true, mode: "date" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("passkeys_customer_idx").on(table.customerId)],
);

/**
 * A WebAuthn challenge, bound to the browser that asked for it by a cookie holding the raw id
 * (only its SHA-256 is stored): single use, 5 minutes.
 */
export const passkeyChallenges = pgTable("passkey_challenges", {
  idHash: text("id_hash").primaryKey(),
  purpose: text("purpose").$type<"register" | "sign_in">().notNull(),
  // The customer adding a passkey (null for a sign-in: who it is comes from the passkey).
  customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
  challenge: text("challenge").notNull(),
  createdAt: createdAt(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
});

/**
 * "Remember this browser" for 30 days: a random token in a cookie, its SHA-256 here. Revoked by
 * "sign out of all devices", a password reset and turning two-step verification off.
 */
export const trustedBrowsers = pgTable(
  "trusted_browsers",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("trusted_browsers_customer_idx").on(table.customerId)],
);

/** Sessions that passed two-step verification, and how (staff pages accept only these). */
export const verifiedSessions = pgTable("verified_sessions", {
  sessionId: text("session_id")
    .primaryKey()
    .references(() => sessions.id, { onDelete: "cascade" }),
  // A second-step method's id (lib/auth/two-step/methods.ts), or "passkey".
  method: text("method").notNull(),
  verifiedAt: timestamp("verified_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** Auth.js adapter: verification tokens (email sign-in links, unused by the credentials flow). */
export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: timestamp("expires", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.identifier, table.token] })],
);

/** S8: a reset link's token, stored only as its SHA-256. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    emailAtIssue: text("email_at_issue").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("password_reset_tokens_customer_idx").on(table.customerId)],
);

/**
 * Work to do after a response has gone, so that the response costs the same whatever the work
 * turns out to be (S16, S17: "Forgot your password?"). A job that fails is retried with backoff
 * and set aside as dead after its attempts; it never holds up the jobs behind it.
 */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<"pending" | "dead">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // A worker's lease: another instance skips the job until it lapses, or its holder restarts.
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: createdAt(),
  },
  (table) => [index("jobs_due_idx").on(table.status, table.runAfter)],
);

/** Mail waiting to be delivered; written in the transaction that decides to send it. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    // Erased once delivered, so no usable link lingers in the database.
    html: text("html"),
    text: text("text"),
    // The same on every attempt, so a receiver can drop the copy a crash made it send twice.
    messageId: text("message_id").notNull(),
    status: text("status").$type<"pending" | "sent" | "dead" | "superseded">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // Past this the message is not sent: dead if it kept failing, superseded if it is no longer true.
    deliverUntil: timestamp("deliver_until", { withTimezone: true, mode: "date" }).notNull(),
    // A newer message with the same key replaces a pending older one (a newer reset link).
    supersedeKey: text("supersede_key"),
    // Where the recipient's answer goes (issue 28): a case's reply address, or a Contact us sender.
    replyTo: text("reply_to"),
    // A worker's lease: another instance skips the row until it lapses, or its holder restarts.
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("outbox_due_idx").on(table.status, table.nextAttemptAt), index("outbox_supersede_idx").on(table.supersedeKey)],
);

/** Counters for rate-limiter-flexible's RateLimiterDrizzle (shared by every app instance). */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { mode: "date" }),
});

/** S42: security events and every staff action. Never a password, token or cookie. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    event: text("event").notNull(),
    // The customer the event is about.
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    // The staff member who acted (null: the customer themselves, the portal, or the CLI).
    actorId: uuid("actor_id").references(() => customers.id, { onDelete: "set null" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (table) => [index("audit_log_customer_idx").on(table.customerId, table.at), index("audit_log_actor_idx").on(table.actorId, table.at)],
);

export type Customer = typeof customers.$inferSelect;
export type OutboxMessage = typeof outbox.$inferSelect;

/**
 * Knowledge Base articles (issue 31: written by the support team in the portal; content/ only seeds
 * an empty database). One row is one language of an article, and holds what readers see: the
 * published version's fields, copied here on publish so PostgreSQL's full-text search can rank
 * them. Translations of one article share group_id. Every saved edit is a row of
 * kb_article_versions; latest_version is the optimistic lock an edit must name.
 */
export const kbArticleStatuses = ["draft", "published", "archived"] as const;
export type KbArticleStatus = (typeof kbArticleStatuses)[number];

export const kbArticles = pgTable(
  "kb_articles",
  {
    id: integer("id").generatedAlwaysAsIdentity().notNull().unique(),
    // Translations of one article share it (the id of the first language written).
    groupId: integer("group_id").notNull(),
    locale: text("locale").notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    category: text("category").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    // The text the article's page shows (lib/knowledge-base/plain-text.ts): searched, and search
    // excerpts are cut from it. text_version: the plainText that wrote it (article-text.ts).
    plainText: text("plain_text").notNull().default(""),
    textVersion: integer("text_version").notNull().default(0),
    status: text("status").$type<KbArticleStatus>().notNull().default("draft"),
    latestVersion: integer("latest_version").notNull().default(0),
    publishedVersion: integer("published_version"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    views: integer("views").notNull().default(0),
    // The language's text-search configuration ('portal_english', 'portal_spanish' — accents
    // ignored —, else PostgreSQL's own or 'simple').
    searchConfig: regconfig("search_config").notNull(),
    search: tsvector("search")
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector(${kbArticles.searchConfig}, ${kbArticles.title}), 'A') || setweight(to_tsvector(${kbArticles.searchConfig}, ${kbArticles.summary}), 'B') || setweight(to_tsvector(${kbArticles.searchConfig}, ${kbArticles.plainText}), 'C')`,
      ),
  },
  (table) => [
    primaryKey({ columns: [table.locale, table.slug] }),
    unique("kb_articles_group_locale_unique").on(table.groupId, table.locale),
    index("kb_articles_search_idx").using("gin", table.search),
    check("kb_articles_status_check", sql`${table.status} in ('draft', 'published', 'archived')`),
  ],
);

/** Every saved edit of an article (one language), never changed: any of them can be viewed and restored. */
export const kbArticleVersions = pgTable(
  "kb_article_versions",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => kbArticles.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    category: text("category").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    authorId: uuid("author_id").references(() => customers.id, { onDelete: "set null" }),
    // The version this one restored, when it did.
    restoredFrom: integer("restored_from"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.number] })],
);

/** A published article's earlier address: its URL never stops working once published. */
export const kbSlugRedirects = pgTable(
  "kb_slug_redirects",
  {
    locale: text("locale").notNull(),
    slug: text("slug").notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => kbArticles.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.locale, table.slug] })],
);

/** "Was this helpful?": one vote per browser per article (voter is a hash of the browser's cookie). */
export const kbVotes = pgTable(
  "kb_votes",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => kbArticles.id, { onDelete: "cascade" }),
    voter: text("voter").notNull(),
    helpful: boolean("helpful").notNull(),
    comment: text("comment"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.articleId, table.voter] }), index("kb_votes_article_at_idx").on(table.articleId, table.at)],
);

/**
 * The words of published articles, without accents, for "did you mean": a query word that finds
 * nothing is replaced by the most similar word here (pg_trgm), so "pasword" finds "password".
 */
export const kbWords = pgTable("kb_words", { word: text("word").primaryKey() }, (table) => [index("kb_words_trgm_idx").using("gin", table.word.op("gin_trgm_ops"))]);

export const caseStatuses = ["open", "in progress", "waiting for you", "closed"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
/** The catalogs' key for each status (the stored value is the English name). */
export const caseStatusKeys = { open: "open", "in progress": "inProgress", "waiting for you": "waitingForYou", closed: "closed" } as const satisfies Record<CaseStatus, string>;

/**
 * What a case's history holds: "created" (worded by the portal), "reply" (a message to the other
 * side, from the customer or the support team), "note" (staff only, always internal), "status"
 * (from → to) and "assignment" (staff only).
 */
export const caseEventKinds = ["created", "reply", "note", "status", "assignment", "priority"] as const;
export type CaseEventKind = (typeof caseEventKinds)[number];

/** A support case a customer created. */
export const supportCases = pgTable(
  "support_cases",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    category: text("category").notNull(),
    description: text("description").notNull(),
    status: text("status").$type<CaseStatus>().notNull().default("open"),
    // The agent working the case (null: nobody yet).
    assignedTo: uuid("assigned_to").references(() => customers.id, { onDelete: "set null" }),
    // Since when the customer has been waiting for an answer: set by their description or reply,
    // cleared by a reply from the support team or by closing. The queue shows who is waiting.
    customerWaitingSince: timestamp("customer_waiting_since", { withTimezone: true, mode: "date" }),
    // Issue 27: set by staff (lib/support/response-targets.ts); customers choose nothing.
    priority: text("priority").$type<CasePriority>().notNull().default("normal"),
    // When the team owes the waiting customer an answer: the priority's first- or next-response
    // target counted in working hours from when they started waiting; null while nobody waits.
    dueAt: timestamp("due_at", { withTimezone: true, mode: "date" }),
    // The team's first reply: until then the first-response target applies.
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, mode: "date" }),
    // The last reply, note, status change or assignment: the queue's order.
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    index("support_cases_customer_idx").on(table.customerId, table.createdAt),
    index("support_cases_activity_idx").on(table.lastActivityAt, table.id),
    index("support_cases_assigned_idx").on(table.assignedTo, table.lastActivityAt),
    // The queue's "due first" order and the overdue count read only cases someone is waiting on.
    index("support_cases_due_idx").on(table.dueAt).where(sql`${table.dueAt} is not null`),
  ],
);

/** What happened to a case, oldest first. */
export const supportCaseEvents = pgTable(
  "support_case_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").$type<CaseEventKind>().notNull(),
    caseId: bigint("case_id", { mode: "number" })
      .notNull()
      .references(() => supportCases.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    // What someone wrote (a reply or a note); null for events the portal words itself.
    text: text("text"),
    // Who did it (null: the portal, or a person since deleted).
    authorId: uuid("author_id").references(() => customers.id, { onDelete: "set null" }),
    // Which side acted, fixed when it happened: a reply is "to the customer" or "from the customer"
    // even if the author's role changes later.
    byStaff: boolean("by_staff").notNull().default(false),
    // Staff only: never shown to the customer, in a page or in any response.
    internal: boolean("internal").notNull().default(false),
    fromStatus: text("from_status").$type<CaseStatus>(),
    toStatus: text("to_status").$type<CaseStatus>(),
    // An assignment's agent (null: unassigned).
    assignedTo: uuid("assigned_to").references(() => customers.id, { onDelete: "set null" }),
    // Issue 27: a priority change, shown to the support team in the case's history.
    fromPriority: text("from_priority").$type<CasePriority>(),
    toPriority: text("to_priority").$type<CasePriority>(),
  },
  (table) => [
    index("support_case_events_case_idx").on(table.caseId, table.at),
    // Notes, assignments and priorities are the support team's; no code path can make one visible.
    check("support_case_events_staff_only", sql`${table.kind} not in ('note', 'assignment', 'priority') or ${table.internal}`),
  ],
);

/**
 * A file on a case (issue 26). Uploaded with a message and tied to it in the message's
 * transaction; a row whose eventId and caseId are still null after a day is an orphan (a form
 * never sent) and is removed with its bytes. The bytes live in the configured store under
 * `storageKey` (and `thumbnailKey` for an image's thumbnail), never in this row.
 */
export const caseAttachments = pgTable(
  "case_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    caseId: bigint("case_id", { mode: "number" }).references(() => supportCases.id, { onDelete: "cascade" }),
    // The reply or note it came with; null with a caseId: it came with the case itself.
    eventId: bigint("event_id", { mode: "number" }).references(() => supportCaseEvents.id, { onDelete: "cascade" }),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    // The name the customer gave it, cleaned for display; never used to decide its type.
    fileName: text("file_name").notNull(),
    // Decided from the bytes (file-type), one of the accepted kinds.
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    // An image re-encoded by the portal (no EXIF, no GPS): shown inline; everything else downloads.
    image: boolean("image").notNull().default(false),
    storage: text("storage").$type<"database" | "directory">().notNull(),
    storageKey: text("storage_key").notNull(),
    thumbnailKey: text("thumbnail_key"),
    // Held by a reply or new case kept across an ended session (issue 26): removed with that draft,
    // released (set to null) when the customer takes it back after signing in.
    keptDraftId: bigint("kept_draft_id", { mode: "number" }).references(() => keptDrafts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    index("case_attachments_case_idx").on(table.caseId, table.eventId),
    index("case_attachments_orphan_idx").on(table.createdAt).where(sql`${table.caseId} is null`),
    index("case_attachments_kept_draft_idx").on(table.keptDraftId),
  ],
);

/**
 * The bytes of attachments when they are kept in the database (the default store), one row per
 * piece of at most 256 KiB (`part` 0, 1, …): postgres.js sends `bytea` as hex text, so a file
 * written whole cost several times its size in the server's memory (issue 26). They belong to
 * their attachment: deleting a case or a customer deletes its files' bytes with it.
 */
export const attachmentBlobs = pgTable(
  "attachment_blobs",
  {
    key: text("key").notNull(),
    part: integer("part").notNull().default(0),
    attachmentId: uuid("attachment_id")
      .notNull()
      .references(() => caseAttachments.id, { onDelete: "cascade" }),
    data: bytea("data").notNull(),
  },
  (table) => [primaryKey({ columns: [table.key, table.part] }), index("attachment_blobs_attachment_idx").on(table.attachmentId)],
);

/** A "Contact us" message, kept and forwarded to the support mailbox, and worked in the staff inbox. */
export const contactMessages = pgTable(
  "contact_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    // The signed-in customer who sent it (null: a visitor, whose address is unverified).
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    message: text("message").notNull(),
    ip: text("ip"),
    // The language the message was written from; a reply goes out in it.
    locale: text("locale"),
    createdAt: createdAt(),
    handledAt: timestamp("handled_at", { withTimezone: true, mode: "date" }),
    handledBy: uuid("handled_by").references(() => customers.id, { onDelete: "set null" }),
    // The case it became, if an agent turned it into one.
    caseId: bigint("case_id", { mode: "number" }).references(() => supportCases.id, { onDelete: "set null" }),
  },
  (table) => [index("contact_messages_inbox_idx").on(table.handledAt, table.createdAt)],
);

/** The support team's answers to a Contact us message, sent by mail. */
export const contactReplies = pgTable(
  "contact_replies",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => contactMessages.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => customers.id, { onDelete: "set null" }),
    // Issue 28: the sender's answer by mail to the team's answer (authorId null), not the team's.
    fromSender: boolean("from_sender").notNull().default(false),
    text: text("text").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("contact_replies_message_idx").on(table.messageId, table.at)],
);

/**
 * Issue 28: the address a customer answers a case mail at, or a Contact us sender the team's
 * answer. Only the token's SHA-256 is kept, so the table cannot be read back into working
 * addresses (as reset tokens, S8); revoking one holds later mail to it.
 */
export const caseReplyAddresses = pgTable(
  "case_reply_addresses",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    // A case's address names the case and its customer; a Contact us answer's names the message
    // only (its sender may have no account): exactly one of the two.
    caseId: bigint("case_id", { mode: "number" }).references(() => supportCases.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    contactMessageId: bigint("contact_message_id", { mode: "number" }).references(() => contactMessages.id, { onDelete: "cascade" }),
    // A case's address: the SHA-256 of the address its mail went to (S51) — an answer must come
    // from there. Null on addresses made before it was kept.
    recipientHash: text("recipient_hash"),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    index("case_reply_addresses_case_idx").on(table.caseId),
    // "This wasn't me" on an email change revokes a customer's addresses made since (S49).
    index("case_reply_addresses_customer_idx").on(table.customerId),
    index("case_reply_addresses_contact_message_idx").on(table.contactMessageId),
    check(
      "case_reply_addresses_names_one",
      sql`(${table.caseId} is not null and ${table.customerId} is not null and ${table.contactMessageId} is null) or (${table.caseId} is null and ${table.customerId} is null and ${table.contactMessageId} is not null)`,
    ),
  ],
);

export const inboundOutcomes = ["posted", "held", "dropped", "discarded"] as const;
export type InboundOutcome = (typeof inboundOutcomes)[number];

/**
 * Issue 28: every mail read from the support mailbox and what became of it. The unique Message-ID
 * (and mailbox position) is what keeps two instances, or one restarted after a crash, from posting
 * a mail twice. A held mail is kept whole until staff post or discard it; then only its sender and subject stay.
 */
export const inboundMails = pgTable(
  "inbound_mails",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: text("message_id").notNull().unique(),
    // Where it was read: the mailbox's UIDVALIDITY and the message's UID (null: not from IMAP).
    mailboxUid: text("mailbox_uid").unique(),
    outcome: text("outcome").$type<InboundOutcome>().notNull(),
    reason: text("reason"),
    caseId: bigint("case_id", { mode: "number" }).references(() => supportCases.id, { onDelete: "set null" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    // What staff see of a held mail on /staff/inbound: who it says it is from and its subject.
    sender: text("sender"),
    subject: text("subject"),
    // A held mail as it arrived, so staff can post it (text and files) or discard it; erased once decided.
    raw: bytea("raw"),
    receivedAt: createdAt(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decidedBy: uuid("decided_by").references(() => customers.id, { onDelete: "set null" }),
  },
  (table) => [index("inbound_mails_outcome_idx").on(table.outcome, table.receivedAt)],
);

export type InboundMail = typeof inboundMails.$inferSelect;

/**
 * Issue 27: the support team's reply templates ("canned replies"), a short list per language kept
 * by admins; {name} and {case} are filled in when an agent inserts one. Written only by
 * lib/support/canned-replies.ts.
 */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    locale: text("locale").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => customers.id, { onDelete: "set null" }),
  },
  (table) => [uniqueIndex("canned_replies_title_key").on(table.locale, sql`lower(${table.title})`)],
);

export type CannedReply = typeof cannedReplies.$inferSelect;

export type SupportCase = typeof supportCases.$inferSelect;
export type SupportCaseEvent = typeof supportCaseEvents.$inferSelect;
export type CaseAttachment = typeof caseAttachments.$inferSelect;
export type ContactMessage = typeof contactMessages.$inferSelect;
export type KbArticle = typeof kbArticles.$inferSelect;
export type KbArticleVersion = typeof kbArticleVersions.$inferSelect;
