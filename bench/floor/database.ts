import postgres from "postgres";
import { postgresTarget } from "../../lib/db/connection-url";

/**
 * The floor's one connection pool, kept on globalThis as the portal keeps its own. The bench
 * creates the database and its tables (bench/floor-database.ts) and passes FLOOR_DATABASE_URL.
 */
const shared = globalThis as unknown as { floorSql?: postgres.Sql };

export function sql(): postgres.Sql {
  if (!shared.floorSql) {
    // The portal's reading of the URL, so that both reach the server the same way (TCP or its socket).
    const { url, path } = postgresTarget(process.env.FLOOR_DATABASE_URL ?? "postgres://localhost/floor");
    shared.floorSql = postgres(url, { max: 10, onnotice: () => {}, ...(path && { path }) });
  }
  return shared.floorSql;
}

export const SESSION_COOKIE = "floor.session";
