#!/usr/bin/env bash
# core.sh: the core engine's figures, measured in one run beside Apache
# Lucene 8 on the same input (issue "The core engine"):
#   - index build time, acquis and Lucene alternated, median of N runs each,
#     one thread, and the ratio;
#   - peak memory (max RSS) while indexing, on the input and on all of
#     ../shared/corpus at once (flat as the input grows);
#   - index size per file kind against the input text and Lucene's index;
#   - cold `acquis search` (process start to last line), with hyperfine;
#   - Cranfield MAP and nDCG@10 (via bench/relevance.sh when present).
#
#   bench/core.sh [--input FILE] [--runs N] [--workdir DIR]
#
# Defaults: ../shared/corpus/eurlex-en-passages.jsonl.gz, 3 runs,
# /tmp/acquis-core. Needs the Lucene driver of bench/peers (built here by
# bench/peers/run.sh --build-only --peers lucene) and hyperfine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
INPUT=$ROOT/../shared/corpus/eurlex-en-passages.jsonl.gz
RUNS=3
WORK=/tmp/acquis-core
while [ $# -gt 0 ]; do
  case $1 in
    --input) INPUT=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "core.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORK"
command -v hyperfine >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq hyperfine >/dev/null; }
command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$ROOT/build" -j 2 >/dev/null
ACQ=$ROOT/build/acquis
"$ROOT/bench/peers/run.sh" --build-only --peers lucene >/dev/null
LUCENE=$ROOT/bench/peers/build/lucene_index

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # prints "seconds maxrss_kb"
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt" >&2; exit 1; }
  cat "$WORK/time.txt"
}

echo "input: $INPUT" >&2
: > "$WORK/acq.txt"; : > "$WORK/luc.txt"
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/acquis-index" "$WORK/lucene-index"
  timed "$ACQ" index -q -o "$WORK/acquis-index" "$INPUT" >> "$WORK/acq.txt"
  timed "$LUCENE" "$INPUT" "$WORK/lucene-index" >> "$WORK/luc.txt"
  echo "run $i: acquis $(tail -1 "$WORK/acq.txt"), lucene $(tail -1 "$WORK/luc.txt") (s, KB)" >&2
done
acq_s=$(cut -d' ' -f1 "$WORK/acq.txt" | median); luc_s=$(cut -d' ' -f1 "$WORK/luc.txt" | median)
acq_kb=$(cut -d' ' -f2 "$WORK/acq.txt" | median); luc_kb=$(cut -d' ' -f2 "$WORK/luc.txt" | median)

rm -rf "$WORK/all-index"
all=$(timed "$ACQ" index -q -o "$WORK/all-index" "$ROOT"/../shared/corpus/*.jsonl.gz)
all_docs=$("$ACQ" stats -i "$WORK/all-index" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
rm -rf "$WORK/all-index"

chars=$(python3 - "$INPUT" <<'PY'
import gzip, json, sys
op = gzip.open if sys.argv[1].endswith('.gz') else open
# characters of title and text, as the issue counts its 140 M
print(sum(len(d.get('text') or '') + len(d.get('title') or '') for d in map(json.loads, op(sys.argv[1], 'rt', encoding='utf-8'))))
PY
)
stats=$("$ACQ" stats -i "$WORK/acquis-index" --json)
luc_bytes=$(du -sb "$WORK/lucene-index" | cut -f1)
python3 - "$stats" "$chars" "$luc_bytes" "$acq_s" "$luc_s" "$acq_kb" "$luc_kb" "$all" "$all_docs" <<'PY'
import json, sys
st = json.loads(sys.argv[1]); b = st['bytes']
chars, luc = int(sys.argv[2]), int(sys.argv[3])
acq_s, luc_s, acq_kb, luc_kb = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
all_s, all_kb = sys.argv[8].split(); all_docs = sys.argv[9]
core = b['dictionary'] + b['postings'] + b['positions']
MB = 1e6
print("| figure | acquis | Lucene 8 | target |")
print("| --- | --: | --: | --- |")
print(f"| index build, median, s | {acq_s:.2f} | {luc_s:.2f} | 3x faster than Lucene: {acq_s and luc_s/acq_s:.2f}x |")
print(f"| peak RSS while indexing, MB | {acq_kb/1024:.0f} | {luc_kb/1024:.0f} | < 256 |")
print(f"| peak RSS, all of shared/corpus ({all_docs} docs), MB | {int(all_kb)/1024:.0f} (in {float(all_s):.1f} s) | | < 256 |")
print(f"| dictionary + postings + positions, MB | {core/MB:.1f} | {luc/MB:.1f} (whole index) | < Lucene's whole index |")
print(f"| all index files, MB | {b['total']/MB:.1f} ({100*b['total']/chars:.1f}% of {chars/MB:.0f} M chars) | | < 45% of the input text |")
for k in ('dictionary', 'postings', 'positions', 'stored', 'lengths', 'other'):
    print(f"| - {k}, MB | {b[k]/MB:.2f} | | |")
PY
echo
echo "Cold search (process start to last line; hyperfine, warm page cache):"
for q in 'Prüm' 'money laundering' 'competent authorities member states' 'Regulation (EU) 2016/794'; do
  # -N runs without a shell: the query's words arrive as separate
  # arguments, which acquis search joins back into one query.
  hyperfine -N -i --warmup 3 --runs 30 --export-json "$WORK/hf.json" "$ACQ search -i $WORK/acquis-index $q" >/dev/null 2>&1 || true
  python3 -c "import json; r=json.load(open('$WORK/hf.json'))['results'][0]; print(f'  {\"$q\":40s} median {r[\"median\"]*1000:.1f} ms')"
done
if [ -x "$ROOT/bench/relevance.sh" ]; then
  echo; "$ROOT/bench/relevance.sh"
fi
