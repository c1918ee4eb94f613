import { redirect, unstable_rethrow } from "next/navigation";
import { signIn } from "@/auth";

/**
 * Sends the browser to an external provider (from the sign-in page, or "Connect" on /account).
 * When the provider cannot be reached (its discovery document is fetched here) the customer is
 * brought back to "Sign in" with a plain message, never a 500.
 */
export async function startExternalSignIn(providerId: string, redirectTo: string) {
  try {
    await signIn(providerId, { redirectTo });
  } catch (error) {
    unstable_rethrow(error);
    console.error(`[auth] could not start sign-in with ${providerId}: ${error instanceof Error ? error.message.split("\n")[0] : "error"}`);
    redirect("/signin?error=provider_unavailable");
  }
}
