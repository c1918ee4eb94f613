import type { NextAuthConfig } from "next-auth";
import { now } from "@/lib/clock";
import { config } from "@/lib/config";
import { isSessionCurrent, LONGEST_SESSION_SECONDS, sessionCookieName } from "@/lib/auth/session-policy";

/** Pages that need a signed-in customer. proxy.ts redirects for convenience; each page checks again (S34). */
export const PROTECTED_PATHS = ["/account", "/support/cases"];

export function isProtectedPath(pathname: string) {
  return PROTECTED_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/**
 * The provider-free half of the Auth.js configuration: pages, cookies, session limits. proxy.ts
 * uses it alone, so it holds no database or hashing code; auth.ts adds those.
 */
export function authConfig(): NextAuthConfig {
  const settings = config();
  return {
    secret: settings.authSecret,
    // S15: AUTH_URL is pinned to APP_URL by lib/config, so the host is never taken from the request.
    trustHost: true,
    useSecureCookies: settings.secureCookies,
    pages: { signIn: "/signin", error: "/signin" },
    session: { strategy: "jwt", maxAge: LONGEST_SESSION_SECONDS },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: settings.secureCookies },
      },
    },
    logger: {
      // A wrong password is not a server error; the audit log records it instead.
      error(error) {
        if (error.name === "CredentialsSignin") return;
        const cause = (error.cause as { err?: unknown } | undefined)?.err ?? error.cause;
        console.error(`[auth] ${error.name}: ${error.message}${cause instanceof Error ? ` (${cause.message})` : ""}`);
      },
      warn() {},
    },
    callbacks: {
      authorized({ auth, request }) {
        return !isProtectedPath(request.nextUrl.pathname) || Boolean(auth?.user);
      },
      jwt({ token }) {
        // S31: idle and absolute limits, from the token's own claims.
        const time = now();
        if (!isSessionCurrent(token, time)) return null;
        token.lastSeen = time.getTime();
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: { id: token.sub ?? "" },
          sessionId: token.sid ?? "",
          authTime: token.authTime ?? 0,
          remember: token.remember === true,
        };
      },
    },
    providers: [],
  };
}
