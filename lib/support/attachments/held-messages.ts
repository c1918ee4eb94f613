import { z } from "zod";
import { findCustomerById } from "@/lib/customers/lookup";
import { db, type Transaction } from "@/lib/db";
import { enqueueJob, type JobPayload } from "@/lib/jobs/queue";
import { insertCustomerReply } from "@/lib/support/customer-replies";
import { insertCase, newCaseSchema } from "@/lib/support/cases";
import { scanUploads } from "./attachments";

/**
 * A customer's message whose files clamd could not scan when it was sent (issue 26): it waits as
 * a job and is posted once the scan says the files are clean — never unscanned. While clamd stays
 * away the job fails and the queue tries again with backoff; an infected file drops the message
 * (scanUploads removes the files and audits it).
 */
export const HELD_MESSAGE_JOB = "case-message-held-for-scan";

const heldMessage = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("reply"), customerId: z.string(), caseId: z.number().int(), text: z.string(), attachmentIds: z.array(z.string()) }),
  z.object({ kind: z.literal("case"), customerId: z.string(), input: newCaseSchema, locale: z.string(), attachmentIds: z.array(z.string()) }),
]);
export type HeldMessage = z.infer<typeof heldMessage>;

export async function holdMessageForScan(message: HeldMessage) {
  await enqueueJob(await db(), HELD_MESSAGE_JOB, message as unknown as JobPayload);
}

/** The job: scan (throws while clamd is away, so the queue retries), then post as the customer would have. */
export async function processHeldMessage(payload: JobPayload, tx: Transaction) {
  const message = heldMessage.parse(payload);
  const customer = await findCustomerById(message.customerId, tx);
  if (!customer) return;
  const scanned = await scanUploads(customer, message.attachmentIds, tx);
  if (!scanned.ok) return;
  if (message.kind === "reply") await insertCustomerReply(tx, customer, message.caseId, message.text, message.attachmentIds);
  else await insertCase(tx, customer, message.input, message.locale, message.attachmentIds);
}
