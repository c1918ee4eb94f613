"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { removeWayInAfterReset } from "@/lib/auth/after-reset";
import { requestMeta } from "@/lib/http/client-ip";
import { guardPlainForm, readFieldOrNull } from "@/lib/http/form";

/** "Remove" beside one of the account's ways in, on the page after a reset (issue 22). */
export const removeWayInAction = guardPlainForm(async (formData) => {
  const outcome = await removeWayInAfterReset(readFieldOrNull(formData, "kind", 40) ?? "", readFieldOrNull(formData, "id", 1024) ?? "", requestMeta(await headers()));
  redirect(`/reset-password/done?removed=${outcome}#ways-in-heading`);
});
