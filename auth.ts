import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { requestMeta } from "@/lib/client-ip";
import { isSessionLive, newSessionClaims } from "@/lib/sessions";
import { signInWithPassword } from "@/lib/sign-in";

/**
 * The full Auth.js configuration: the provider-free half plus the credentials provider and the
 * database check that ends revoked sessions (S23, S33). Server code imports auth() from here.
 */
export const { handlers, auth, signIn } = NextAuth(() => {
  const base = authConfig();
  return {
    ...base,
    providers: [
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
    callbacks: {
      ...base.callbacks,
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
