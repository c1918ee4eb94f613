import { createAccount } from "@/lib/auth/accounts";
import { findCustomerByLogin } from "@/lib/customers/lookup";

/** The newcomer's account (development only; never created in production). */
export const DEMO_CUSTOMER = {
  username: "demo",
  email: "demo@example.com",
  name: "Demo Customer",
  password: "correct horse battery staple",
  emailConfirmed: true,
};

export async function ensureDemoCustomer() {
  if (!(await findCustomerByLogin(DEMO_CUSTOMER.username))) {
    await createAccount(DEMO_CUSTOMER);
  }
  console.log(`[portal] demo customer: username "${DEMO_CUSTOMER.username}", password "${DEMO_CUSTOMER.password}", email ${DEMO_CUSTOMER.email}`);
}
