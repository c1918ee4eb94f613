import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { parseConfig, reloadConfig } from "@/lib/config";
import { openDatabase, setPortalDatabase, type DatabaseHandle } from "@/lib/db";
import { isDatabaseUnreachableError } from "@/lib/db/reachable";
import { freshMeta, makeCustomer } from "../support/customers";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * Issue 25: a DATABASE_URL that reaches PostgreSQL through its Unix socket (libpq's form, the
 * socket's folder in `host`), opened as the portal opens its database: the connection is a local
 * one (no client address), the schema is brought up to date, and a sign-in's statements run on it.
 * PostgreSQL only (scripts/ci/start-postgres.sh lets the test role in over the socket).
 */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) console.info("database-socket: skipped — it needs a PostgreSQL server (set TEST_DATABASE_URL)");
const describeOnPostgres = onPostgres ? describe : describe.skip;
// Where Debian's PostgreSQL puts its socket (reading unix_socket_directories needs a superuser).
const SOCKET_FOLDER = process.env.TEST_DATABASE_SOCKET_FOLDER ?? "/var/run/postgresql";

describeOnPostgres("a database reached through its Unix socket (issue 25)", () => {
  let overTcp: TestDatabase;
  let overSocket: DatabaseHandle | undefined;

  beforeAll(async () => {
    overTcp = await createTestDatabase();
  });

  afterAll(async () => {
    await overSocket?.close();
    await overTcp?.drop();
  });

  it("opens, answers as a local connection, and signs a customer in", async () => {
    const url = new URL(overTcp.url!);
    url.searchParams.set("host", SOCKET_FOLDER);
    const settings = parseConfig({ NODE_ENV: "test", DATABASE_URL: url.toString() });
    expect(settings.database).toMatchObject({ kind: "postgres", tls: { mode: "disable" } });

    overSocket = await openDatabase(settings.database);
    const [row] = (await overSocket.db.execute(sql`select inet_client_addr() as address, current_database() as name`)) as unknown as Array<{ address: string | null; name: string }>;
    // Over TCP the server sees 127.0.0.1; over the socket, no address at all.
    expect(row).toEqual({ address: null, name: url.pathname.slice(1) });

    setPortalDatabase(overSocket);
    const customer = await makeCustomer();
    expect(await signInWithPassword(customer.username, customer.password!, freshMeta())).toMatchObject({ ok: true, customer: { id: customer.id } });
  });

  it("takes the port as libpq's `?port=` too: the socket's file is named by it, and the server is not sent it as a setting", async () => {
    const url = new URL(overTcp.url!);
    const port = url.port || "5432";
    url.port = "";
    url.searchParams.set("host", SOCKET_FOLDER);
    url.searchParams.set("port", port);
    const opened = await openDatabase(parseConfig({ NODE_ENV: "test", DATABASE_URL: url.toString() }).database);
    try {
      const [row] = (await opened.db.execute(sql`select inet_client_addr() as address`)) as unknown as Array<{ address: string | null }>;
      expect(row).toEqual({ address: null });
    } finally {
      await opened.close();
    }
  });

  it("counts a socket with no server behind it as the database unreachable (issue 23's quick retry), and another file's error as not", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "portal-no-server-"));
    const saved = process.env.DATABASE_URL;
    const url = new URL(overTcp.url!);
    url.searchParams.set("host", folder);
    process.env.DATABASE_URL = url.toString();
    try {
      reloadConfig();
      const failure = await openDatabase(parseConfig({ NODE_ENV: "test", DATABASE_URL: url.toString() }).database).then(
        (opened) => opened.close().then(() => null),
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: "ENOENT", address: path.join(folder, ".s.PGSQL.5432") });
      expect(isDatabaseUnreachableError(failure)).toBe(true);
      const elsewhere = Object.assign(new Error("ENOENT: no such file or directory, open '/tmp/attachment'"), { code: "ENOENT", path: "/tmp/attachment" });
      expect(isDatabaseUnreachableError(elsewhere)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      reloadConfig();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
