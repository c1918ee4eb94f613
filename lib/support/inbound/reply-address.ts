import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import type { Executor } from "@/lib/db";
import { caseReplyAddresses } from "@/lib/db/schema";

/**
 * Issue 28: the Reply-To of a case mail to the customer, e.g. support+<token>@example.com. The
 * token is 128 random bits (unguessable; only its hash is kept, as for reset tokens, S8), and bound to the case
 * and the customer: an answer to it is posted only when it comes from that customer.
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The case's current address for this customer, made on first use. Null when no reply address is configured. */
export async function issueReplyAddress(executor: Executor, caseId: number, customerId: string): Promise<string | null> {
  const template = config().mail.replyAddress;
  if (!template) return null;
  // Note: only the hash is stored, so an earlier token cannot be put in a new mail: each mail gets
  // its own, and all of a case's tokens stay valid until revokeReplyAddresses.
  const token = randomBytes(16).toString("base64url");
  await executor.insert(caseReplyAddresses).values({ tokenHash: hashToken(token), caseId, customerId });
  return template.replace("{token}", token);
}

/** Stops every address of a case: later mail to them is held for staff. */
export async function revokeReplyAddresses(executor: Executor, caseId: number): Promise<void> {
  await executor.update(caseReplyAddresses).set({ revokedAt: now() }).where(and(eq(caseReplyAddresses.caseId, caseId), isNull(caseReplyAddresses.revokedAt)));
}

/** The token in a recipient address that matches SUPPORT_REPLY_ADDRESS, or null. */
export function tokenFromAddress(address: string): string | null {
  const template = config().mail.replyAddress;
  if (!template) return null;
  const [prefix, suffix] = template.toLowerCase().split("{token}");
  const [local, domain] = [address.slice(0, address.lastIndexOf("@")), address.slice(address.lastIndexOf("@"))];
  if (!local.toLowerCase().startsWith(prefix) || !(local + domain).toLowerCase().endsWith(suffix)) return null;
  // Note: the token's letters are case-sensitive, so it is cut from the address as written.
  const token = (local + domain).slice(prefix.length, (local + domain).length - suffix.length);
  return TOKEN_PATTERN.test(token) ? token : null;
}

export type ReplyAddressMatch = { caseId: number; customerId: string; revoked: boolean };

export async function findReplyAddress(executor: Executor, token: string): Promise<ReplyAddressMatch | null> {
  const [row] = await executor.select().from(caseReplyAddresses).where(eq(caseReplyAddresses.tokenHash, hashToken(token))).limit(1);
  return row ? { caseId: row.caseId, customerId: row.customerId, revoked: row.revokedAt !== null } : null;
}
