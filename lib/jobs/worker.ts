import { deliverDueMail } from "@/lib/mail/outbox";
import { processResetRequests, pruneResetTokens } from "@/lib/auth/password-reset";
import { pruneRevokedSessions } from "@/lib/auth/sessions";

const state = globalThis as unknown as { portalMailWork?: Promise<void>; portalMailWorkAgain?: boolean };

/**
 * Turns waiting reset requests into mail and delivers what is due. Called right after a response
 * (Next's after()) and by the background drain; calls that arrive while it runs are folded into
 * one more pass instead of piling up.
 */
export function runMailWork(): Promise<void> {
  if (state.portalMailWork) {
    state.portalMailWorkAgain = true;
    return state.portalMailWork;
  }
  state.portalMailWork = (async () => {
    do {
      state.portalMailWorkAgain = false;
      await processResetRequests();
      await deliverDueMail();
    } while (state.portalMailWorkAgain);
  })().finally(() => {
    state.portalMailWork = undefined;
  });
  return state.portalMailWork;
}

/** Same as runMailWork, for after(): a failure is logged, never thrown at a finished response. */
export async function runMailWorkQuietly() {
  try {
    await runMailWork();
  } catch (error) {
    console.error("[mail] background work failed:", error instanceof Error ? error.message : error);
  }
}

/** Housekeeping that the background drain does now and then. */
export async function pruneExpiredRecords() {
  await pruneResetTokens();
  await pruneRevokedSessions();
}
