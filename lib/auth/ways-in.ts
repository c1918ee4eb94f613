import { and, desc, eq } from "drizzle-orm";
import { db } from "@/lib/db";
import { auditLog } from "@/lib/db/schema";
import { configuredProvider, disconnectProviders, linkedProviders, providersConnectedSince } from "@/lib/auth/external-sign-in";
import type { KeptWayIn } from "@/lib/auth/two-step/method";
import { secondStepMethods } from "@/lib/auth/two-step/methods";
import { passkeyWayIn } from "@/lib/auth/two-step/passkeys";

/**
 * Every kind of way into an account besides the password (issue 24, S49), in the order the list
 * after a reset shows them: passkeys, what each second-step method in the table keeps, connected
 * identities. Recovery, that list and the "This wasn't me" links read this, so a method added to
 * lib/auth/two-step/methods.ts with a secret of its own is removed with the rest.
 */
export function waysIn(): KeptWayIn[] {
  return [passkeyWayIn, ...secondStepMethods.flatMap((method) => (method.wayIn ? [method.wayIn] : [])), externalIdentityWayIn];
}

export function wayInOfKind(kind: string): KeptWayIn | undefined {
  return waysIn().find((way) => way.kind === kind);
}

/** Whether having this kind turns two-step verification on (only a method in the table does). */
export function turnsTwoStepOn(kind: string): boolean {
  return secondStepMethods.some((method) => method.wayIn?.kind === kind && method.turnsTwoStepOn);
}

/** The catalog case (`resetPassword.wayIn`, `undoWayIn.intro`) that describes a kind. */
export function wayInWords(kind: string): string {
  const way = wayInOfKind(kind);
  return way?.words ?? way?.kind ?? "other";
}

/**
 * A connected identity (Auth.js's accounts table). It keeps no time, so when it was connected comes
 * from the audit log (none for old imports).
 */
const externalIdentityWayIn: KeptWayIn = {
  kind: "external_identity",
  async list(customer) {
    const identities = [];
    for (const provider of await linkedProviders(customer.id)) {
      identities.push({ id: provider, name: configuredProvider(provider)?.name ?? provider, addedAt: await connectedAt(customer.id, provider) });
    }
    return identities;
  },
  async remove(tx, customerId, provider) {
    await disconnectProviders(tx, customerId, [provider], "removed_after_reset");
    return true;
  },
  async removeAddedSince(tx, customerId, since) {
    const providers = await providersConnectedSince(tx, customerId, since);
    await disconnectProviders(tx, customerId, providers, "way_in_removed");
    return providers;
  },
  async undo(tx, customerId, provider) {
    if (provider) await disconnectProviders(tx, customerId, [provider], "way_in_not_me");
  },
};

/** The newest audit record of the connection. */
async function connectedAt(customerId: string, provider: string): Promise<Date | null> {
  const rows = await (await db())
    .select({ at: auditLog.at, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.customerId, customerId), eq(auditLog.event, "external_account_connected")))
    .orderBy(desc(auditLog.at));
  return rows.find((row) => (row.details as { provider?: unknown } | null)?.provider === provider)?.at ?? null;
}
