#!/usr/bin/env bash
# The whole test suite, from a fresh machine: Postgres up, guards, then every test.
# Each test that needs a database clones its own from a migrated template (see
# crates/adapters/postgres/src/test_database.rs), so nothing else needs creating.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-postgres.sh
export TEST_DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}

echo "== formatting"
cargo fmt --all -- --check

echo "== lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== domain crates stay free of frameworks and I/O clients"
./scripts/check-domain-purity.sh

echo "== tests"
cargo test --workspace --locked "$@"
