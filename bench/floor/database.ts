import postgres from "postgres";

/**
 * The floor's one connection pool, kept on globalThis as the portal keeps its own. The bench
 * creates the database and its tables (bench/floor-database.ts) and passes FLOOR_DATABASE_URL.
 */
const shared = globalThis as unknown as { floorSql?: postgres.Sql };

export function sql(): postgres.Sql {
  shared.floorSql ??= postgres(process.env.FLOOR_DATABASE_URL ?? "postgres://localhost/floor", { max: 10, onnotice: () => {} });
  return shared.floorSql;
}

export const SESSION_COOKIE = "floor.session";
