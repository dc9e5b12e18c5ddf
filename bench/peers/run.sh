#!/usr/bin/env bash
# run.sh: acquis's peer benchmark. Builds the Lucene, Xapian and SQLite FTS5
# drivers into bench/peers/build/, then for one input and one query file runs
# each peer in turn (never two at once): index build time, index size, peak
# RSS (/usr/bin/time -f %M), search latency p50/p95/p99/mean overall and per
# query length. acquis is included when build/acquis exists and
# `build/acquis bench --help` exits 0. Prints one Markdown table and writes
# results.json (and results.md) in the work directory.
#
#   bench/peers/run.sh [--input FILE] [--queries FILE] [-k K] [--passes N]
#                      [--workdir DIR] [--peers lucene,xapian,sqlite,acquis]
#                      [--no-index] [--build-only] [--no-install]
#                      [--lucene-warmup W] [--acquis-or maxscore|wand]
#
# Defaults: --input ../shared/corpus/eurlex-en-passages.jsonl.gz and
# --queries ../shared/eval/eurlex-en-queries.tsv (relative to the repository
# root), -k 10, --passes 3, --workdir /tmp/acquis-peers. --no-index reuses the
# indexes (and their figures) already in the work directory, e.g. to search
# again with another -k. --lucene-warmup W gives Lucene W untimed passes over
# the queries before the timed ones (default 1, as every engine gets; the
# JIT needs several), --acquis-or the pruning of acquis's ranked OR. Environment: LUCENE_INDEX_JAVA_OPTS (default
# -Xmx2g), LUCENE_SEARCH_JAVA_OPTS (default -Xmx1g), ACQUIS (default
# build/acquis under the repository root).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD="$HERE/build"
INPUT="$ROOT/../shared/corpus/eurlex-en-passages.jsonl.gz"
QUERIES="$ROOT/../shared/eval/eurlex-en-queries.tsv"
K=10
PASSES=3
WORK=/tmp/acquis-peers
PEERS="lucene,xapian,sqlite,acquis"
DO_INDEX=1
LUCENE_WARMUP=1
ACQUIS_OR=maxscore
BUILD_ONLY=0
INSTALL=1
ACQUIS="${ACQUIS:-$ROOT/build/acquis}"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-2}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --input) INPUT=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    -k|--k) K=$2; shift 2 ;;
    --passes) PASSES=$2; shift 2 ;;
    --workdir) WORK=$2; shift 2 ;;
    --peers) PEERS=$2; shift 2 ;;
    --no-index) DO_INDEX=0; shift ;;
    --lucene-warmup) LUCENE_WARMUP=$2; shift 2 ;;
    --acquis-or) ACQUIS_OR=$2; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --no-install) INSTALL=0; shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
log() { echo "run.sh: $*" >&2; }

