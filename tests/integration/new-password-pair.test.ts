jest.mock("next/headers", () => jest.requireActual("../support/request-mocks").nextHeaders);
jest.mock("next/server", () => jest.requireActual("../support/request-mocks").nextServer);
jest.mock("next-intl/server", () => jest.requireActual("../support/request-mocks").nextIntlServer);
jest.mock("next/cache", () => jest.requireActual("../support/request-mocks").nextCache);

import { changePasswordAction } from "@/app/account/actions";
import { registerAction } from "@/app/register/actions";
import { redeemInvitationAction } from "@/app/register/invitation/actions";
import { resetPasswordAction } from "@/app/reset-password/actions";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { idleForm, type FormState } from "@/lib/http/form";
import { translatorFor } from "@/lib/i18n/locales";
import { createInvitation, invitationCookieName } from "@/lib/registration/invitations";
import { freshMeta, makeCustomer } from "../support/customers";
import { request } from "../support/request-mocks";
import { actAs, form } from "../support/server-actions";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

const t = translatorFor("en");
const chosen = "copper lantern harbour meadow";
const tooLong = "x".repeat(4097);

type Form = { name: string; newPassword: string; act: (fields: Record<string, string>) => Promise<FormState<string>>; mismatch: string; enter: string | null };

/** The four forms that set a password, each ready to be sent from its page. */
async function forms(): Promise<Form[]> {
  const customer = await makeCustomer();
  const { code } = await createInvitation({ email: `pair${Date.now()}@example.test`, expiresInDays: 14, maxUses: 1, mail: false });
  return [
    {
      name: "Register",
      newPassword: "password",
      act: async (fields) => (await actAs(null), registerAction(idleForm, form({ email: "pair.register@example.test", username: "pair-register", ...fields }))),
      mismatch: t("registration.mismatch"),
      enter: t("registration.enterPassword"),
    },
    {
      name: "Redeem invitation",
      newPassword: "password",
      act: async (fields) => {
        await actAs(null);
        request.cookies.set(invitationCookieName(), code);
        return redeemInvitationAction(idleForm, form({ username: "pair-invited", ...fields }));
      },
      mismatch: t("registration.mismatch"),
      enter: t("registration.enterPassword"),
    },
    {
      // The pair is checked before the link, so no reset cookie is needed to see its answer.
      name: "Reset password",
      newPassword: "password",
      act: async (fields) => (await actAs(null), resetPasswordAction(idleForm, form(fields))),
      mismatch: t("resetPassword.mismatch"),
      enter: t("resetPassword.enterNew"),
    },
    {
      name: "Change password",
      newPassword: "newPassword",
      act: async (fields) => (await actAs(customer), changePasswordAction(idleForm, form({ currentPassword: customer.password, ...fields }))),
      mismatch: t("account.mismatch"),
      enter: null,
    },
  ];
}

describe(`the new password and its confirmation, on ${testDatabaseLabel()} (issue 24)`, () => {
  it("refuses a confirmation that differs with each form's own words, on the confirmation field, never echoing a password (S6)", async () => {
    for (const pair of await forms()) {
      const state = await pair.act({ [pair.newPassword]: chosen, confirmPassword: `${chosen}!` });
      expect({ form: pair.name, status: state.status, confirm: state.fieldErrors?.confirmPassword }).toEqual({ form: pair.name, status: "error", confirm: pair.mismatch });
      expect(JSON.stringify(state)).not.toContain(chosen);
    }
  });

  it("asks for a new password where the form words that, on the new password's field", async () => {
    for (const pair of (await forms()).filter((pair) => pair.enter !== null)) {
      const state = await pair.act({ [pair.newPassword]: "", confirmPassword: "" });
      expect({ form: pair.name, error: (state.fieldErrors as Record<string, string>)[pair.newPassword] }).toEqual({ form: pair.name, error: pair.enter });
    }
  });

  it("refuses a password over 4,096 characters as too long on its field, without a 500", async () => {
    for (const pair of await forms()) {
      const state = await pair.act({ [pair.newPassword]: tooLong, confirmPassword: tooLong });
      expect({ form: pair.name, status: state.status, error: (state.fieldErrors as Record<string, string>)[pair.newPassword] }).toEqual({
        form: pair.name,
        status: "error",
        error: t("fields.problems.too_long"),
      });
    }
  });

  it("leaves the password as it was when the pair is refused", async () => {
    const customer = await makeCustomer();
    await actAs(customer);
    await changePasswordAction(idleForm, form({ currentPassword: customer.password, newPassword: chosen, confirmPassword: "something else entirely" }));
    expect((await signInWithPassword(customer.username, customer.password, freshMeta())).ok).toBe(true);
    expect((await signInWithPassword(customer.username, chosen, freshMeta())).ok).toBe(false);
  });
});
