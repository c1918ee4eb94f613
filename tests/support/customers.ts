import { eq } from "drizzle-orm";
import { createAccount } from "@/lib/auth/accounts";
import type { RequestMeta } from "@/lib/http/client-ip";
import { db } from "@/lib/db";
import { customers } from "@/lib/db/schema";

let counter = 0;

/** A customer with a password, named uniquely within the test file. */
export async function makeCustomer(overrides: { password?: string | null; name?: string; emailConfirmed?: boolean } = {}) {
  counter += 1;
  const username = `customer${counter}${Math.random().toString(36).slice(2, 6)}`;
  const password = overrides.password === undefined ? `lantern orchard ridge ${counter}` : overrides.password;
  const customer = await createAccount({
    username,
    email: `${username}@example.test`,
    name: overrides.name ?? `Customer ${counter}`,
    password,
    emailConfirmed: overrides.emailConfirmed ?? true,
  });
  return { ...customer, password: password ?? "" };
}

export async function reloadCustomer(id: string) {
  const [row] = await (await db()).select().from(customers).where(eq(customers.id, id));
  return row;
}

let ipCounter = 0;

/** A distinct client address per call, so per-IP limits of one test do not spill into another. */
export function freshMeta(userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36"): RequestMeta {
  ipCounter += 1;
  return { ip: `198.51.100.${ipCounter % 250}:${ipCounter}`, userAgent };
}
