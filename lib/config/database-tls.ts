import { readFileSync } from "node:fs";
import { isUnixSocketUrl } from "@/lib/db/connection-url";
import { ConfigurationError } from "./configuration-error";
import type { Environment } from "./environment";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** How the PostgreSQL connection is protected (S39): verified TLS unless the server is on this machine. */
export type DatabaseTls = { mode: "verify-full" | "require" | "disable"; ca?: string };

export function databaseTls(env: Environment): DatabaseTls {
  // A Unix socket is this machine's by definition, and PostgreSQL offers no TLS on one.
  if (isUnixSocketUrl(env.DATABASE_URL!)) {
    if (env.DATABASE_SSL && env.DATABASE_SSL !== "disable") throw new ConfigurationError("DATABASE_SSL", `is ${env.DATABASE_SSL}, but DATABASE_URL reaches PostgreSQL through a Unix socket, where it offers no TLS: leave it unset or disable`);
    // Said, not ignored: an authority named for a connection that cannot use one is a mistake in the settings.
    if (env.DATABASE_CA) throw new ConfigurationError("DATABASE_CA", "is set, but DATABASE_URL reaches PostgreSQL through a Unix socket, where it offers no TLS: leave it unset");
    return { mode: "disable" };
  }
  const { hostname } = new URL(env.DATABASE_URL!);
  // Note: without a host postgres.js would take PGHOST, which this check cannot see (S39).
  if (!hostname) throw new ConfigurationError("DATABASE_URL", "names no host: write localhost for a server on this machine");
  const loopback = LOOPBACK_HOSTS.has(hostname);
  const mode = env.DATABASE_SSL ?? (loopback ? "disable" : "verify-full");
  let ca = env.DATABASE_CA;
  if (ca && !ca.includes("-----BEGIN")) {
    try {
      ca = readFileSync(ca, "utf8");
    } catch {
      throw new ConfigurationError("DATABASE_CA", "names a file that cannot be read");
    }
  }
  return { mode, ca };
}
