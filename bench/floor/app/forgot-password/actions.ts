"use server";

import { redirect } from "next/navigation";
import { sql } from "../../database";

/** "Forgot your password?": one row inserted, then 303 to the "sent" page. */
export async function requestReset(form: FormData) {
  const email = String(form.get("email") ?? "").slice(0, 254);
  await sql()`insert into reset_requests (email) values (${email})`;
  redirect("/forgot-password/sent");
}
