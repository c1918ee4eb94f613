"use client";

import { lazy, Suspense, type ReactNode } from "react";
import { useWebAuthnSupport } from "@/lib/auth/two-step/webauthn-support";

// Issue 25: the form's code is not among the scripts /account sends; it loads after the page is
// interactive, and only in a browser that can make a passkey.
const AddPasskeyForm = lazy(() => import("./add-passkey-form").then((module) => ({ default: module.AddPasskeyForm })));

/**
 * "Add a passkey": needs JavaScript and WebAuthn, so without them only `children` is shown (the
 * server's sentence saying so: its words stay out of this script, issue 25).
 */
export function AddPasskey({ suggestedName, children }: { suggestedName: string; children: ReactNode }) {
  const supported = useWebAuthnSupport();
  if (!supported) return children;
  return (
    <Suspense fallback={null}>
      <AddPasskeyForm suggestedName={suggestedName} />
    </Suspense>
  );
}
