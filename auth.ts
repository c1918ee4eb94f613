import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { Provider } from "next-auth/providers";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { cookies, headers } from "next/headers";
import { config, type IdentityProvider } from "@/lib/config";
import { db } from "@/lib/db";
import { accounts, customers, verificationTokens } from "@/lib/db/schema";
import { requestMeta } from "@/lib/http/client-ip";
import { createExternalCustomer, decideExternalSignIn, linkExternalIdentity } from "@/lib/auth/external-sign-in";
import { LONGEST_SESSION_SECONDS, openSession, sealSession, sessionClaimsOf, sessionCookieName } from "@/lib/auth/session-cookie";
import { customerOfSession } from "@/lib/auth/sessions";
import { connectingSessionId, sessionAfterExternalSignIn, sessionAtExternalSignIn } from "@/lib/auth/two-step/external-sign-in";

function externalProvider(provider: IdentityProvider): Provider {
  const common = {
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    // Whether an identity may join an existing customer with the same email is decided in the
    // signIn callback below (verified email and EXTERNAL_LINK_BY_EMAIL); Auth.js only obeys.
    allowDangerousEmailAccountLinking: config().externalSignIn.linkByEmail,
  };
  if (provider.kind === "google") return Google(common);
  if (provider.kind === "microsoft-entra-id") return MicrosoftEntraID({ ...common, issuer: provider.issuer });
  return { id: provider.id, name: provider.name, type: "oidc", issuer: provider.issuer, ...common };
}

/**
 * Auth.js, for "Sign in with an external account" only: OpenID Connect / OAuth with the Drizzle
 * adapter on the customers table. Password sign-in is the portal's own server action (it needs
 * the atomic limits and, for two-step verification, a state between the two steps that Auth.js's
 * credentials provider cannot express), so there is no credentials provider and no second path
 * for passwords (S29). Auth.js's routes are closed except the providers' callbacks
 * (app/api/auth/[...nextauth]/route.ts), and its session cookie is the portal's: same name, same
 * sealed claims, same server-side check (S23, S33, S46).
 */
export const { handlers, signIn } = NextAuth(async () => {
  const settings = config();
  const database = await db();
  const adapter = DrizzleAdapter(database, { usersTable: customers, accountsTable: accounts, verificationTokensTable: verificationTokens });
  return {
    secret: settings.authSecret,
    // S15: AUTH_URL is pinned to APP_URL by lib/config, so the host is never taken from the request.
    trustHost: true,
    useSecureCookies: settings.secureCookies,
    pages: { signIn: "/signin", error: "/signin" },
    session: { strategy: "jwt", maxAge: LONGEST_SESSION_SECONDS },
    cookies: {
      sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure: settings.secureCookies } },
    },
    jwt: {
      // The portal's own sealing, so a cookie from either path opens the same way.
      encode: ({ token }) => sealSession(token as never),
      decode: async ({ token }) => (await openSession(token)) as JWT | null,
    },
    logger: {
      // Auth.js reports refused and cancelled sign-ins as errors; the customer gets a plain message
      // and the portal logs only the kind of failure (never a token or a profile).
      error(error) {
        const type = (error as { type?: unknown }).type;
        console.error(`[auth] external sign-in failed: ${typeof type === "string" ? type : "error"}`);
      },
      warn() {},
    },
    adapter: {
      ...adapter,
      createUser: createExternalCustomer,
      async linkAccount(account) {
        // "Connect": the session the signIn callback found live, checked again as the identity is written (S49).
        const sessionId = await connectingSessionId((await cookies()).get(sessionCookieName())?.value, account.userId);
        await linkExternalIdentity(account, sessionId, requestMeta(await headers()));
      },
    },
    providers: settings.externalSignIn.providers.map(externalProvider),
    callbacks: {
      async signIn({ account, profile, user }) {
        if (!account) return false;
        const current = await sessionAtExternalSignIn((await cookies()).get(sessionCookieName())?.value);
        const decision = await decideExternalSignIn(
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: profile?.email ?? user.email,
            emailVerified: profile?.email_verified === true,
          },
          current.state === "live" && !current.mayAddWayIn ? "not_recent" : current.state,
        );
        return decision.ok ? true : `/signin?error=${decision.reason}`;
      },
      async jwt({ token, user, account }) {
        if (account && user?.id) {
          // An external sign-in has just succeeded: a new session, made as every sign-in's is (issue 24).
          const sessionCookie = (await cookies()).get(sessionCookieName())?.value;
          const claims = await sessionAfterExternalSignIn(user.id, account, sessionCookie, requestMeta(await headers()));
          return claims as unknown as JWT | null;
        }
        // A cookie Auth.js read on its own route counts only while its session is live.
        const claims = sessionClaimsOf(token);
        return claims && (await customerOfSession(claims)) ? token : null;
      },
    },
  };
});
