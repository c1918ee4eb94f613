import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import type { Provider } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { authConfig } from "@/auth.config";
import { recordAudit } from "@/lib/audit";
import { requestMeta } from "@/lib/http/client-ip";
import { now } from "@/lib/clock";
import { config, type IdentityProvider } from "@/lib/config";
import { db } from "@/lib/db";
import { accounts, customers, verificationTokens } from "@/lib/db/schema";
import { createExternalCustomer, decideExternalSignIn } from "@/lib/auth/external-sign-in";
import { sessionStateOfRequest } from "@/lib/auth/external-session";
import { isSessionLive, newSessionClaims } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in";

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
 * The full Auth.js configuration: the provider-free half plus the credentials provider and the
 * database check that ends revoked sessions (S23, S33). Server code imports auth() from here.
 */
export const { handlers, auth, signIn } = NextAuth(async () => {
  const base = authConfig();
  const database = await db();
  const adapter = DrizzleAdapter(database, { usersTable: customers, accountsTable: accounts, verificationTokensTable: verificationTokens });
  return {
    ...base,
    adapter: { ...adapter, createUser: createExternalCustomer },
    providers: [
      ...config().externalSignIn.providers.map(externalProvider),
      Credentials({
        credentials: { username: {}, password: {}, remember: {} },
        async authorize(credentials, request) {
          const { username, password, remember } = credentials ?? {};
          if (typeof username !== "string" || typeof password !== "string") return null;
          const result = await signInWithPassword(username, password, requestMeta(request.headers));
          if (!result.ok) return null;
          const { customer } = result;
          return {
            id: customer.id,
            name: customer.name ?? customer.username,
            sessionVersion: customer.sessionVersion,
            remember: remember === "1",
          };
        },
      }),
    ],
    events: {
      async signIn({ user, account }) {
        if (!account || account.type === "credentials" || !user.id) return;
        await database.update(customers).set({ lastSignInAt: now() }).where(eq(customers.id, user.id));
        await recordAudit({ event: "sign_in_succeeded", customerId: user.id, details: { provider: account.provider } });
      },
      async linkAccount({ user, account }) {
        await recordAudit({ event: "external_account_connected", customerId: user.id, details: { provider: account.provider } });
      },
    },
    callbacks: {
      ...base.callbacks,
      async signIn({ account, profile, user }) {
        if (!account || account.type === "credentials") return true;
        const decision = await decideExternalSignIn(
          {
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email: profile?.email ?? user.email,
            emailVerified: profile?.email_verified === true,
          },
          await sessionStateOfRequest(),
        );
        return decision.ok ? true : `/signin?error=${decision.reason}`;
      },
      async jwt(params) {
        const { user } = params;
        if (user?.id) return newSessionClaims({ id: user.id, sessionVersion: user.sessionVersion ?? 0 }, user.remember === true);
        const token = await base.callbacks!.jwt!(params);
        if (!token) return null;
        return (await isSessionLive(token)) ? token : null;
      },
    },
  };
});
