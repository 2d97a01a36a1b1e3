#!/usr/bin/env bash
# Fails when a crate under crates/domain depends, even transitively through normal
# dependencies, on a web framework, a database driver or a network client.
set -euo pipefail
cd "$(dirname "$0")/.."

forbidden='actix-web|actix-http|diesel|diesel-async|tokio-postgres|reqwest|hyper|lettre|oauth2'
status=0
for manifest in crates/domain/*/Cargo.toml; do
  name=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$manifest" | head -n 1)
  found=$(cargo tree --locked -q -p "$name" -e normal --prefix none -f '{p}' | awk '{print $1}' | grep -xE "$forbidden" | sort -u || true)
  if [ -n "$found" ]; then
    echo "domain crate $name depends on: $found" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "domain crates are pure"
exit "$status"
