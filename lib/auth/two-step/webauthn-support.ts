import { useSyncExternalStore } from "react";

const never = () => () => {};

/** Whether this browser has WebAuthn: false on the server and in the first render, so hydration matches. */
export function useWebAuthnSupport(): boolean {
  return useSyncExternalStore(never, () => typeof window.PublicKeyCredential === "function", () => false);
}
