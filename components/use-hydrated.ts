import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/** False in the server's HTML (and with JavaScript off), true once the page runs in a browser. */
export function useHydrated() {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}
