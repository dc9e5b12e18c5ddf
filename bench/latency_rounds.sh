#!/usr/bin/env bash
# latency_rounds.sh: the query latencies of issue 14 (block-max pruning),
# acquis against Lucene 8, in several rounds on a shared machine, with the
# medians over rounds and the per-round ratios.
#
#   bench/latency_rounds.sh [--rounds N] [--workdir DIR] [--lucene-warmup W]
#                           [--passes N] [-k K] [--index] [--no-install]
#
# Each round runs, one engine at a time (reusing the existing scripts):
#   bench/peers/run.sh --no-index --peers lucene,acquis --lucene-warmup W
#       ranked OR, the 1,000 queries of ../shared/eval/eurlex-en-queries.tsv,
#       overall and per query length (acquis: block-max MaxScore)
#   build/acquis bench --or wand on the same query files (block-max WAND)
#   bench/phrase_and.sh --no-index --no-counts --lucene-warmup W
#       300 AND queries and 300 phrases (bench/queries/)
# and keeps their outputs in DIR/round-R/. Then bench/latency_rounds.py
# prints one table: per figure, the median over the rounds of each engine's
# value, and the median of the rounds' acquis/Lucene ratios (a ratio is
# taken within one round, where both engines met the same load).
# Percentiles of both engines by the rule of `acquis bench` (the value at
# index round(p/100 (n-1)) of the sorted per-query best latencies).
#
# The indexes must exist in DIR (acquis-index, lucene-index): --index builds
# them first (bench/peers/run.sh --peers lucene,acquis). Defaults: --rounds 3,
# --workdir /tmp/acquis-peers, --lucene-warmup 5, --passes 3, -k 10.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROUNDS=3
WORK=/tmp/acquis-peers
WARMUP=5
PASSES=3
K=10
INDEX=0
INSTALL_FLAG=""
ACQUIS="${ACQUIS:-$ROOT/build/acquis}"
QUERIES="$ROOT/../shared/eval/eurlex-en-queries.tsv"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --lucene-warmup) WARMUP=$2; shift 2 ;;
    --passes) PASSES=$2; shift 2 ;;
    -k|--k) K=$2; shift 2 ;;
    --index) INDEX=1; shift ;;
    --no-install) INSTALL_FLAG=--no-install; shift ;;
    -h|--help) usage 0 ;;
    *) echo "latency_rounds.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
log() { echo "latency_rounds.sh: $*" >&2; }

mkdir -p "$WORK"
if [ "$INDEX" = 1 ]; then
  log "building the indexes"
  "$HERE/peers/run.sh" $INSTALL_FLAG --peers lucene,acquis --workdir "$WORK" -k "$K" --passes "$PASSES" \
    --lucene-warmup "$WARMUP" > "$WORK/index-run.md"
fi
[ -d "$WORK/acquis-index" ] && [ -d "$WORK/lucene-index" ] ||
  { echo "latency_rounds.sh: no indexes in $WORK (use --index)" >&2; exit 2; }

for r in $(seq 1 "$ROUNDS"); do
  out="$WORK/round-$r"
  mkdir -p "$out"
  log "round $r of $ROUNDS: ranked OR (run.sh)"
  "$HERE/peers/run.sh" $INSTALL_FLAG --no-index --peers lucene,acquis --workdir "$WORK" -k "$K" \
    --passes "$PASSES" --lucene-warmup "$WARMUP" > "$out/or.md"
  cp "$WORK/results.json" "$out/or.json"
  cp "$WORK/lucene.lat" "$out/lucene.or.lat"
  log "round $r of $ROUNDS: ranked OR, acquis with block-max WAND"
  "$ACQUIS" bench -i "$WORK/acquis-index" --queries "$QUERIES" -k "$K" --passes "$PASSES" --or wand --json \
    > "$out/acquis.wand.json"
  for b in 1 2 3-4 5-8; do
    "$ACQUIS" bench -i "$WORK/acquis-index" --queries "$WORK/queries.$b.tsv" -k "$K" --passes "$PASSES" \
      --or wand --json > "$out/acquis.wand.$b.json"
  done
  log "round $r of $ROUNDS: AND and phrases (phrase_and.sh)"
  "$HERE/phrase_and.sh" $INSTALL_FLAG --no-index --no-counts --workdir "$WORK" -k "$K" --passes "$PASSES" \
    --lucene-warmup "$WARMUP" > "$out/phrase_and.md"
  for c in and phrases; do
    cp "$WORK/acquis.$c.json" "$WORK/lucene.$c.lat" "$out/"
  done
  uptime > "$out/load.txt"
done
python3 "$HERE/latency_rounds.py" "$WORK" "$ROUNDS" "$QUERIES"
