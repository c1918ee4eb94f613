import { createHash } from "node:crypto";
import { and, eq, gte, sql } from "drizzle-orm";
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import type { SecondStepMethod } from "@/lib/auth/two-step/method";

/**
 * A second-step method with a secret of its own that exists only in tests (issue 24, S49): a
 * "paper key", one code per customer printed at set-up, kept hashed in a table of its own — as a
 * real method (SMS codes, security keys) keeps its secret. Its set-up makes the "This wasn't me"
 * link its notice would carry, as the authenticator app's does. It borrows the authenticator app's
 * words, so it needs no catalog entry. tests/integration/second-step-method-recovery.test.ts adds
 * it to the table with jest.mock; nothing else of the portal knows of it.
 */
export const PAPER_KEY = "864209";

/** Its table; the test creates it, standing in for the method's migration. */
export const fixturePaperKeys = pgTable("fixture_paper_keys", {
  customerId: uuid("customer_id").primaryKey(),
  codeHash: text("code_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
});

export async function createPaperKeyTable() {
  await (await db()).execute(
    sql`create table if not exists fixture_paper_keys (customer_id uuid primary key references customers(id) on delete cascade, code_hash text not null, created_at timestamptz not null)`,
  );
}

/** The "This wasn't me" address each customer's set-up "mailed", newest last. */
export const paperKeyUndoLinks = new Map<string, string>();

function hash(code: string) {
  return createHash("sha256").update(code.trim()).digest("hex");
}

async function keyOf(customerId: string) {
  const [row] = await (await db()).select().from(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, customerId)).limit(1);
  return row ?? null;
}

export const paperKeyMethod: SecondStepMethod = {
  id: "paper_key",
  turnsTwoStepOn: true,
  isSetUp: async (customer) => (await keyOf(customer.id)) !== null,
  offered: ({ setUp }) => setUp,
  check: async (customerId, code) => ((await keyOf(customerId))?.codeHash === hash(code) ? "ok" : "wrong"),
  isUsedCode: async () => false,
  removeAll: (tx, customerId) => tx.delete(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, customerId)),
  instructions: () => "authenticator_app",
  codeField: { label: "codeLabel", hint: "codeHint", inputMode: "numeric", maxLength: 12 },
  account: {
    words: "app",
    setUpWord: "setUp",
    async start(customer) {
      // Loaded when used: the undo links read the table of methods, which this module is part of in the test.
      const { createUndoWayInLink } = await import("@/lib/auth/undo-way-in");
      await (await db()).transaction(async (tx) => {
        const [added] = await tx.insert(fixturePaperKeys).values({ customerId: customer.id, codeHash: hash(PAPER_KEY), createdAt: now() }).onConflictDoNothing().returning();
        if (added) paperKeyUndoLinks.set(customer.id, await createUndoWayInLink(tx, customer.id, "paper_key", null, added.createdAt));
      });
    },
    setUpPath: "/account/two-step/paper-key",
    turnOff: async (tx, customerId) => (await tx.delete(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, customerId)).returning()).length === 1,
    offNotice: "authenticator_app_off",
  },
  wayIn: {
    kind: "paper_key",
    words: "authenticator_app",
    async list(customer) {
      const key = await keyOf(customer.id);
      return key ? [{ id: "key", addedAt: key.createdAt }] : [];
    },
    remove: async (tx, customerId) => (await tx.delete(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, customerId)).returning()).length === 1,
    removeAddedSince: async (tx, customerId, since) =>
      (await tx.delete(fixturePaperKeys).where(and(eq(fixturePaperKeys.customerId, customerId), gte(fixturePaperKeys.createdAt, since))).returning()).length,
    undo: async (tx, customerId) => void (await tx.delete(fixturePaperKeys).where(eq(fixturePaperKeys.customerId, customerId))),
  },
};
