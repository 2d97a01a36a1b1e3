#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 (the address tests and the run
# script use), starting the machine's cluster when it is down. Sourced or run; idempotent.
set -euo pipefail

pg_host=${PGHOST_FOR_JOBR:-127.0.0.1}
pg_port=${PGPORT_FOR_JOBR:-5432}

ready() { pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL is not installed; installing it from Debian's packages" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! ready; then
  echo "ensure-postgres: PostgreSQL is down on $pg_host:$pg_port; starting it" >&2
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do
    ready && break
    sleep 1
  done
fi

if ! ready; then
  echo "ensure-postgres: PostgreSQL still does not answer on $pg_host:$pg_port" >&2
  exit 1
fi
