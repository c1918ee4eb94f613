"use server";

import { randomBytes } from "node:crypto";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { config } from "@/lib/config";
import { clientIp } from "@/lib/http/client-ip";
import { guardPlainForm, readFields } from "@/lib/http/form";
import { consumeLimit } from "@/lib/http/rate-limit";
import { SLUG } from "@/lib/knowledge-base/articles";
import { recordVote, VOTE_COMMENT_MAX, voterKey } from "@/lib/knowledge-base/votes";

/**
 * "Was this helpful?": no account and no JavaScript needed. The browser is recognised by a random
 * cookie of its own (set here on its first vote), so it has one vote per article; a client is
 * limited to kbVotesPerIp answers an hour, counted before anything is stored.
 */
const COOKIE_LIFETIME_SECONDS = 400 * 24 * 60 * 60;

function voterCookieName(): string {
  return config().secureCookies ? "__Host-portal.kb-voter" : "portal.kb-voter";
}

export const voteAction = guardPlainForm(async (formData) => {
  const form = readFields(formData, { slug: { maxLength: 100 }, locale: { maxLength: 10 }, helpful: { maxLength: 3 }, comment: { maxLength: VOTE_COMMENT_MAX * 4, multiline: true } });
  const { slug = "", locale = "", helpful = "", comment = "" } = form.values;
  if (!form.ok || !SLUG.test(slug) || !["yes", "no"].includes(helpful)) redirect("/knowledge-base");
  const back = `/knowledge-base/${slug}?lang=${encodeURIComponent(locale)}`;
  if ((await consumeLimit("kbVotesPerIp", clientIp(await headers()))).limited) redirect(`${back}&voted=limited`);
  const jar = await cookies();
  let browser = jar.get(voterCookieName())?.value;
  if (!browser || !/^[A-Za-z0-9_-]{43}$/.test(browser)) {
    browser = randomBytes(32).toString("base64url");
    jar.set(voterCookieName(), browser, { httpOnly: true, sameSite: "lax", path: "/", secure: config().secureCookies, maxAge: COOKIE_LIFETIME_SECONDS });
  }
  const recorded = await recordVote(slug, locale, voterKey(browser), helpful === "yes", comment);
  redirect(recorded ? `${back}&voted=thanks` : "/knowledge-base");
});
