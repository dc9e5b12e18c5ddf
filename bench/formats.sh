#!/usr/bin/env bash
# formats.sh: how fast acquis indexes EU law as published, in MB of markup
# per second, beside JSON Lines of the very same text (issue 11):
#   - XHTML: the Official Journal XHTML, consolidated XHTML and whole EUR-Lex
#     pages of ../shared/corpus/eurlex-formats/;
#   - Formex: its Formex 4 acts (CONS.ACT packages, ACT, COMBINED.FMX);
#   - for each, the documents acquis reads from them written out as JSON Lines
#     (build/bench/ingest_bench --jsonl), indexed the same way.
# `acquis index` (one thread), median of N runs each, the inputs alternated;
# the folders keep their layout so that meta.json files and file names are
# read as in real use. The samples are small (15 MB), so each input is
# indexed K times over (K copies of the folder; the JSON Lines K times),
# which keeps a commit's fixed costs from hiding the rate; the copies have
# the same ids, so both sides replace documents alike. Also: the ingest alone
# (markup or JSON Lines to documents, no index), median of N. Wall time and
# CPU time (user + system) are both given: on a shared machine the CPU time
# says more about acquis, the wall time about the wait.
#
#   bench/formats.sh [--runs N] [--copies K] [--workdir DIR] [--passages]
#
# --passages indexes acts split into recitals, articles and annexes.
# Defaults: 3 runs, 4 copies, /tmp/acquis-formats.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$ROOT/../shared/corpus/eurlex-formats
RUNS=3
COPIES=4
WORK=/tmp/acquis-formats
INDEX_OPTS=()   # acquis index
DUMP_OPTS=()    # ingest_bench
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --copies) COPIES=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --passages) INDEX_OPTS=(--passages article); DUMP_OPTS=(--passages); shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "formats.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -d "$SHARED" ] || { echo "formats.sh: $SHARED is not there" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get install -y -qq time >/dev/null; }
cmake -S "$ROOT" -B "$ROOT/build" -DACQ_BUILD_BENCH=ON >/dev/null
cmake --build "$ROOT/build" -j 2 --target acquis ingest_bench >/dev/null
ACQ=$ROOT/build/acquis
DUMP=$ROOT/build/bench/ingest_bench

rm -rf "$WORK"
mkdir -p "$WORK/xhtml" "$WORK/formex"
cd "$SHARED"
# XHTML: every .html/.xhtml file, and the .xml files outside Formex folders
# whose content is XHTML (the Official Journal's en.xml, fr.xml).
find . -type f \( -name '*.html' -o -name '*.xhtml' -o -name '*.xml' \) ! -path '*.fmx4/*' ! -path './formex-samples/formex/*' |
  while read -r f; do
    if head -c 600 "$f" | grep -qi '<html'; then cp --parents "$f" "$WORK/xhtml/"; fi
  done
# Formex: the .fmx4 packages, the Formex files of ai-act/ and formex-samples/formex/.
find . -type f \( -path '*.fmx4/*' -o -path './formex-samples/formex/*' -o -name '*fmx*.xml' \) |
  while read -r f; do cp --parents "$f" "$WORK/formex/"; done
# the meta.json files beside them, read as a real download's would be (not counted as markup)
find . -name meta.json | while read -r f; do cp --parents "$f" "$WORK/xhtml/"; cp --parents "$f" "$WORK/formex/"; done
cd "$WORK"

markup_bytes() { find "$1" -type f ! -name meta.json -printf '%s\n' | awk '{s += $1} END {print s}'; }
for kind in xhtml formex; do
  "$DUMP" "${DUMP_OPTS[@]}" --jsonl "$WORK/$kind.jsonl" "$WORK/$kind" 2>"$WORK/$kind.dump.txt" >/dev/null ||
    { cat "$WORK/$kind.dump.txt" >&2; exit 1; }
  echo "$kind: $(tail -1 "$WORK/$kind.dump.txt")" >&2
  mkdir -p "$WORK/$kind-x$COPIES"
  : > "$WORK/$kind-x$COPIES.jsonl"
  for k in $(seq "$COPIES"); do
    cp -al "$WORK/$kind" "$WORK/$kind-x$COPIES/copy$k"
    cat "$WORK/$kind.jsonl" >> "$WORK/$kind-x$COPIES.jsonl"
  done
done

seconds() { # runs "$@", prints "wall cpu" in seconds
  /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" ||
    { cat "$WORK/stderr.txt" >&2; exit 1; }
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$WORK/time.txt"
}
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

inputs=(xhtml-x$COPIES xhtml-x$COPIES.jsonl formex-x$COPIES formex-x$COPIES.jsonl)
for input in "${inputs[@]}"; do : > "$WORK/index-$input.txt"; : > "$WORK/ingest-$input.txt"; done
for i in $(seq "$RUNS"); do
  for input in "${inputs[@]}"; do
    rm -rf "$WORK/index"
    seconds "$ACQ" index -q "${INDEX_OPTS[@]}" -o "$WORK/index" "$WORK/$input" >> "$WORK/index-$input.txt"
    seconds "$DUMP" "${DUMP_OPTS[@]}" "$WORK/$input" >> "$WORK/ingest-$input.txt"
  done
  echo "run $i (wall cpu): $(for input in "${inputs[@]}"; do printf '%s %s  ' "$input" "$(tail -1 "$WORK/index-$input.txt")"; done)" >&2
done

echo
echo "Indexing ($COPIES copies of each input; MB of markup, or of JSON Lines, per second of wall"
echo "time (and of CPU time); one thread, median of $RUNS; load average: $(cut -d' ' -f1-3 /proc/loadavg)):"
echo
printf '%s\n' "| input | documents | MB of input | MB of text | index, s | index, MB/s | ingest alone, s | ingest alone, MB/s |"
printf '%s\n' "| --- | --: | --: | --: | --: | --: | --: | --: |"
for kind in xhtml formex; do
  text_mb=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])) / 1e6)" "$WORK/$kind.jsonl")
  n=$(( $(grep -c '' "$WORK/$kind.jsonl") * COPIES ))
  for input in "$kind-x$COPIES" "$kind-x$COPIES.jsonl"; do
    if [ -d "$WORK/$input" ]; then bytes=$(( $(markup_bytes "$WORK/$kind") * COPIES )); label="$kind markup"
    else bytes=$(stat -c %s "$WORK/$input"); label="$kind as JSON Lines"; fi
    t=$(cut -d' ' -f1 "$WORK/index-$input.txt" | median); tc=$(cut -d' ' -f2 "$WORK/index-$input.txt" | median)
    g=$(cut -d' ' -f1 "$WORK/ingest-$input.txt" | median); gc=$(cut -d' ' -f2 "$WORK/ingest-$input.txt" | median)
    awk -v name="$label" -v n="$n" -v b="$bytes" -v t="$t" -v tc="$tc" -v g="$g" -v gc="$gc" -v tm="$text_mb" -v k="$COPIES" '
      function rate(s) { return s > 0 ? sprintf("%.1f", b / 1e6 / s) : "-" }
      BEGIN {printf "| %s | %d | %.1f | %.1f | %.2f (%.2f) | %s (%s) | %.2f (%.2f) | %s (%s) |\n",
             name, n, b / 1e6, tm * k, t, tc, rate(t), rate(tc), g, gc, rate(g), rate(gc)}'
  done
done
