import { outbox } from "@/lib/db/schema";
import type { LeasedRows } from "@/lib/jobs/leases";

// Note: longer than the slowest send the transport allows (its timeouts add up to 35 s), so a
// message is not sent a second time while its first send is still under way.
const LEASE_MS = 45_000;

/** The outbox's leases (lib/jobs/leases.ts): delivery claims with them, kept-outcomes.ts writes a failure while one is still this worker's. */
export const messageRows: LeasedRows = { table: outbox, dueAt: outbox.nextAttemptAt, leaseMs: LEASE_MS };
