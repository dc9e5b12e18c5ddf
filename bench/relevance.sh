#!/usr/bin/env bash
# relevance.sh: acquis's effectiveness and batch speed on Cranfield, next to
# the reference systems. Builds acquis (incrementally), indexes
# ../shared/eval/cranfield/docs.jsonl.gz into a temporary directory, runs its
# 225 topics with `acquis batch -k 1000`, timing the batch alone (wall clock),
# scores the run with `acquis eval`, and prints a Markdown table: MAP, P@10,
# nDCG@10 and R@1000 for acquis, then the reference rows (Lucene, Xapian,
# SQLite FTS5) read from ../shared/eval/README.md at run time.
#
#   bench/relevance.sh [--k1 X] [--b Y] [-j N] [--keep DIR]
#
#   --k1 X, --b Y  BM25 parameters (default 0.9 and 0.4, as Lucene's row)
#   -j N           threads for acquis batch (default 1)
#   --keep DIR     leave the index, run and RUN.settings.json in DIR
#                  (default: a temporary directory, removed at the end)
#
# Environment: BUILD (build directory, default build), SHARED (default
# ../shared next to the repository), CMAKE_BUILD_PARALLEL_LEVEL (default 1).
#
# Measured on 2026-11-23 on the 2-core development machine: k1=0.9 b=0.4:
# MAP 0.2902  P@10 0.2187  nDCG@10 0.3510  R@1000 0.9524; the batch took
# 0.32-0.34 s wall with -j 2 and 0.55-0.72 s with -j 1 (bench/README.md).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BUILD=${BUILD:-$ROOT/build}
EVAL="$SHARED/eval"
C="$EVAL/cranfield"
K1=0.9 B=0.4 JOBS=1 KEEP=
while [ $# -gt 0 ]; do
    case $1 in
        --k1) K1=$2; shift 2 ;;
        --b) B=$2; shift 2 ;;
        -j) JOBS=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "relevance.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for f in docs.jsonl.gz topics.tsv qrels.txt; do
    [ -f "$C/$f" ] || { echo "relevance.sh: $C/$f is missing" >&2; exit 2; }
done

cmake -S "$ROOT" -B "$BUILD" >/dev/null
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-1} cmake --build "$BUILD" --target acquis >/dev/null
ACQUIS="$BUILD/acquis"

if [ -n "$KEEP" ]; then
    WORK=$KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/acquis-relevance-XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
fi
RUN="$WORK/cranfield.run"
"$ACQUIS" index --quiet -o "$WORK/index" "$C/docs.jsonl.gz" >&2

start=$(date +%s.%N)
"$ACQUIS" batch -i "$WORK/index" --topics "$C/topics.tsv" -k 1000 --k1 "$K1" --b "$B" \
    -j "$JOBS" --tag "acquis-k1=$K1-b=$B" -o "$RUN"
end=$(date +%s.%N)
wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')

# acquis eval prints trec_eval's layout: "name<TAB>all<TAB>value".
figures=$("$ACQUIS" eval "$C/qrels.txt" "$RUN")
fig() { awk -v m="$1" '$1 == m && $2 == "all" { print $3 }' <<<"$figures"; }
topics=$(grep -c . "$C/topics.tsv")

echo "Cranfield, title + text indexed, $topics topics, top 1,000 ($(fig num_q) judged and in the run)"
echo
echo "| system | analysis | k1, b | MAP | P@10 | nDCG@10 | R@1000 |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| acquis $("$ACQUIS" --version | awk '{ print $2 }') BM25 | default (English stopwords, Snowball) | $K1, $B |" \
     "$(fig map) | $(fig P_10) | $(fig ndcg_cut_10) | $(fig recall_1000) |"
# The reference rows: the table that follows "Reference effectiveness" in
# the README, without its header and separator lines.
awk '/^Reference effectiveness/ { on = 1; next }
     on && /^\|/ { if (++row > 2) print; next }
     on && row > 0 && !/^\|/ { exit }' "$EVAL/README.md"
echo
echo "acquis batch: $topics topics, k=1000, -j $JOBS: ${wall} s wall"
[ -n "$KEEP" ] && echo "run and settings: $RUN, $RUN.settings.json"
exit 0
