/**
 * A PostgreSQL URL as postgres.js takes it (issue 25). libpq's form for a server on this machine
 * reached through its Unix socket — for one that listens on no TCP port at all, say — names the
 * socket's folder in `host`: `postgres://portal:secret@localhost/portal?host=/var/run/postgresql`.
 * postgres.js would pass that on to the server as a setting and fail, so the folder becomes the
 * socket's path instead (`.s.PGSQL.<port>` in it, as libpq finds it). No imports: the bench's
 * floor app reads its URL with this too.
 */
export type PostgresTarget = { url: string; path?: string };

export function postgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  // libpq also takes the port as `?port=`; postgres.js would send it to the server as a setting,
  // which refuses the connection, so it becomes the URL's port (and names the socket's file).
  const port = parsed.searchParams.get("port");
  if (port !== null && /^\d{1,5}$/.test(port)) {
    parsed.searchParams.delete("port");
    parsed.port = port;
  }
  const folder = parsed.searchParams.get("host");
  if (!folder?.startsWith("/")) return { url: port === null ? url : parsed.toString() };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), path: `${folder.replace(/\/+$/, "")}/.s.PGSQL.${parsed.port || 5432}` };
}

/** True when the URL reaches its server through a Unix socket (`host` is a folder). */
export function isUnixSocketUrl(url: string): boolean {
  return postgresTarget(url).path !== undefined;
}
