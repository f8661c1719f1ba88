#!/usr/bin/env bash
# Installs PostgreSQL (and PgBouncer) from Debian if missing, starts the main cluster, and creates the role the
# collector tests use (TEMOIN_TEST_PG_URL, default postgres://temoin:temoin@127.0.0.1:5432/postgres).
# Run as root or with sudo; .ci/run calls it.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "setup-postgres: installing PostgreSQL from Debian"
  as_root apt-get update -qq
  as_root apt-get install -y -qq postgresql >/dev/null
fi
# The tests put PgBouncer in front of it too (test/collector/pooler.test.ts); it runs as their child.
if ! [ -x /usr/sbin/pgbouncer ]; then
  echo "setup-postgres: installing PgBouncer from Debian"
  as_root apt-get update -qq
  as_root apt-get install -y -qq pgbouncer >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  as_root pg_ctlcluster "$version" main start
fi
as_postgres "psql -v ON_ERROR_STOP=1 -qc \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'temoin') THEN CREATE ROLE temoin LOGIN CREATEDB PASSWORD 'temoin'; END IF; END \\\$\\\$;\""
echo "setup-postgres: PostgreSQL $version running, role temoin ready"
