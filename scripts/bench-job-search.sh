#!/usr/bin/env bash
# Job search at the database: a throwaway database with the real migrations and 100,000
# generated jobs (5 % closed; titles, skills and descriptions drawn from small vocabularies, so
# broad words match thousands of jobs), then pgbench runs PgJobRepository's own search statement
# (read out of crates/adapters/postgres/src/jobs.rs, parameters written in as literals, as the
# adapter's per-call plans see them) for 10 s per case on one connection.
# Usage: scripts/bench-job-search.sh   (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth)
set -euo pipefail

cd "$(dirname "$0")/.."
db="jobr_bench_job_search_$$"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE $db"
work=$(mktemp -d)
trap 'psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; rm -rf "$work"' EXIT
for up in migrations/*/up.sql; do psql_ -d "$db" -f "$up"; done

psql_ -d "$db" -f scripts/bench/generate-jobs.sql

# name|parameters $1..$13 as SQL literals (query, positive words, location, remote, type, level,
# salaryMin, posted since, cursor rank, cursor date, cursor id, limit + 1, excluded words): what
# PgJobRepository::search binds ($1 the wanted words and $13 the excluded ones when a query
# without `or` has both).
cases="browse, no query|NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21,NULL
filters only (berlin, senior)|NULL,'','berlin',NULL,NULL,'senior',NULL,NULL,NULL,NULL,NULL,21,NULL
broad word (engineer: 13.6k matches)|'engineer','engineer',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21,NULL
phrase and word (\"data engineer\" python)|'\"data engineer\" python','data engineer python',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21,NULL
negation and filters (rust -java, remote, 50k, 30 days)|'rust','rust',NULL,'remote',NULL,NULL,50000,'2026-10-28',NULL,NULL,NULL,21,'java'
or, a later page (salesforce or hubspot, after a cursor)|'salesforce or hubspot','salesforce hubspot',NULL,NULL,NULL,NULL,NULL,NULL,2,'2026-11-01','00000000-0000-0000-0000-000000000000',21,NULL"

sed -n '/^const SEARCH: &str = "/,/^LIMIT \$12";/p' crates/adapters/postgres/src/jobs.rs \
    | sed '1s/^const SEARCH: &str = "//; $s/";$//' > "$work/search.sql"

printf '| case | rows | latency | tps |\n|---|---|---|---|\n'
while IFS='|' read -r name params; do
    python3 - "$work/search.sql" "$params" > "$work/case.sql" <<'PY'
import csv, re, sys
sql = open(sys.argv[1]).read()
values = next(csv.reader([sys.argv[2]], quotechar="\x00"))
# {rank}: what rank_sql in jobs.rs writes for as many terms as the positive words have words
# (the bench's words are plain, one lexeme each).
positive = values[1].strip("'")
terms = len(positive.split()) if values[0] != "NULL" else 0
rank = " + ".join(
    f"CASE WHEN search_vector @@ jobs_query_term($2::text, {n}, ':A') THEN 4 "
    f"WHEN search_vector @@ jobs_query_term($2::text, {n}, ':AB') THEN 2 "
    f"WHEN search_vector @@ jobs_query_term($2::text, {n}, '') THEN 1 ELSE 0 END"
    for n in range(1, terms + 1)
) or "0"
sql = sql.replace("{rank}", rank)
# Longest placeholders first, so $12 is not read as $1 then 2.
for n in sorted(range(1, 14), key=lambda n: -n):
    sql = sql.replace(f"${n}", values[n - 1])
print(sql.rstrip() + ";")
PY
    rows=$(psql_ -d "$db" -At -f "$work/case.sql" | wc -l)
    out=$(pgbench -n -h 127.0.0.1 -U postgres -c 1 -T 10 -f "$work/case.sql" "$db" 2>&1)
    latency=$(grep -oP 'latency average = \K[0-9.]+ ms' <<<"$out")
    tps=$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | head -1)
    echo "| $name | $rows | $latency | $tps |"
done <<<"$cases"
