import { sql } from "drizzle-orm";
import { customers } from "@/lib/db/schema";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

const database = withTestDatabase();

describe(`the schema on ${testDatabaseLabel()}`, () => {
  it("applies every migration", async () => {
    const { db } = database.current();
    const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
    const tables = (result as unknown as { rows?: { table_name: string }[] }).rows ?? (result as unknown as { table_name: string }[]);
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["customers", "accounts", "verification_tokens", "password_reset_tokens", "outbox", "rate_limits", "audit_log", "sessions", "jobs"]),
    );
  });

  it("keeps usernames unique whatever their case", async () => {
    const { db } = database.current();
    await db.insert(customers).values({ username: "MixedCase", email: "one@example.test" });
    await expect(db.insert(customers).values({ username: "mixedcase", email: "two@example.test" })).rejects.toThrow();
  });

  it("keeps email addresses unique whatever their case", async () => {
    const { db } = database.current();
    await db.insert(customers).values({ username: "first", email: "Same@Example.test" });
    await expect(db.insert(customers).values({ username: "second", email: "same@example.TEST" })).rejects.toThrow();
  });
});
