import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    /** Server-side only (the portal has no client session provider). */
    sessionId: string;
    authTime: number;
    remember: boolean;
  }
  interface User {
    sessionVersion?: number;
    remember?: boolean;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** Session id: stable for the session's life, listed in revoked_sessions on sign-out (S33). */
    sid?: string;
    /** Session version at sign-in; a bump in the database ends the session (S23). */
    sv?: number;
    /** When the customer signed in (ms). S31: the absolute limit counts from here. */
    authTime?: number;
    /** Last request seen (ms). S31: the idle limit counts from here. */
    lastSeen?: number;
    remember?: boolean;
  }
}
