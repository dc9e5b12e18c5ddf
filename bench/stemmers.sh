#!/usr/bin/env bash
# stemmers.sh: how much each language's stemmer conflates, on real EU law.
#
#   bench/stemmers.sh [--sample N] [CODE ...]
#
# Builds bench/stemmers_bench.c (in build-bench/, -DACQ_BUILD_BENCH=ON) and
# runs it on ../shared/corpus/eurlex-24 (4 acts per language, 10-33 k words;
# see its PROVENANCE.tsv). Per language it prints the distinct word forms
# (unstemmed terms of letters only, stopwords dropped), the stems they make,
# the share of forms whose stem is shared with another form, forms per stem,
# and which stemmer ran. --sample N adds, per language, the 8 largest stem
# groups and N random ones, to judge over-stemming by eye. CODE limits the run
# to some languages (bg cs et ...). The figures are in README.md
# ("Languages") and bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus="$here/../shared/corpus/eurlex-24"
if [ ! -d "$corpus" ]; then
  echo "stemmers.sh: $corpus is not there: it holds the text this measures" >&2
  exit 2
fi
cmake -S "$here" -B "$here/build-bench" -DACQ_BUILD_BENCH=ON -DACQ_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$here/build-bench" -j 2 --target stemmers_bench > /dev/null
exec "$here/build-bench/bench/stemmers_bench" "$corpus" "$@"
