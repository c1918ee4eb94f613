import type { SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db";
import type { Customer } from "@/lib/db/schema";
import type { RequestMeta } from "@/lib/http/client-ip";
import type { Challenge } from "@/lib/auth/sign-in-challenge";
import type { TwoStepChange } from "@/lib/auth/two-step/notices";

/**
 * What a second-step method is (issue 24): everything the sign-in, account and staff screens and
 * lib/auth/two-step/second-step.ts need to know about one, so none of them names a method. Each
 * method is its own module under methods/, listed once in lib/auth/two-step/methods.ts.
 *
 * Words come from the catalog by the method's id — `twoStep.useMethod.<id>`,
 * `twoStep.instructions.<id>` (or the key `instructions` gives), `twoStep.done.<id>_on|_off` —
 * and, for a method set up on /account, under `twoStep.account.<account.words>`.
 */
export type CodeCheck = "ok" | "wrong" | "spent";

/** Where the customer is with two-step verification, as a method's rules need it. */
export type MethodContext = {
  /** The customer has this method. */
  setUp: boolean;
  /** Two-step verification is on (a method that turns it on is set up). */
  twoStepOn: boolean;
};

export type PassedStep = {
  customer: Customer;
  meta: RequestMeta;
  locale: string | null;
  /** Whether this method was set up before it passed, and how many recovery codes were left. */
  wasSetUp: boolean;
  recoveryCodesLeft: number;
};

export type CodeSending = {
  /** A code this customer could still use is waiting (so the screen says "we sent", and none is sent again at the start). */
  isWaiting: (customerId: string) => Promise<boolean>;
  /** Sends one for this pending sign-in, at most once a minute (S45: the claim is one statement). */
  send: (challenge: Challenge, customer: Customer, locale: string | null) => Promise<{ ok: true } | { ok: false; waitSeconds: number }>;
};

export type AccountSetUp = {
  /** The catalog group under twoStep.account: title, description, the set-up and turn-off buttons. */
  words: string;
  /** The set-up button's key in that group. */
  setUpWord: string;
  /** "Set up" on /account: what starts it, then the page that finishes it. */
  start: (customer: Customer, locale: string | null) => Promise<void>;
  setUpPath: string;
  /** Turns it off in the caller's transaction; false when it was not on. */
  turnOff: (tx: Executor, customerId: string) => Promise<boolean>;
  /** The mail that says it was turned off. */
  offNotice: TwoStepChange;
};

/** One thing a way in keeps for the customer, as the list after a reset shows it. */
export type KeptItem = {
  /** Which one, for "Remove" (a passkey's id; a fixed word for a method kept once per customer). */
  id: string;
  /** When it was added; null when nothing records it. */
  addedAt: Date | null;
  /** What the customer called it (a passkey) or where it is (an identity provider). */
  name?: string;
  /** How many are left unused (recovery codes). */
  left?: number;
};

/**
 * What taking the account back needs of a way in (issue 22, S49) — a second-step method with a
 * secret of its own, a passkey, a connected identity — so that recovery (lib/auth/recovery.ts),
 * the list after a reset (lib/auth/after-reset.ts) and the "This wasn't me" links
 * (lib/auth/undo-way-in.ts) name none of them: whatever a thief could add, they remove.
 */
export type KeptWayIn = {
  /** Its name in the list after a reset, in undo links (way_in_undo_links.way_in) and in the audit. */
  kind: string;
  /**
   * The case of `resetPassword.wayIn` and `undoWayIn.intro` that describes it; its kind unless it
   * borrows another's words.
   */
  words?: string;
  /** What it keeps for the customer, oldest first; empty when nothing. */
  list: (customer: Customer) => Promise<KeptItem[]>;
  /** "Remove" after a reset: that one item, in the caller's transaction; false when it was already gone. */
  remove: (tx: Executor, customerId: string, id: string) => Promise<boolean>;
  /**
   * "This wasn't me" and a cancelled email change: everything it keeps that was added since that
   * moment, in the caller's transaction. What it returns goes into the audit record.
   */
  removeAddedSince: (tx: Executor, customerId: string, since: Date) => Promise<unknown>;
  /** The undo link in its "added" notice: what the link names (its subject), even when added before the moment recovery removes from. */
  undo: (tx: Executor, customerId: string, subject: string | null) => Promise<void>;
  /**
   * Kept after a reset while two-step verification is required and no other way that turns it on
   * is left (codes by email: the next sign-in would set them up again anyway).
   */
  keptWhenRequiredAlone?: boolean;
};

export type SecondStepMethod = {
  /** Its name in forms, URLs, the audit log and verified_sessions. */
  id: string;
  /** Whether having it turns two-step verification on (recovery codes only stand in for the others). */
  turnsTwoStepOn: boolean;
  /**
   * Whether the customer has it: a condition on its own table, which the second-step decision asks
   * in one query with every other method's (issue 25); or the answer itself, from the customer's
   * row or a check of its own.
   */
  isSetUp: (customer: Customer) => SQL<boolean> | boolean | Promise<boolean>;
  /** Whether the second-step screen offers it. */
  offered: (context: MethodContext) => boolean;
  /** Checks a typed code and uses it up, once: of simultaneous checks of one code at most one is "ok". */
  check: (customerId: string, code: string) => Promise<CodeCheck>;
  /** The code was right but is already used (a double-click's second copy, issue 22 item 9). */
  isUsedCode: (customerId: string, code: string) => Promise<boolean>;
  /** Removes it and all it keeps for the customer, in the caller's transaction (support's reset). */
  removeAll: (tx: Executor, customerId: string) => Promise<unknown>;
  /** What else passing it does, in the sign-in's transaction (audit, notices). */
  afterPass?: (tx: Executor, step: PassedStep) => Promise<void>;
  /** A method whose code the portal sends ("Send a code", "Send a new code"). */
  sendsCode?: CodeSending;
  /** The catalog key under twoStep.instructions for the screen's instructions. */
  instructions: (context: MethodContext & { codeSent: boolean }) => string;
  /** The code field: its label and hint (keys under twoStep) and what it takes. */
  codeField: { label: string; hint: string; inputMode: "numeric" | "text"; maxLength: number };
  /** Set up and turned off on /account; absent for a method that comes with others (recovery codes). */
  account?: AccountSetUp;
  /** What it keeps that a thief could have added (S49); absent for a method that keeps nothing of its own. */
  wayIn?: KeptWayIn;
};
