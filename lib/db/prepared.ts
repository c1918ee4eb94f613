import { db, type Database } from "@/lib/db";

/**
 * Issue 25: a statement a hot path sends on every request (a sign-in's, a session check's), built
 * once per database and kept as a prepared query: building it cost the request more CPU than
 * sending it. Keyed by the database, so a new one (a test's, the embedded one's) gets its own.
 */
export function preparedPerDatabase<Statement>(prepare: (database: Database) => Statement): () => Promise<Statement> {
  const kept = new WeakMap<Database, Statement>();
  return async () => {
    const database = await db();
    let statement = kept.get(database);
    if (!statement) kept.set(database, (statement = prepare(database)));
    return statement;
  };
}
