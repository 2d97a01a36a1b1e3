#!/usr/bin/env bash
# Load test of job search and matching over HTTP: the release server on a throwaway database
# holding 100,000 generated jobs (scripts/bench/generate-jobs.sql), driven by wrk over loopback.
# For each endpoint, wrk runs 10 s at 1, 2, 4, … connections; the report gives, per step, the
# rate, the latency distribution and the errors, and per endpoint the highest rate whose p99
# stayed under 50 ms without errors.
#
# Usage: scripts/bench/jobs-load.sh            (needs wrk: apt-get install wrk; PostgreSQL on
#        CONNECTIONS="1 2 4 8" DURATION=10s …   127.0.0.1:5432, user postgres, trust auth)
# The server binary is target/release/jobr-server (built here when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

port=${PORT:-5097}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-"1 2 4 8 16 32 64"}
base="http://127.0.0.1:$port"
db="jobr_bench_jobs_load_$$"
work=$(mktemp -d)
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x target/release/jobr-server ] || cargo build --release --locked -p jobr-server --bins

psql_ -d postgres -c "CREATE DATABASE $db"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    rm -rf "$work"
}
trap cleanup EXIT

# The server applies the migrations at start; rate limits are out of the way for the run.
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" PORT=$port HOST=127.0.0.1 \
    JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
    RATE_LIMIT_MAX=100000000 RATE_LIMIT_AUTH_MAX=100000000 RATE_LIMIT_UPLOAD_MAX=1000 \
    UPLOAD_DIR="$work/uploads" OPENAI_API_KEY= RUST_LOG=warn \
    target/release/jobr-server >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
    curl -fs "$base/health" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fs "$base/health" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

psql_ -d "$db" -f scripts/bench/generate-jobs.sql
echo "jobs: $(psql_ -d "$db" -At -c "SELECT count(*) FROM jobs WHERE status = 'open'") open" >&2

email="load-$$@example.com"
password="violet-canoe-42-load"
curl -fs "$base/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"firstName\":\"Load\",\"lastName\":\"Test\"}" \
    >/dev/null
# Access tokens are short-lived: a fresh one before each run.
token() {
    curl -fs "$base/api/auth/login" -H 'content-type: application/json' \
        -d "{\"email\":\"$email\",\"password\":\"$password\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["accessToken"])'
}
cv=$(curl -fs "$base/api/cv" -H "authorization: Bearer $(token)" \
    -F file=@crates/domain/matching/tests/eval/cvs/backend-engineer-senior-uk.txt |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["id"])')

# The first match request builds the index of the open jobs; it is not part of the run.
started=$(date +%s.%N)
curl -fs "$base/api/jobs/matches?cvId=$cv&limit=20" -H "authorization: Bearer $(token)" \
    >"$work/first.json"
echo "first matches request (index build): $(python3 -c "print(round($(date +%s.%N) - $started, 1))") s" >&2

# name|path|authenticated
endpoints="search: browse, newest first|/api/jobs/search|no
search: broad word (engineer)|/api/jobs/search?q=engineer|no
search: negation and filters|/api/jobs/search?q=rust%20-java&remote=remote&salaryMin=50000&postedWithin=30|no
matches: top 20 for a CV|/api/jobs/matches?cvId=$cv&limit=20|yes"

# wrk's latency figure in ms ("812.00us", "3.21ms", "1.02s").
ms() {
    python3 -c '
import re, sys
v = sys.argv[1]
m = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", v)
n, unit = float(m[1]), m[2]
print(round(n * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 2))' "$1"
}

printf '| endpoint | connections | requests/s | p50 ms | p75 ms | p90 ms | p99 ms | errors |\n'
printf '|---|---|---|---|---|---|---|---|\n'
summary=""
while IFS='|' read -r name path auth; do
    best=""
    for c in $connections; do
        threads=$((c < 2 ? c : 2))  # wrk needs at least one connection per thread
        args=("-t$threads" "-c$c" "-d$duration" --latency --timeout 5s)
        [ "$auth" = yes ] && args+=(-H "authorization: Bearer $(token)")
        out=$(wrk "${args[@]}" "$base$path")
        rate=$(grep -oP 'Requests/sec:\s+\K[0-9.]+' <<<"$out")
        p() { ms "$(grep -oP "^\s+$1%\s+\K\S+" <<<"$out")"; }
        p50=$(p 50) p75=$(p 75) p90=$(p 90) p99=$(p 99)
        non2xx=$(grep -oP 'Non-2xx or 3xx responses: \K[0-9]+' <<<"$out" || echo 0)
        socket=$( (grep -oP 'Socket errors:.*' <<<"$out" || true) | (grep -oP '[0-9]+' || true) |
            awk '{s += $1} END {print s + 0}')
        errors=$((non2xx + socket))
        echo "| $name | $c | $rate | $p50 | $p75 | $p90 | $p99 | $errors |"
        if [ "$errors" -eq 0 ] && python3 -c "import sys; sys.exit(0 if float('$p99') < 50 else 1)"; then
            if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $rate > ${best%% *} else 1)"; then
                best="$rate at $c connections (p99 $p99 ms)"
            fi
        fi
    done
    summary+="| $name | ${best:-none under 50 ms} |"$'\n'
done <<<"$endpoints"

printf '\n| endpoint | highest rate with p99 < 50 ms and no errors |\n|---|---|\n%s' "$summary"
