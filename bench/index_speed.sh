#!/usr/bin/env bash
# index_speed.sh: indexing unique text (issue 14) beside the peers, in one
# run: acquis with -j 1 and -j 2 (stored text kept, compressed), SQLite FTS5
# contentless (porter unicode61; keeps no text) and Lucene 8 (bench/peers),
# alternated run after run, N runs each; then the scale table: the input
# copied 1x, 2x, 4x (and 8x with --max 8) with each copy's words shuffled
# (bench/make_scaled.py), acquis's build time, peak memory, index size,
# query latency (p50, top 10, eurlex-en-queries.tsv) and average postings
# list per size.
# Prints wall seconds and CPU seconds (user + system: on a machine loaded by
# other work the wall time swings, the CPU time much less), peak RSS, and
# medians with ratios taken from the same runs. acquis -j 1 and SQLite also
# index the input inflated beforehand ("plain" rows), so that the
# comparison of the two engines does not depend on how each reads gzip.
#
#   bench/index_speed.sh [--input FILE] [--runs N] [--max 1|2|4|8]
#                        [--workdir DIR] [--no-peers] [--no-scale]
#
# Defaults: ../shared/corpus/jha-en.jsonl.gz, 3 runs, --max 4,
# /tmp/acquis-index-speed. Needs bench/peers' drivers (built here).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=$ROOT/../shared/corpus/jha-en.jsonl.gz
QUERIES=$ROOT/../shared/eval/eurlex-en-queries.tsv
RUNS=3
MAX=4
WORK=/tmp/acquis-index-speed
PEERS=1
SCALE=1
while [ $# -gt 0 ]; do
  case $1 in
    --input) INPUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --max) MAX=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --no-peers) PEERS=0; shift ;;
    --no-scale) SCALE=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "index_speed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$ROOT/build" -j 2 --target acquis >/dev/null
ACQ=$ROOT/build/acquis
P=$ROOT/bench/peers/build
[ "$PEERS" = 0 ] || "$ROOT/bench/peers/run.sh" --build-only --peers lucene,sqlite >/dev/null

timed() { # name cmd...: appends "name wall cpu maxrss_kb" to $WORK/runs.txt
  local name=$1; shift
  # The previous run's dirty pages (Lucene leaves 400 MB) are written out
  # first: their writeback would otherwise land on this run's time.
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; exit 1; }
  read -r wall user sys kb < "$WORK/time.txt"
  echo "$name $wall $(echo "$user + $sys" | bc) $kb" | tee -a "$WORK/runs.txt" >&2
}

: > "$WORK/runs.txt"
PLAIN=$WORK/input.jsonl
case $INPUT in
  *.gz) [ -s "$PLAIN" ] || gzip -dc "$INPUT" > "$PLAIN" ;;
  *) PLAIN=$INPUT ;;
esac
echo "input: $INPUT; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/a1" "$WORK/a2"
  timed acquis-j1 "$ACQ" index -q -j 1 -o "$WORK/a1" "$INPUT"
  timed acquis-j2 "$ACQ" index -q -j 2 -o "$WORK/a2" "$INPUT"
  if [ "$PEERS" = 1 ]; then
    timed sqlite-contentless "$P/sqlite_index" --contentless "$INPUT" "$WORK/fts.db"
    rm -rf "$WORK/a1p"
    timed acquis-j1-plain "$ACQ" index -q -j 1 -o "$WORK/a1p" "$PLAIN"
    timed sqlite-contentless-plain "$P/sqlite_index" --contentless "$PLAIN" "$WORK/fts.db"
    rm -rf "$WORK/lucene"
    timed lucene8 "$P/lucene_index" "$INPUT" "$WORK/lucene"
  fi
done
cmp -s "$WORK/a1/MANIFEST" "$WORK/a2/MANIFEST" && for f in "$WORK"/a1/seg-*; do cmp -s "$f" "$WORK/a2/${f##*/}"; done \
  && echo "-j 1 and -j 2 wrote the same files" >&2

