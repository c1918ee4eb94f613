"use client";

import { useTranslations } from "@/lib/i18n/client-translations";
import { useEffect, useState, useTransition } from "react";
import { idleForm } from "@/lib/http/form";
import { Notice } from "@/components/notice";
import { passkeyOptionsAction, passkeySignInAction } from "./passkey/actions";

type WebAuthnBrowser = typeof import("@simplewebauthn/browser");

/**
 * "Sign in with a passkey" (issue 17), shown by PasskeySignIn (./passkey-sign-in.tsx) in a browser
 * that has WebAuthn; where the browser can, passkeys are also offered in the Username field's
 * autofill (conditional UI, autocomplete="username webauthn"). @simplewebauthn/browser is loaded
 * only here, on demand, to keep the page light.
 */
export function PasskeyButton({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("twoStep.passkey");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  async function signIn(webauthn: WebAuthnBrowser, useBrowserAutofill: boolean) {
    const options = await passkeyOptionsAction(idleForm, new FormData());
    if (!options.values?.options) {
      if (!useBrowserAutofill) setError(options.message ?? t("failed"));
      return;
    }
    let response;
    try {
      response = await webauthn.startAuthentication({ optionsJSON: JSON.parse(options.values.options), useBrowserAutofill });
    } catch {
      // Cancelled, timed out, or replaced by another request: only a press of the button says so.
      if (!useBrowserAutofill) setError(t("failed"));
      return;
    }
    const data = new FormData();
    data.set("response", JSON.stringify(response));
    data.set("callbackUrl", callbackUrl);
    data.set("remember", (document.getElementById("remember") as HTMLInputElement | null)?.checked ? "on" : "");
    const result = await passkeySignInAction(idleForm, data);
    if (result?.status === "error") setError(result.message ?? t("failed"));
  }

  useEffect(() => {
    let cancelled = false;
    let loaded: WebAuthnBrowser | undefined;
    void import("@simplewebauthn/browser").then(async (webauthn) => {
      loaded = webauthn;
      if (cancelled || !(await webauthn.browserSupportsWebAuthnAutofill())) return;
      // The autofill offer is quiet: when it cannot start (the password's sign-in went first and
      // left the page, say), nothing is shown; only a press of the button reports a failure.
      await signIn(webauthn, true).catch(() => undefined);
    });
    return () => {
      cancelled = true;
      loaded?.WebAuthnAbortService.cancelCeremony();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="mt-5 space-y-3 border-t border-slate-200 pt-5">
      <div aria-live="assertive" aria-atomic="true">
        {error && (
          <Notice tone="danger">
            {error}
          </Notice>
        )}
      </div>
      <button
        type="button"
        className="button-secondary w-full"
        aria-disabled={pending}
        disabled={pending}
        onClick={() => {
          setError(null);
          startTransition(async () => signIn(await import("@simplewebauthn/browser"), false));
        }}
      >
        {t("signIn")}
      </button>
    </div>
  );
}
