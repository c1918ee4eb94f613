import type { RequestMeta } from "@/lib/http/client-ip";
import { reservePoint, type Reservation } from "@/lib/http/rate-limit";
import { errorSummary } from "@/lib/log";

/**
 * Rule R1 (README, Registration): choosing a username after an emailed link or an invitation code
 * is the one place the portal says a name is taken, so each answer "taken" costs a try — at most 5
 * per link or code and 10 per client a quarter-hour. S45: the try is taken before the check, in one
 * statement per counter, so no burst of simultaneous names gets more answers; it is given back when
 * the answer was not "taken" (the account was made, or the link was no good).
 *
 * `link` names the link or code: "registration:<id>" or "invitation:<id>".
 */
export async function reserveUsernameTry(link: string, meta: RequestMeta): Promise<Reservation> {
  const perLink = await reservePoint("usernameTriesPerLink", link);
  if (perLink.limited) return perLink;
  const perClient = await reservePoint("usernameTriesPerIp", meta.ip);
  if (perClient.limited) {
    await perLink.giveBack();
    return perClient;
  }
  return {
    limited: false,
    retryAfterSeconds: 0,
    // Note: the try is given back after the account's transaction has committed (or after another
    // error): a failure here must not tell the customer their account was not made, nor hide the
    // first error. A try not given back only costs them one of their five; it is logged.
    giveBack: async () => {
      try {
        await perLink.giveBack();
        await perClient.giveBack();
      } catch (error) {
        console.error(`Could not give back a username try: ${errorSummary(error)}`);
      }
    },
  };
}
