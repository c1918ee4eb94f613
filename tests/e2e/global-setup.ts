import { chromiumPath } from "./support/browser";
import { assertBuilt } from "./support/portal-server";

/** Fails at once, with the fix, when the build or the browser is missing; never skips. */
export default async function globalSetup() {
  assertBuilt();
  chromiumPath();
}
