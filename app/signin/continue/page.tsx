import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { landingPath } from "@/lib/staff/access";
import { currentCustomer } from "@/lib/auth/current-customer";
import { currentChallenge } from "@/lib/auth/sign-in-challenge";

type ContinuePageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Where an external sign-in comes back to (issue 17): on to where the customer was going when it
 * made a session, to the second step when one is pending, else back to "Sign in". It only reads.
 */
export default async function ContinueSignInPage({ searchParams }: ContinuePageProps) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  const signedIn = await currentCustomer();
  if (signedIn) redirect(landingPath(signedIn.customer, callbackUrl));
  if (await currentChallenge("second_factor")) redirect(`/signin/two-step?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
}
