jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { closeCaseAction, replyToCaseAction } from "@/app/support/cases/[id]/actions";
import { idleForm } from "@/lib/http/form";
import { createCase, findCase } from "@/lib/support/cases";
import { makeCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, answerOf, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

/**
 * A case reply or close for a case the customer has not — another customer's, one that does not
 * exist, no case number at all — sends the browser to that case's address, whose page answers
 * "Page not found" with 404 also without JavaScript (tests/e2e/page-not-found.test.ts): another
 * customer's case answers exactly like a missing one (S34), and nothing changes on it.
 */
withTestDatabase();
afterEach(() => request.cookies.clear());

describe(`a case reply or close for a case that is not the customer's, on ${testDatabaseLabel()}`, () => {
  it("answers another customer's case like a missing one and changes nothing, however many arrive at once", async () => {
    const owner = await makeCustomer();
    const created = await createCase(owner, { subject: "Meter reading", category: "question", description: "My bill says the reading was estimated." }, "en");
    const missing = created.id + 1000;
    await actAs(await makeCustomer());

    const posts = [created.id, missing].flatMap((id) => [
      () => closeCaseAction(form({ case: String(id) })),
      () => replyToCaseAction(idleForm, form({ case: String(id), text: "Is anyone reading this case?" })),
    ]);
    const answers = await Promise.all([...posts, ...posts].map((post) => answerOf(post())));
    const forOthers = answers.filter((_, i) => i % 4 < 2);
    const forMissing = answers.filter((_, i) => i % 4 >= 2);
    expect(forOthers).toEqual(Array(4).fill(`redirect /support/cases/${created.id}`));
    expect(forMissing).toEqual(Array(4).fill(`redirect /support/cases/${missing}`));

    const still = await findCase(owner.id, String(created.id));
    expect(still?.status).not.toBe("closed");
    expect(JSON.stringify(still)).not.toContain("Is anyone reading");
    for (const junk of ["", "x", "1".repeat(30)]) expect(await answerOf(closeCaseAction(form({ case: junk })))).toBe("redirect /support/cases/0");
  });
});
