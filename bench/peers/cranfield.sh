#!/usr/bin/env bash
# cranfield.sh: a light correctness check of the three peer drivers. Builds
# them (run.sh --build-only), indexes the Cranfield collection with each,
# searches its 225 topics at k=1000 writing TREC runs, and scores the runs
# with trec_eval.py against the qrels. Expected (../shared/eval/README.md):
# Lucene MAP 0.2879, Xapian 0.2827, SQLite FTS5 0.3009.
#
#   bench/peers/cranfield.sh [--workdir DIR]     (default /tmp/acquis-peers/cranfield)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
C="$ROOT/../shared/eval/cranfield"
WORK=/tmp/acquis-peers/cranfield
[ "${1:-}" = --workdir ] && WORK=$2
"$HERE/run.sh" --build-only
B="$HERE/build"
mkdir -p "$WORK"
"$B/lucene_index" "$C/docs.jsonl.gz" "$WORK/lucene-index" >&2
"$B/lucene_search" -k 1000 --run "$WORK/lucene.run" "$WORK/lucene-index" "$C/topics.tsv" >&2
"$B/xapian_index" "$C/docs.jsonl.gz" "$WORK/xapian-index" >&2
"$B/xapian_search" -k 1000 --run "$WORK/xapian.run" "$WORK/xapian-index" "$C/topics.tsv" >&2
"$B/sqlite_index" "$C/docs.jsonl.gz" "$WORK/sqlite.db" >&2
"$B/sqlite_search" -k 1000 --run "$WORK/sqlite.run" "$WORK/sqlite.db" "$C/topics.tsv" >&2
python3 "$HERE/trec_eval.py" "$C/qrels.txt" "$WORK/lucene.run" "$WORK/xapian.run" "$WORK/sqlite.run"
