import { isUnixSocketUrl, postgresTarget } from "@/lib/db/connection-url";

/** Issue 25: libpq's form of a Unix socket URL, as postgres.js takes it. */
describe("a PostgreSQL URL for postgres.js", () => {
  it("leaves a URL to a host as it is", () => {
    const url = "postgres://portal:secret@db.example.com:5432/portal";
    expect(postgresTarget(url)).toEqual({ url });
    expect(isUnixSocketUrl(url)).toBe(false);
  });

  it("turns the socket folder in `host` into the socket's path, on the URL's port, and keeps the rest", () => {
    expect(postgresTarget("postgres://portal:secret@localhost/portal?host=/var/run/postgresql")).toEqual({
      url: "postgres://portal:secret@localhost/portal",
      path: "/var/run/postgresql/.s.PGSQL.5432",
    });
    expect(postgresTarget("postgres://portal:secret@localhost:5433/portal?host=/tmp/&application_name=portal")).toEqual({
      url: "postgres://portal:secret@localhost:5433/portal?application_name=portal",
      path: "/tmp/.s.PGSQL.5433",
    });
    expect(isUnixSocketUrl("postgres://portal:secret@localhost/portal?host=%2Fvar%2Frun%2Fpostgresql")).toBe(true);
  });

  it("does not take a `host` that is not a folder for a socket", () => {
    const url = "postgres://portal:secret@localhost/portal?host=db.example.com";
    expect(postgresTarget(url)).toEqual({ url });
  });
});
