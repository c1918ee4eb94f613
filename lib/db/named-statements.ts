import type { Sql } from "postgres";

/**
 * Issue 25: every statement with parameters goes to PostgreSQL as a named prepared statement,
 * which postgres.js keeps per connection — one round trip each time after its first on that
 * connection. Drizzle sends a statement it was not asked to prepare as an unnamed one, and for an
 * unnamed statement with parameters postgres.js asks the server for the parameters' types first
 * and waits for the answer before it sends the values: two round trips, every time. Counted on a
 * "Forgot your password?" request with its job: 17 statements, 28 round trips; a round trip's
 * write and wake-up was a third of that request's CPU.
 *
 * A named statement's plan is the same as the unnamed one's (the server plans a prepared statement
 * for its values until a generic plan is no worse); drizzle names every column it reads, so a
 * column added by a migration during a rolling upgrade does not change a kept statement's result.
 * Note: a column whose type a migration changes does ("cached plan must not change result type"):
 * postgres.js prepares the statement again outside a transaction, but inside one the transaction
 * fails, once per connection and statement (a request gets its error page, background work tries
 * again later). What a connection keeps ends with it, within postgres.js's 30 to 60 minutes'
 * connection life.
 * `?prepare=false` in DATABASE_URL turns every named statement off (a pooler that cannot keep
 * them, README *Deploying*).
 *
 * The client drizzle is given is postgres.js's own, with `unsafe` (drizzle's one way to send a
 * statement) asking for a named statement, inside transactions and savepoints too.
 */
export function withNamedStatements(client: Sql): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, parameters as never, parameters && parameters.length > 0 ? { ...options, prepare: true } : options);
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const work = args.pop() as (scoped: Sql) => unknown;
          const scope = (target as unknown as Record<string, (...all: unknown[]) => unknown>)[property];
          return scope.call(target, ...args, (scoped: Sql) => work(withNamedStatements(scoped)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
