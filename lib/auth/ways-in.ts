import { connectionsWithoutLinkedAt } from "@/lib/audit";
import { configuredProvider, connectedIdentities, disconnectIdentities, identitiesConnectedSince, identityName } from "@/lib/auth/external-sign-in";
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
 * A connected identity (Auth.js's accounts table), named by its provider and subject (S49: taking
 * the account back removes the thief's identity, not the owner's own of the same provider). When it
 * was connected is written with it; for older rows it comes from an audit record that the row's
 * time does not stand for (none for most imports), never from a newer identity's.
 */
const externalIdentityWayIn: KeptWayIn = {
  kind: "external_identity",
  async list(customer) {
    const identities = [];
    for (const identity of await connectedIdentities(customer.id)) {
      const name = configuredProvider(identity.provider)?.name ?? identity.provider;
      identities.push({ id: identityName(identity), name, addedAt: identity.linkedAt ?? (await connectedAt(customer.id, identity.provider)) });
    }
    return identities;
  },
  async remove(tx, customerId, id) {
    return (await disconnectIdentities(tx, customerId, [id], "removed_after_reset")).length > 0;
  },
  async removeAddedSince(tx, customerId, since) {
    const identities = await identitiesConnectedSince(tx, customerId, since);
    return disconnectIdentities(tx, customerId, identities.map(identityName), "way_in_removed");
  },
  async undo(tx, customerId, identity) {
    if (identity) await disconnectIdentities(tx, customerId, [identity], "way_in_not_me");
  },
};

/** When a row that keeps no time was connected: its newest audit record of that kind (none for most imports). */
async function connectedAt(customerId: string, provider: string): Promise<Date | null> {
  return (await connectionsWithoutLinkedAt(customerId)).find((connection) => connection.provider === provider)?.at ?? null;
}
