import { lockMinutes } from "@/lib/customers/lockout";

describe("S27: lock lengths", () => {
  it("locks for 5 minutes after 5 failures and doubles up to an hour", () => {
    expect([5, 10, 15, 20, 25, 30, 95].map(lockMinutes)).toEqual([5, 10, 20, 40, 60, 60, 60]);
  });
});
