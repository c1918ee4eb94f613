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
  const folder = parsed.searchParams.get("host");
  const socket = folder?.startsWith("/") ?? false;
  // libpq also takes the port as `?port=` (the last one given); postgres.js would send it to the
  // server as a setting, which refuses the connection, so a valid one becomes the URL's port or,
  // over a socket, names the socket's file. Left as it is (refused as before): a port out of
  // range, or one for a list of hosts, which libpq would give every host and postgres.js the last.
  const port = parsed.searchParams.getAll("port").at(-1);
  const usable = port !== undefined && /^\d{1,5}$/.test(port) && Number(port) > 0 && Number(port) <= 65_535 && (socket || (parsed.hostname !== "" && !parsed.hostname.includes(",")));
  if (usable) {
    parsed.searchParams.delete("port");
    if (parsed.hostname !== "") parsed.port = port;
  }
  if (!socket) return { url: usable ? parsed.toString() : url };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), path: `${folder!.replace(/\/+$/, "")}/.s.PGSQL.${usable ? Number(port) : parsed.port || 5432}` };
}

/** True when the URL reaches its server through a Unix socket (`host` is a folder). */
export function isUnixSocketUrl(url: string): boolean {
  return postgresTarget(url).path !== undefined;
}
