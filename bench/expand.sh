#!/usr/bin/env bash
# expand.sh: what query expansion by instrument names does on jha-en
# (bench/README.md, "Instruments by name"): citing acts by grep, by the
# extractor and by cites:, relevant acts in the top 10 and top 100 of each
# instrument's colloquial name with and without expansion, and the latency
# of both.
#
#   bench/expand.sh [--input FILE] [--workdir DIR] [--runs N] [--no-index]
#
# Builds build/ with -DACQ_BUILD_BENCH=ON, indexes FILE (default
# ../shared/corpus/jha-en.jsonl.gz) into WORKDIR/index (default
# /tmp/acq-expand; --no-index reuses it), then runs
#   build/bench/expand_bench WORKDIR/index FILE RUNS
# which prints the Markdown tables (bench/expand_bench.c says what each
# column is and by which rule the instruments and the relevant acts are
# chosen).
set -euo pipefail
cd "$(dirname "$0")/.."
input=../shared/corpus/jha-en.jsonl.gz
workdir=/tmp/acq-expand
runs=21
index=1
while [ $# -gt 0 ]; do
    case "$1" in
    --input) input=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-index) index=0; shift ;;
    *) echo "expand.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
cmake -S . -B build -DACQ_BUILD_BENCH=ON > /dev/null
cmake --build build -j 2 --target acquis expand_bench > /dev/null
mkdir -p "$workdir"
if [ "$index" = 1 ]; then
    build/acquis index -q -o "$workdir/index" "$input"
fi
build/bench/expand_bench "$workdir/index" "$input" "$runs"