if [ "$SCALE" = 1 ]; then
  for c in 1 2 4 8; do
    [ "$c" -le "$MAX" ] || break
    [ -s "$WORK/x$c.jsonl" ] || python3 "$ROOT/bench/make_scaled.py" "$INPUT" "$c" "$WORK/x$c.jsonl"
    rm -rf "$WORK/s$c"
    timed "scale-x$c" "$ACQ" index -q -o "$WORK/s$c" "$WORK/x$c.jsonl"
    echo "scale-x$c-bytes $(stat -c %s "$WORK/x$c.jsonl") $(du -sb "$WORK/s$c" | cut -f1)" >> "$WORK/runs.txt"
    # Query latency at this size (ranked OR, top 10, best of 3 passes), and
    # the average postings list it should grow no faster than.
    lat=$("$ACQ" bench -i "$WORK/s$c" --queries "$QUERIES" -k 10 --passes 3 --json \
          | python3 -c 'import json,sys; print(json.load(sys.stdin)["p50_us"])')
    avg=$("$ACQ" stats -i "$WORK/s$c" --json \
          | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["postings"] / s["terms"])')
    echo "scale-x$c-query $lat $avg" >> "$WORK/runs.txt"
    rm -rf "$WORK/s$c"
  done
fi

python3 - "$WORK/runs.txt" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list); sizes = {}; queries = {}
for line in open(sys.argv[1]):
    f = line.split()
    if f[0].endswith('-bytes'):
        sizes[f[0][:-6]] = (int(f[1]), int(f[2]))
    elif f[0].endswith('-query'):
        queries[f[0][:-6]] = (float(f[1]), float(f[2]))
    else:
        runs[f[0]].append((float(f[1]), float(f[2]), int(f[3])))
med = lambda xs: statistics.median(xs)
print("| engine | runs | wall s, median | CPU s, median | peak RSS MB, median | wall / acquis -j 1 | CPU / acquis -j 1 |")
print("| --- | --: | --: | --: | --: | --: | --: |")
base = runs.get('acquis-j1')
for name in ('acquis-j1', 'acquis-j2', 'sqlite-contentless', 'lucene8', 'acquis-j1-plain', 'sqlite-contentless-plain'):
    r = runs.get(name)
    if not r:
        continue
    w, c, m = med([x[0] for x in r]), med([x[1] for x in r]), med([x[2] for x in r])
    rw = w / med([x[0] for x in base]) if base else float('nan')
    rc = c / med([x[1] for x in base]) if base else float('nan')
    print(f"| {name} | {len(r)} | {w:.2f} | {c:.2f} | {m/1024:.0f} | {rw:.2f} | {rc:.2f} |")
# Each pair of runs made one after the other: the machine's speed drifts
# between runs, less within a pair.
def pairs(a, b):
    ra, rb = runs.get(a), runs.get(b)
    if not ra or not rb:
        return
    q = sorted(y[0] / x[0] for x, y in zip(ra, rb))
    wins = sum(1 for v in q if v < 1)
    print(f"{b} / {a}, wall, pair by pair: median {statistics.median(q):.2f}, from {q[0]:.2f} to {q[-1]:.2f}; "
          f"{b} faster in {wins} of {len(q)}")
print()
pairs('acquis-j1', 'acquis-j2')
pairs('sqlite-contentless', 'acquis-j1')
pairs('sqlite-contentless-plain', 'acquis-j1-plain')
if any(k.startswith('scale-') for k in runs):
    print()
    print("| copies | input MB | wall s | CPU s | CPU s per input GB, vs 1x | peak RSS MB, vs 1x | index MB | query p50 us, vs 1x | postings per term, vs 1x |")
    print("| --: | --: | --: | --: | --: | --: | --: | --: | --: |")
    one = rss1 = q1 = a1 = None
    for c in (1, 2, 4, 8):
        r = runs.get(f'scale-x{c}')
        if not r:
            continue
        w, cpu, kb = r[0]
        inp, idx = sizes[f'scale-x{c}']
        per = cpu / (inp / 1e9)
        one = one or per
        rss1 = rss1 or kb
        lat, avg = queries.get(f'scale-x{c}', (float('nan'), float('nan')))
        q1 = q1 or lat
        a1 = a1 or avg
        print(f"| {c} | {inp/1e6:.0f} | {w:.1f} | {cpu:.1f} | {per:.1f} ({per/one:.2f}) | {kb/1024:.0f} ({kb/rss1:.2f}) "
              f"| {idx/1e6:.1f} | {lat:.0f} ({lat/q1:.2f}) | {avg:.1f} ({avg/a1:.2f}) |")
print(f"\nload average at the end: {sys.argv[2]}")
PY
