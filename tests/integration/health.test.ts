import { GET } from "@/app/api/health/route";
import { testDatabaseLabel, withTestDatabase } from "../support/test-database";

withTestDatabase();

describe(`GET /api/health, on ${testDatabaseLabel()}`, () => {
  it("answers 200 with the database reachable", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toMatchObject({ status: "ok", database: { reachable: true } });
  });
});
