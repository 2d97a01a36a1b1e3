#!/usr/bin/env bash
# Resident memory of a release server under login and upload load (issue 6, "memory that
# comes back"). Prints the RSS at start, after LOGINS logins, and after UPLOADS uploads of the
# largest CV the API accepts, plus the peak (VmHWM).
#
#   cargo build --release --locked -p jobr-server
#   scripts/bench/rss.sh [path/to/jobr-server]        # default target/release/jobr-server
#
# Needs curl, psql and a local PostgreSQL (database jobr_bench_rss is recreated), and the
# largest CV (made on first use by largest_cv_pdf.py; set PYTHON to a python with reportlab,
# pillow and python-docx). Knobs: LOGINS (1000), UPLOADS (100), CONCURRENCY (8), WORKERS (2),
# PORT (5077), SETTLE (15: seconds idle before the last reading), LABEL (printed with the figures).
# Each "after" reading is taken 2 s after the load ends; the last once the server has idled
# SETTLE seconds (tokio's idle blocking threads exit after 10 s, and their heaps with them).
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${1:-target/release/jobr-server}
LOGINS=${LOGINS:-1000}
UPLOADS=${UPLOADS:-100}
CONCURRENCY=${CONCURRENCY:-8}
PORT=${PORT:-5077}
LABEL=${LABEL:-$(basename "$BIN")}
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
PDF=${PDF:-target/bench/largest-cv.pdf}
BASE="http://127.0.0.1:$PORT"
PASSWORD=violet-canoe-42

if [ ! -s "$PDF" ]; then
  mkdir -p "$(dirname "$PDF")"
  "$PYTHON" scripts/bench/largest_cv_pdf.py "$PDF" >&2
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS jobr_bench_rss WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE jobr_bench_rss" >/dev/null

env -i PATH="$PATH" \
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobr_bench_rss \
  JWT_SECRET=rss-benchmark-secret-0123456789abcdef \
  HOST=127.0.0.1 PORT="$PORT" WORKERS="${WORKERS:-2}" DATABASE_POOL_SIZE=10 \
  RATE_LIMIT_MAX=1000000 RATE_LIMIT_AUTH_MAX=1000000 RATE_LIMIT_UPLOAD_MAX=1000000 \
  UPLOAD_DIR="$WORK/uploads" RUST_LOG=warn \
  "$BIN" >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT

for _ in $(seq 100); do
  curl -sf "$BASE/health" >/dev/null && break
  sleep 0.1
done

rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }
peak() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status"; }

EMAIL="rss-$(date +%s)@example.com"
curl -sf "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}" \
  >"$WORK/register.json"
TOKEN=$(sed 's/.*"accessToken":"\([^"]*\)".*/\1/' "$WORK/register.json")
START=$(rss)

login() {
  curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}"
}
export -f login
export BASE EMAIL PASSWORD
SECONDS=0
seq "$LOGINS" | xargs -P "$CONCURRENCY" -I{} bash -c login >"$WORK/logins.txt"
LOGIN_SECONDS=$SECONDS
sleep 2
AFTER_LOGINS=$(rss)
PEAK_LOGINS=$(peak)

upload() {
  curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/cv" -H "authorization: Bearer $TOKEN" \
    -F "file=@$PDF;type=application/pdf"
}
export -f upload
export TOKEN PDF
SECONDS=0
seq "$UPLOADS" | xargs -P "$CONCURRENCY" -I{} bash -c upload >"$WORK/uploads.txt"
UPLOAD_SECONDS=$SECONDS
sleep 2
AFTER_UPLOADS=$(rss)
PEAK_ALL=$(peak)
sleep "${SETTLE:-15}"
SETTLED=$(rss)

echo "label: $LABEL"
echo "logins: $(sort "$WORK/logins.txt" | uniq -c | tr '\n' ' ')in ${LOGIN_SECONDS}s"
echo "uploads: $(sort "$WORK/uploads.txt" | uniq -c | tr '\n' ' ')in ${UPLOAD_SECONDS}s ($(stat -c %s "$PDF") bytes each)"
echo "| allocator | at start | after $LOGINS logins | after $UPLOADS uploads | idle ${SETTLE:-15} s later |"
printf '| %s | %s MB | %s MB (peak %s) | %s MB (peak %s) | %s MB |\n' \
  "$LABEL" "$START" "$AFTER_LOGINS" "$PEAK_LOGINS" "$AFTER_UPLOADS" "$PEAK_ALL" "$SETTLED"
