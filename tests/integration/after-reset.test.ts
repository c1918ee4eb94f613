jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);

import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { customerUnderReview, removeWayInAfterReset, waysInOf } from "@/lib/auth/after-reset";
import { linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { advanceClock, MINUTE } from "@/lib/clock";
import { db } from "@/lib/db";
import { accounts, auditLog } from "@/lib/db/schema";
import { freshMeta, makeCustomer, reloadCustomer } from "../support/customers";
import { passkeySignIn, resetInNewBrowser, useBrowser, withRecoveryTest } from "../support/recovery";
import { request } from "../support/request-mocks";
import { addSoftwarePasskey } from "../support/software-passkey";
import { testDatabaseLabel } from "../support/test-database";

/**
 * Issue 22, S49: after a reset, the page that says "Your password has been reset." lists the
 * account's ways in with when each was added, each removable — by the browser that made the reset
 * only, for 10 minutes, and never after a later recovery.
 */
const receiver = withRecoveryTest();

describe(`the ways in after a reset, on ${testDatabaseLabel()} (issue 22)`, () => {
  it("lists every way in with when it was added; the resetting browser removes the thief's passkey once, however many presses arrive at once", async () => {
    const owner = await makeCustomer();
    advanceClock(MINUTE);
    const thiefsPasskey = await addSoftwarePasskey(owner.id);
    await (await db()).insert(accounts).values({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: "thief-sub" });
    await recordAudit({ event: "external_account_connected", customerId: owner.id, details: { provider: "corp" } });
    const browser = await resetInNewBrowser(receiver, owner, "a brand new harbour lantern");

    const customer = await customerUnderReview();
    expect(customer?.id).toBe(owner.id);
    const ways = await waysInOf(customer!);
    expect(ways).toEqual([
      { kind: "passkey", id: thiefsPasskey.id, name: "Thief's phone", addedAt: expect.any(Date) },
      { kind: "external_identity", id: "corp/thief-sub", name: expect.any(String), addedAt: expect.any(Date) },
    ]);

    const outcomes = await Promise.all(Array.from({ length: 20 }, () => removeWayInAfterReset("passkey", thiefsPasskey.id, freshMeta())));
    expect(outcomes.filter((outcome) => outcome === "removed")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== "removed")).toEqual(Array(19).fill("not_found"));
    expect(await removeWayInAfterReset("external_identity", "corp", freshMeta())).toBe("not_found");
    expect(await removeWayInAfterReset("external_identity", "corp/thief-sub", freshMeta())).toBe("removed");
    expect(await waysInOf((await reloadCustomer(owner.id))!)).toEqual([]);
    expect(await passkeySignIn(thiefsPasskey)).toBeNull();
    useBrowser(browser);
    expect(await customerUnderReview()).not.toBeNull();
  });

  it("lists identities of one provider apart, oldest first, each with its own time, and removes only the one pressed, once however many presses arrive at once (S49)", async () => {
    const owner = await makeCustomer();
    // Imported from Power Pages: no connection time, and not the time of a newer identity of its provider either.
    await (await db()).insert(accounts).values({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: "imported-sub" });
    await linkExternalIdentity({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: "owner-sub" }, undefined, freshMeta());
    advanceClock(MINUTE);
    await linkExternalIdentity({ userId: owner.id, type: "oidc", provider: "corp", providerAccountId: "intruder-sub" }, undefined, freshMeta());
    await resetInNewBrowser(receiver, owner, "a brand new harbour lantern");

    const ways = await waysInOf((await customerUnderReview())!);
    expect(ways.map((way) => [way.id, way.addedAt === null])).toEqual([
      ["corp/imported-sub", true],
      ["corp/owner-sub", false],
      ["corp/intruder-sub", false],
    ]);
    expect(ways[2].addedAt!.getTime() - ways[1].addedAt!.getTime()).toBeGreaterThanOrEqual(MINUTE);
    // Pressed 20 times at once: one removal, one audit record.
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => removeWayInAfterReset("external_identity", "corp/intruder-sub", freshMeta())));
    expect(outcomes.sort()).toEqual([...Array(19).fill("not_found"), "removed"]);
    expect((await waysInOf((await reloadCustomer(owner.id))!)).map((way) => way.id)).toEqual(["corp/imported-sub", "corp/owner-sub"]);
    const removals = await (await db()).select().from(auditLog).where(and(eq(auditLog.customerId, owner.id), eq(auditLog.event, "way_in_removed_after_reset")));
    expect(removals).toHaveLength(1);
  });

  it("another browser, the same browser after 10 minutes, and the browser of an earlier reset may not see or remove anything", async () => {
    const owner = await makeCustomer();
    const passkey = await addSoftwarePasskey(owner.id);
    const first = await resetInNewBrowser(receiver, owner, "a brand new harbour lantern");

    request.cookies.clear();
    expect(await customerUnderReview()).toBeNull();
    expect(await removeWayInAfterReset("passkey", passkey.id, freshMeta())).toBe("no_review");

    // A second reset (from another browser) ends the first one's review.
    const second = await resetInNewBrowser(receiver, owner, "another brand new harbour lantern");
    useBrowser(first);
    expect(await customerUnderReview()).toBeNull();
    expect(await removeWayInAfterReset("passkey", passkey.id, freshMeta())).toBe("no_review");

    useBrowser(second);
    expect((await customerUnderReview())?.id).toBe(owner.id);
    advanceClock(10 * MINUTE + 1000);
    expect(await customerUnderReview()).toBeNull();
    expect(await removeWayInAfterReset("passkey", passkey.id, freshMeta())).toBe("no_review");
    expect((await waysInOf((await reloadCustomer(owner.id))!)).map((way) => way.kind)).toEqual(["passkey"]);
  });
});
