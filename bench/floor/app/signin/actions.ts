"use server";

import { randomBytes } from "node:crypto";
import { verify } from "@node-rs/argon2";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, sql } from "../../database";

/** Sign-in: select the user, verify argon2id, insert a session, set its cookie, 303. */
export async function signIn(form: FormData) {
  const username = String(form.get("username") ?? "").slice(0, 100);
  const password = String(form.get("password") ?? "").slice(0, 200);
  const [user] = await sql()<Array<{ id: number; password_hash: string }>>`select id, password_hash from users where username = ${username}`;
  if (!user || !(await verify(user.password_hash, password))) redirect("/signin?failed=1");
  const token = randomBytes(32).toString("base64url");
  await sql()`insert into sessions (id, user_id, expires) values (${token}, ${user.id}, now() + interval '1 day')`;
  (await cookies()).set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/kb");
}
