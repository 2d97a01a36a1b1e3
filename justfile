# Every-day commands. `just` is optional: each recipe is a plain command you can run as is.

# Run the server on the local PostgreSQL
run:
    ./scripts/run.sh

# The whole test suite (what CI runs)
test *args:
    ./scripts/test.sh {{args}}

# Format the workspace
fmt:
    cargo fmt --all

# Lints, as strict as review
lint:
    cargo clippy --workspace --all-targets --locked -- -D warnings

# Apply migrations to $DATABASE_URL
db-migrate:
    cargo run -p jobr-cli -- migrate

# Domain crates must not reach frameworks or I/O clients
purity:
    ./scripts/check-domain-purity.sh
