"use client";

import { lazy, Suspense } from "react";
import { useWebAuthnSupport } from "@/lib/auth/two-step/webauthn-support";

// Issue 25: the button's code (its messages, the ceremony, its two actions) is not among the
// scripts the sign-in page sends; it loads after the page is interactive, and only in a browser
// that can use a passkey. Without JavaScript there is no passkey sign-in, as before.
const PasskeyButton = lazy(() => import("./passkey-button").then((module) => ({ default: module.PasskeyButton })));

/** "Sign in with a passkey" (issue 17): hidden until it runs in a browser that has WebAuthn. */
export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  const supported = useWebAuthnSupport();
  if (!supported) return null;
  return (
    <Suspense fallback={null}>
      <PasskeyButton callbackUrl={callbackUrl} />
    </Suspense>
  );
}
