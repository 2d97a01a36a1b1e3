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

psql_ -d "$db" <<'SQL'
INSERT INTO jobs (id, source, external_id, title, company, description, required_skills,
    preferred_skills, location, remote, employment_type, experience_level, salary_min, salary_max,
    salary_currency, salary_interval, posted_at, apply_url, status)
SELECT gen_random_uuid(), 'bench', i::text,
  (ARRAY['Senior','Junior','Lead','Staff',''])[1 + i % 5] || ' '
    || (ARRAY['Data','Backend','Frontend','Sales','Marketing','Finance','Nursing','Warehouse',
              'Product','Design'])[1 + (i / 5) % 10] || ' '
    || (ARRAY['Engineer','Manager','Analyst','Specialist','Assistant','Director',
              'Coordinator'])[1 + (i / 50) % 7],
  'Acme ' || (i % 997),
  'We are hiring for our ' || (ARRAY['Berlin','London','Paris','Austin','Lisbon'])[1 + i % 5]
    || ' office. You will work with '
    || (ARRAY['Python','Rust','Java','Excel','Salesforce','Figma','SQL','Kubernetes','SAP',
              'Tableau'])[1 + (i / 3) % 10]
    || ' and ' || (ARRAY['AWS','Docker','HubSpot','Jira','PostgreSQL','React','QuickBooks','Epic',
                         'Forklift','Photoshop'])[1 + (i / 7) % 10]
    || ' every day, mentor colleagues, talk to customers and ship improvements. Benefits include'
    || ' remote days, training budget and health insurance. '
    || repeat('Our team values clear writing, ownership and kindness. ', 1 + i % 6),
  ARRAY[(ARRAY['Python','Rust','Java','Excel','Salesforce','Figma','SQL','Kubernetes','SAP',
               'Tableau'])[1 + (i / 3) % 10]],
  ARRAY[(ARRAY['AWS','Docker','HubSpot','Jira','PostgreSQL','React','QuickBooks','Epic',
               'Forklift','Photoshop'])[1 + (i / 7) % 10]],
  (ARRAY['Berlin, Germany','London, UK','Paris, France','Austin, USA','Lisbon, Portugal'])[1 + i % 5],
  (ARRAY['onsite','hybrid','remote'])[1 + i % 3],
  (ARRAY['full_time','part_time','contract'])[1 + i % 3],
  (ARRAY['entry','junior','mid','senior','lead','executive'])[1 + i % 6],
  CASE WHEN i % 4 = 0 THEN NULL ELSE 30000 + i % 90000 END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 40000 + i % 100000 END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'EUR' END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE 'year' END,
  DATE '2026-11-27' - (i % 120), 'https://jobs.example.com/' || i,
  CASE WHEN i % 20 = 0 THEN 'closed' ELSE 'open' END
FROM generate_series(1, 100000) AS i;
VACUUM ANALYZE jobs;
SQL

# name|parameters $1..$12 as SQL literals (query, positive words, location, remote, type, level,
# salaryMin, posted since, cursor rank, cursor date, cursor id, limit + 1)
cases="browse, no query|NULL,'',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
filters only (berlin, senior)|NULL,'','berlin',NULL,NULL,'senior',NULL,NULL,NULL,NULL,NULL,21
broad word (engineer: 13.6k matches)|'engineer','engineer',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
phrase and word (\"data engineer\" python)|'\"data engineer\" python','data engineer python',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,21
negation and filters (rust -java, remote, 50k, 30 days)|'rust -java','rust',NULL,'remote',NULL,NULL,50000,'2026-10-28',NULL,NULL,NULL,21
or, a later page (salesforce or hubspot, after a cursor)|'salesforce or hubspot','salesforce hubspot',NULL,NULL,NULL,NULL,NULL,NULL,2,'2026-11-01','00000000-0000-0000-0000-000000000000',21"

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
for n in sorted(range(1, 13), key=lambda n: -n):
    sql = sql.replace(f"${n}", values[n - 1])
print(sql.rstrip() + ";")
PY
    rows=$(psql_ -d "$db" -At -f "$work/case.sql" | wc -l)
    out=$(pgbench -n -h 127.0.0.1 -U postgres -c 1 -T 10 -f "$work/case.sql" "$db" 2>&1)
    latency=$(grep -oP 'latency average = \K[0-9.]+ ms' <<<"$out")
    tps=$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | head -1)
    echo "| $name | $rows | $latency | $tps |"
done <<<"$cases"
