#!/usr/bin/env bash
# Runs the Jobr server on PostgreSQL (database `jobr` on the local server, created if
# missing) at http://localhost:${PORT:-5000}. Set DATABASE_URL to use another database.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
  ./scripts/ensure-postgres.sh
  if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'jobr'" | grep -q 1; then
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE jobr"
  fi
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobr
fi

# Both binaries: the server starts `jobr-extract` (next to it) for every CV upload.
cargo build --release --locked -p jobr-server --bins
exec target/release/jobr-server
