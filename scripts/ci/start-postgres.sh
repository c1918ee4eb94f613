#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 and makes the role and database the tests use. Idempotent.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi

for _ in $(seq 1 30); do
  su postgres -c "pg_isready -q" && break
  sleep 1
done

psql_as_postgres() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
if [ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = 'portal'")" != "1" ]; then
  psql_as_postgres "CREATE ROLE portal LOGIN PASSWORD 'portal' CREATEDB"
fi
if [ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = 'portal'")" != "1" ]; then
  psql_as_postgres "CREATE DATABASE portal OWNER portal"
fi
# The test role may also come in through the server's Unix socket with its password (issue 25:
# tests/integration/database-socket.test.ts); Debian's default lets a local role in by peer only,
# as the operating-system user of the same name.
hba=$(su postgres -c "psql -qtA -c 'SHOW hba_file'")
if ! grep -qE '^local[[:space:]]+all[[:space:]]+portal[[:space:]]' "$hba"; then
  # First in the file, so it comes before any line that would match the role (pg_hba: first match wins).
  sed -i '1i local   all             portal                                  scram-sha-256' "$hba"
  grep -qE '^local[[:space:]]+all[[:space:]]+portal[[:space:]]' "$hba" || { echo "could not let the portal role in over the socket in $hba" >&2; exit 1; }
  psql_as_postgres "SELECT pg_reload_conf()" >/dev/null
fi
echo "PostgreSQL $version is up: postgres://portal:portal@127.0.0.1:5432/portal (or ?host=/var/run/postgresql for its socket)"
