import net from "node:net";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { databaseHandle, setPortalDatabase, type Database } from "@/lib/db";
import { databaseReachable } from "@/lib/db/reachable";
import { withTestDatabase } from "../support/test-database";

/**
 * Issue 23: the proxy answers pages with the 503 page while the database cannot be reached, asked
 * at most once a second. The check's deadline (lib/server/answer-deadline.ts, which the health
 * probes use too) must tell a database that does not answer from a process that could not run for
 * a moment — on a loaded CI machine, one of twenty sign-ins in tests/security/client-address.test.ts
 * went unrecorded, most likely answered with the 503 page.
 */
withTestDatabase();

// Each call asks afresh: an answer is kept for a second from `at`.
let askedAt = Date.now() + 60_000;
const askAfresh = () => databaseReachable((askedAt += 10_000));

// The embedded database answers inside this process, before any timer could fire: only a server
// across a socket shows the difference.
const onPostgres = process.env.TEST_DATABASE_URL ? it : it.skip;

onPostgres("calls a database that answers reachable even when the process stalls past the deadline right after asking", async () => {
  // A connection already open, so the stall is the only thing the check waits through.
  expect(await askAfresh()).toBe(true);
  const answer = askAfresh();
  // Longer than the check's deadline: on the next turn of the loop a plain timer would fire before
  // the query was even sent.
  const until = Date.now() + 2_000;
  while (Date.now() < until);
  expect(await answer).toBe(true);
});

it("calls a database that accepts the connection and never answers unreachable, well before the connect timeout", async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as net.AddressInfo;
  const client = postgres(`postgres://nobody:nothing@127.0.0.1:${port}/none`, { max: 1, connect_timeout: 30 });
  const original = await databaseHandle();
  setPortalDatabase({ db: drizzle({ client }) as unknown as Database, kind: "postgres", close: () => client.end({ timeout: 0 }) });
  try {
    const started = performance.now();
    expect(await askAfresh()).toBe(false);
    // The deadline is 1.5 s of time the process could run; the connect timeout here is 30 s.
    expect(performance.now() - started).toBeLessThan(10_000);
  } finally {
    setPortalDatabase(original);
    await client.end({ timeout: 0 });
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
