"use server";

import { AuthError } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { signIn } from "@/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { requestMeta } from "@/lib/http/client-ip";
import { configuredProvider } from "@/lib/auth/external-sign-in";
import { now } from "@/lib/clock";
import { formText, type FormState } from "@/lib/http/form";
import { checkLimit } from "@/lib/http/rate-limit";
import { sessionCookieName, sessionCookieOptions } from "@/lib/auth/session-policy";

export type SignInField = "username" | "password";

// S25: one message for every failure, whatever the cause.
const INVALID = "Invalid username or password.";

function tooManyAttempts(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export async function signInAction(_previous: FormState<SignInField>, formData: FormData): Promise<FormState<SignInField>> {
  const username = formText(formData, "username", 254) ?? "";
  const password = formText(formData, "password", 1024) ?? "";
  const remember = formData.get("remember") === "on";
  const callbackPath = safeCallbackPath(formData.get("callbackUrl"));
  // Note: the username is refilled after a failure; the password never is.
  const values = { username };

  if (!username.trim() || !password) {
    return {
      status: "error",
      message: "Enter your username and password.",
      fieldErrors: {
        ...(!username.trim() && { username: "Enter your username or email address." }),
        ...(!password && { password: "Enter your password." }),
      },
      values,
    };
  }

  const limit = await checkLimit("signInFailuresPerIp", requestMeta(await headers()).ip);
  if (limit.limited) return { status: "error", message: tooManyAttempts(limit.retryAfterSeconds), values };

  try {
    await signIn("credentials", { username, password, remember: remember ? "1" : "0", redirect: false });
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      return { status: "error", message: INVALID, values };
    }
    throw error;
  }

  // S31: Auth.js wrote the cookie with an Expires date; make it a browser-session cookie unless
  // "Remember me?" was ticked, and let a remembered one end with the session's absolute limit.
  const jar = await cookies();
  const session = jar.get(sessionCookieName());
  if (session) jar.set(sessionCookieName(), session.value, sessionCookieOptions({ remember, authTime: now().getTime() }));
  redirect(callbackPath);
}

/** "Sign in with an external account": off to the provider, back to where the customer was going. */
export async function signInWithProviderAction(formData: FormData) {
  const provider = configuredProvider(formData.get("provider"));
  if (!provider) redirect("/signin?error=unknown_provider");
  await startExternalSignIn(provider.id, safeCallbackPath(formData.get("callbackUrl")));
}

/**
 * Sends the browser to the provider. When the provider cannot be reached (its discovery document
 * is fetched here) the customer is brought back to "Sign in" with a plain message, never a 500.
 */
export async function startExternalSignIn(providerId: string, redirectTo: string) {
  try {
    await signIn(providerId, { redirectTo });
  } catch (error) {
    unstable_rethrow(error);
    console.error(`[auth] could not start sign-in with ${providerId}: ${error instanceof Error ? error.message : String(error)}`);
    redirect("/signin?error=provider_unavailable");
  }
}
