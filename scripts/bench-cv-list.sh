#!/usr/bin/env bash
# The CV list query, before and after the summary projection: a throwaway database with the
# real migrations, one user with 200 CVs (20 KB of extracted text and an 8 KB parse each, random
# enough that TOAST compression does not flatter), then pgbench runs each query for 10 s on one
# connection. Prints pgbench's figures and the bytes one page of 20 carries.
# Usage: scripts/bench-cv-list.sh   (PostgreSQL on 127.0.0.1:5432, user postgres, trust auth)
set -euo pipefail

cd "$(dirname "$0")/.."
db="jobr_bench_cv_list_$$"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE $db"
trap 'psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
for up in migrations/*/up.sql; do psql_ -d "$db" -f "$up"; done

user=00000000-0000-0000-0000-0000000000aa
psql_ -d "$db" <<SQL
INSERT INTO users (id, email, first_name, last_name) VALUES ('$user', 'bench@example.com', 'B', 'E');
INSERT INTO cvs (id, user_id, file_name, format, size_bytes, sha256, file_key, text, parsed, source,
                 created_at, state)
SELECT gen_random_uuid(), '$user', 'cv-' || n || '.pdf', 'pdf', 120000, repeat('ab', 32),
       'cvs/$user/' || n,
       (SELECT string_agg(md5(random()::text || g || n), ' ') FROM generate_series(1, 600) AS g),
       jsonb_build_object('name', 'Candidate ' || n, 'source', 'rules',
           'experience', (SELECT jsonb_agg(jsonb_build_object('company', md5(random()::text),
                'title', md5(random()::text || g), 'description', repeat(md5(random()::text), 3)))
                FROM generate_series(1, 40) AS g)),
       'rules', now() - n * interval '1 minute', 'stored'
FROM generate_series(1, 200) AS n;
ANALYZE cvs;
SQL

cat > /tmp/$db-full.sql <<SQL
SELECT id, user_id, file_name, format, size_bytes, sha256, file_key, text, parsed, source, created_at
FROM cvs WHERE user_id = '$user' ORDER BY created_at DESC, id DESC LIMIT 20;
SQL
cat > /tmp/$db-summary.sql <<SQL
SELECT id, file_name, format, size_bytes, sha256, source, parsed ->> 'name', created_at
FROM cvs WHERE user_id = '$user' AND state = 'stored' ORDER BY created_at DESC, id DESC LIMIT 20;
SQL
for query in full summary; do
  echo "== $query rows"
  psql_ -d "$db" -At -c "SELECT pg_size_pretty(sum(octet_length(t::text))::bigint) || ' as text per page of 20'
                          FROM ($(sed 's/;$//' /tmp/$db-$query.sql)) AS t"
  pgbench -h 127.0.0.1 -U postgres -n -c 1 -T 10 -f /tmp/$db-$query.sql "$db" 2>/dev/null \
    | grep -E "latency average|tps"
done
rm -f /tmp/$db-full.sql /tmp/$db-summary.sql