# --- Debian packages ------------------------------------------------------
install_missing() {
  local need=() p
  command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
  for p in liblucene8-java libxapian-dev libsqlite3-dev g++ time zlib1g-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null ||
    { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
}
[ "$INSTALL" = 1 ] && install_missing

# --- build ----------------------------------------------------------------
jar() {
  local j
  for j in /usr/share/java/"$1"-8*.jar /usr/share/java/"$1".jar; do
    [ -f "$j" ] && { echo "$j"; return; }
  done
  echo "run.sh: no $1 jar in /usr/share/java (liblucene8-java)" >&2; exit 2
}
build() {
  mkdir -p "$BUILD/lucene"
  local cf="-O2 -g -Wall -Wextra" cp
  cp="$(jar lucene-core):$(jar lucene-analyzers-common):$(jar lucene-queryparser):$(jar lucene-queries)"
  javac -encoding UTF-8 -d "$BUILD/lucene" -cp "$cp" "$HERE"/lucene/*.java
  cat > "$BUILD/lucene_index" <<SH
#!/bin/sh
exec java \${LUCENE_INDEX_JAVA_OPTS:--Xmx2g} -cp "$BUILD/lucene:$cp" LuceneIndex "\$@"
SH
  cat > "$BUILD/lucene_search" <<SH
#!/bin/sh
exec java \${LUCENE_SEARCH_JAVA_OPTS:--Xmx1g} -cp "$BUILD/lucene:$cp" LuceneSearch "\$@"
SH
  chmod +x "$BUILD/lucene_index" "$BUILD/lucene_search"
  gcc -std=c11 -D_GNU_SOURCE $cf -c "$HERE/common/jsonl.c" -o "$BUILD/jsonl.o"
  gcc -std=c11 -D_GNU_SOURCE $cf -c "$HERE/common/bench.c" -o "$BUILD/bench.o"
  g++ -std=c++17 $cf "$HERE/xapian/xapian_index.cc" "$BUILD/jsonl.o" "$BUILD/bench.o" -lxapian -lz -lm -o "$BUILD/xapian_index"
  g++ -std=c++17 $cf "$HERE/xapian/xapian_search.cc" "$BUILD/bench.o" -lxapian -lm -o "$BUILD/xapian_search"
  gcc -std=c11 -D_GNU_SOURCE $cf "$HERE/sqlite/sqlite_index.c" "$BUILD/jsonl.o" "$BUILD/bench.o" -lsqlite3 -lz -lm -o "$BUILD/sqlite_index"
  gcc -std=c11 -D_GNU_SOURCE $cf "$HERE/sqlite/sqlite_search.c" "$BUILD/bench.o" -lsqlite3 -lm -o "$BUILD/sqlite_search"
}
log "building the drivers into $BUILD"
build
[ "$BUILD_ONLY" = 1 ] && exit 0

[ -r "$INPUT" ] || { echo "run.sh: cannot read input $INPUT" >&2; exit 2; }
[ -r "$QUERIES" ] || { echo "run.sh: cannot read queries $QUERIES" >&2; exit 2; }
mkdir -p "$WORK"
INPUT=$(cd "$(dirname "$INPUT")" && pwd)/$(basename "$INPUT")
QUERIES=$(cd "$(dirname "$QUERIES")" && pwd)/$(basename "$QUERIES")

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# index PEER INDEX_PATH CMD...: runs the index command, recording wall time,
# peak RSS, size and output.
index() {
  local peer=$1 path=$2 t0 t1; shift 2
  rm -rf "$path"
  log "$peer: indexing $(basename "$INPUT")"
  t0=$(now_ms)
  /usr/bin/time -f %M -o "$WORK/$peer.index.rss_kb" "$@" > "$WORK/$peer.index.out"
  t1=$(now_ms)
  echo $((t1 - t0)) > "$WORK/$peer.index.wall_ms"
  du -sb "$path" | cut -f1 > "$WORK/$peer.index.bytes"
  cat "$WORK/$peer.index.out" >&2
}
# search PEER CMD...: runs the search command with peak RSS.
search() {
  local peer=$1; shift
  log "$peer: searching (k=$K, $PASSES passes)"
  /usr/bin/time -f %M -o "$WORK/$peer.search.rss_kb" "$@" > "$WORK/$peer.search.json"
  cat "$WORK/$peer.search.json" >&2
}

RAN=()
for peer in ${PEERS//,/ }; do
  case "$peer" in
    lucene)
      [ "$DO_INDEX" = 1 ] && index lucene "$WORK/lucene-index" "$BUILD/lucene_index" "$INPUT" "$WORK/lucene-index"
      search lucene "$BUILD/lucene_search" -k "$K" --passes "$PASSES" --warmup "$LUCENE_WARMUP" --latencies "$WORK/lucene.lat" "$WORK/lucene-index" "$QUERIES"
      ;;
    xapian)
      [ "$DO_INDEX" = 1 ] && index xapian "$WORK/xapian-index" "$BUILD/xapian_index" "$INPUT" "$WORK/xapian-index"
      search xapian "$BUILD/xapian_search" -k "$K" --passes "$PASSES" --latencies "$WORK/xapian.lat" "$WORK/xapian-index" "$QUERIES"
      ;;
    sqlite)
      [ "$DO_INDEX" = 1 ] && index sqlite "$WORK/sqlite.db" "$BUILD/sqlite_index" "$INPUT" "$WORK/sqlite.db"
      search sqlite "$BUILD/sqlite_search" -k "$K" --passes "$PASSES" --latencies "$WORK/sqlite.lat" "$WORK/sqlite.db" "$QUERIES"
      ;;
    acquis)
      if [ ! -x "$ACQUIS" ] || ! "$ACQUIS" bench --help >/dev/null 2>&1; then
        log "acquis: skipped ($ACQUIS missing or without 'bench')"
        continue
      fi
      [ "$DO_INDEX" = 1 ] && index acquis "$WORK/acquis-index" "$ACQUIS" index -o "$WORK/acquis-index" "$INPUT"
      search acquis "$ACQUIS" bench -i "$WORK/acquis-index" --queries "$QUERIES" -k "$K" --passes "$PASSES" --or "$ACQUIS_OR" --json
      # per query length: acquis bench on the queries of each length
      rm -f "$WORK"/acquis.search.*.json "$WORK"/acquis.lat
      for b in $(python3 "$HERE/report.py" split "$WORK" "$QUERIES"); do
        "$ACQUIS" bench -i "$WORK/acquis-index" --queries "$WORK/queries.$b.tsv" -k "$K" --passes "$PASSES" --or "$ACQUIS_OR" --json \
          > "$WORK/acquis.search.$b.json"
      done
      ;;
    *) echo "run.sh: unknown peer $peer" >&2; exit 2 ;;
  esac
  RAN+=("$peer")
done

[ ${#RAN[@]} -gt 0 ] || { echo "run.sh: no peer ran" >&2; exit 1; }
python3 "$HERE/report.py" table "$WORK" "$QUERIES" "$INPUT" "$K" "$PASSES" "${RAN[@]}"
log "raw figures: $WORK/results.json"
