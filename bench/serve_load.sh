#!/usr/bin/env bash
# serve_load.sh: acquis serve under load (issue 15): requests per second and
# p50/p99 latency of GET /api/search for 1, 4 and 16 concurrent clients on
# loopback (wrk, Debian's wrk; each run bounded in time), against `acquis
# bench` on the same queries in process (the HTTP overhead per request), the
# errors (must be 0), and the server's memory (VmRSS) before and after at
# least 100,000 requests.
#
#   bench/serve_load.sh [--index DIR] [--input JSONL] [--queries TSV]
#                       [--seconds N] [--threads N] [--workdir DIR]
#
# Defaults: the index of ../shared/corpus/jha-en.jsonl.gz (built in the
# work dir if missing), ../shared/eval/eurlex-en-queries.tsv, 10 s a run,
# server threads = CPUs, /tmp/acquis-serve-bench.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=$ROOT/../shared/corpus/jha-en.jsonl.gz
QUERIES=$ROOT/../shared/eval/eurlex-en-queries.tsv
SECONDS_RUN=10
WORK=/tmp/acquis-serve-bench
INDEX=""
THREADS=$(nproc)
while [ $# -gt 0 ]; do
  case $1 in
    --index) INDEX=$2; shift 2 ;;
    --input) INPUT=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --seconds) SECONDS_RUN=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "serve_load.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }
mkdir -p "$WORK"
ACQ=$ROOT/build/acquis
[ -x "$ACQ" ] || { cmake -S "$ROOT" -B "$ROOT/build" >/dev/null && cmake --build "$ROOT/build" -j 2 --target acquis >/dev/null; }
if [ -z "$INDEX" ]; then
  INDEX=$WORK/$(basename "$INPUT" .jsonl.gz)
  [ -f "$INDEX/MANIFEST" ] || "$ACQ" index -q -o "$INDEX" "$INPUT"
fi
echo "index $INDEX ($("$ACQ" stats -i "$INDEX" --json | sed 's/.*"documents":\([0-9]*\).*/\1/') documents), queries $QUERIES, server threads $THREADS, ${SECONDS_RUN}s a run, load average $(cut -d' ' -f1-3 /proc/loadavg)"

"$ACQ" serve -i "$INDEX" --port 0 --threads "$THREADS" --quiet --max-connections 256 2>"$WORK/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's/^listening on port //p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$WORK/serve.log" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' /proc/$PID/status; }
export SERVE_QUERIES=$QUERIES

run() { # clients params label [path: instead of the queries]
  if [ -n "${4:-}" ]; then
    wrk -t "$(( $1 < 4 ? $1 : 4 ))" -c "$1" -d "${SECONDS_RUN}s" --timeout 5s --latency \
      "http://127.0.0.1:$PORT$4" > "$WORK/wrk.txt"
  else
    SERVE_PARAMS=$2 wrk -t "$(( $1 < 4 ? $1 : 4 ))" -c "$1" -d "${SECONDS_RUN}s" --timeout 5s --latency \
      -s "$ROOT/bench/serve_queries.lua" "http://127.0.0.1:$PORT/" > "$WORK/wrk.txt"
  fi
  local rps p50 p99 reqs errs
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  reqs=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/wrk.txt" | tr '\n' ' ')
  printf "%-28s %3d clients  %9s req/s  p50 %8s  p99 %8s  %8s requests  errors: %s\n" "$3" "$1" "$rps" "$p50" "$p99" "$reqs" "${errs:-0}"
  TOTAL=$((TOTAL + reqs))
}

TOTAL=0
# Warm the page cache and the server's snapshot first.
SERVE_PARAMS=k=10 wrk -t 1 -c 1 -d 2s -s "$ROOT/bench/serve_queries.lua" "http://127.0.0.1:$PORT/" >/dev/null
TOTAL=0
RSS0=$(rss)
echo "server VmRSS at start (warm): ${RSS0} kB"
# HTTP alone (no search): what the server and the loopback add per request.
run 1 "" "GET /api/health (no search)" /api/health
HEALTH=$TOTAL
TOTAL=0
for c in 1 4 16; do
  run "$c" "k=10&fields=rank,score,id,title,date,type,lang,celex,url" "no snippets (as bench --fields)"
done
for c in 1 4 16; do
  run "$c" "k=10" "with snippets (the page's)"
done
run 4 "k=10&fields=rank,score,id,title,date,type,lang,celex,url&count=1&facets=type,year" "no snippets, count, facets"
# The memory figure: at least 100,000 requests in all, the rest without
# snippets, exact counts or facets (each takes tens of ms on whole acts).
while [ "$TOTAL" -lt 100000 ]; do
  run 16 "k=10&fields=rank,score,id,title,date,type,lang,celex,url" "more, for the memory figure"
done
echo "server VmRSS after $TOTAL searches and $HEALTH health checks: $(rss) kB (at start $RSS0 kB)"

echo "acquis bench, same queries, in process (-k 10 --fields):"
for j in 1 4 16; do
  printf "  -j %-3d " "$j"
  "$ACQ" bench -i "$INDEX" --queries "$QUERIES" -k 10 --fields -j "$j" | tr '\n' ' '
  echo
done
