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

  it("takes libpq's `?port=` as the port, for a host and for the socket's file, which postgres.js would send the server as a setting", () => {
    expect(postgresTarget("postgres://portal:secret@localhost/portal?host=/var/run/postgresql&port=5433")).toEqual({
      url: "postgres://portal:secret@localhost:5433/portal",
      path: "/var/run/postgresql/.s.PGSQL.5433",
    });
    expect(postgresTarget("postgres://portal:secret@db.example.com/portal?port=6432&application_name=portal")).toEqual({
      url: "postgres://portal:secret@db.example.com:6432/portal?application_name=portal",
    });
    // Not a port: left for the server to refuse, as before.
    expect(postgresTarget("postgres://portal:secret@db.example.com/portal?port=abc")).toEqual({ url: "postgres://portal:secret@db.example.com/portal?port=abc" });
  });

  it("does not take a `host` that is not a folder for a socket", () => {
    const url = "postgres://portal:secret@localhost/portal?host=db.example.com";
    expect(postgresTarget(url)).toEqual({ url });
  });
});
