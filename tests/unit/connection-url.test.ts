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
    // The last one given, as libpq reads it; and in the form without a host, still the socket's file.
    expect(postgresTarget("postgres://portal:secret@db.example.com/portal?port=6432&port=6433")).toEqual({ url: "postgres://portal:secret@db.example.com:6433/portal" });
    expect(postgresTarget("postgres:///portal?host=/var/run/postgresql&port=5433")).toEqual({ url: "postgres:///portal", path: "/var/run/postgresql/.s.PGSQL.5433" });
    // Not a port, out of range, or for a list of hosts: left for the server to refuse, as before —
    // never dropped so that another port (5432) is used unseen.
    for (const url of [
      "postgres://portal:secret@db.example.com/portal?port=abc",
      "postgres://portal:secret@db.example.com/portal?port=70000",
      "postgres://portal:secret@db.example.com/portal?port=0",
      "postgres://portal:secret@db1.example.com,db2.example.com/portal?port=5433",
    ]) {
      expect(postgresTarget(url)).toEqual({ url });
    }
    expect(postgresTarget("postgres:///portal?host=/var/run/postgresql&port=70000")).toEqual({ url: "postgres:///portal?port=70000", path: "/var/run/postgresql/.s.PGSQL.5432" });
  });

  it("does not take a `host` that is not a folder for a socket", () => {
    const url = "postgres://portal:secret@localhost/portal?host=db.example.com";
    expect(postgresTarget(url)).toEqual({ url });
  });
});
