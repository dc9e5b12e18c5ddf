#!/usr/bin/env bash
# relevance_lab.sh: issue 13's figures. Every retrieval model and feedback
# method of acquis on two collections, beside BM25: MAP, P@10, nDCG@10,
# R@1000 (acquis eval, trec_eval's definitions), the p-values of each
# configuration's MAP against BM25 (k1 0.9, b 0.4; paired t-test and
# randomisation test over the topics), and the cost in time per query.
#
#   bench/relevance_lab.sh [--reps N] [--keep DIR]
#
#   --reps N    timed runs of each configuration (default 3; the median is
#               quoted, wall clock of `acquis batch -j 1 -k 1000` over all
#               topics, divided by the number of topics)
#   --keep DIR  leave indexes, runs and settings in DIR
#
# The collections:
#  - Cranfield (../shared/eval/cranfield): 1,400 abstracts, 225 topics, its
#    graded qrels;
#  - EuroVoc-JHA, built here from ../shared/corpus/jha-en.jsonl.gz (31,420
#    acts): a topic is a EuroVoc descriptor's label used as the query
#    ("police cooperation"), its relevant documents the acts indexed with
#    that descriptor (grade 1; every other act counts as not relevant). The
#    descriptors are those carried by 20 to 200 acts, sorted by label, every
#    8th taken: a rule fixed before any figure was seen. The descriptors
#    themselves are not indexed as text (acquis keeps them as a keyword
#    field that plain queries do not search), so a query has to find its
#    acts through their titles and texts.
# Fixed settings, none tuned on these topics: BM25 k1 0.9 b 0.4 (Lucene's
# row of ../shared/eval/README.md) under every variant, QL mu 1000, RM3
# and Bo1 at Anserini's and Terrier's defaults, title weight 2. "RRF of the
# best two" fuses, on each collection, the two single configurations with
# the best MAP on the OTHER collection, so that no choice is made by looking
# at the figures it reports.
#
# Environment: BUILD (default build), SHARED (default ../shared beside the
# repository).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BUILD=${BUILD:-$ROOT/build}
REPS=3 KEEP=
while [ $# -gt 0 ]; do
    case $1 in
        --reps) REPS=$2; shift 2 ;;
        --keep) KEEP=$2; shift 2 ;;
        -h|--help) sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "relevance_lab.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
CRAN="$SHARED/eval/cranfield"
JHA="$SHARED/corpus/jha-en.jsonl.gz"
for f in "$CRAN/docs.jsonl.gz" "$CRAN/topics.tsv" "$CRAN/qrels.txt" "$JHA"; do
    [ -f "$f" ] || { echo "relevance_lab.sh: $f is missing" >&2; exit 2; }
done
cmake -S "$ROOT" -B "$BUILD" >/dev/null
CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-1} cmake --build "$BUILD" --target acquis >/dev/null
ACQUIS="$BUILD/acquis"
if [ -n "$KEEP" ]; then
    WORK=$KEEP
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/acquis-lab-XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
fi

# ---- the collections ---------------------------------------------------------
mkdir -p "$WORK/cranfield" "$WORK/eurovoc"
cp "$CRAN/topics.tsv" "$CRAN/qrels.txt" "$WORK/cranfield/"
"$ACQUIS" index --quiet -o "$WORK/cranfield/index" "$CRAN/docs.jsonl.gz" >&2
python3 - "$JHA" "$WORK/eurovoc" <<'PY'
import collections, gzip, json, sys
src, out = sys.argv[1], sys.argv[2]
docs = collections.defaultdict(list)
with gzip.open(src, "rt", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        for e in d.get("eurovoc") or []:
            docs[e].append(d["id"])
labels = sorted(e for e, ids in docs.items() if 20 <= len(set(ids)) <= 200)
chosen = labels[::8]
with open(out + "/topics.tsv", "w", encoding="utf-8") as t, open(out + "/qrels.txt", "w") as q:
    for i, e in enumerate(chosen, 1):
        t.write(f"{i}\t{e}\n")
        for doc in sorted(set(docs[e])):
            q.write(f"{i} 0 {doc} 1\n")
print(f"EuroVoc-JHA: {len(chosen)} topics of {len(labels)} descriptors held by 20-200 acts", file=sys.stderr)
PY
"$ACQUIS" index --quiet -o "$WORK/eurovoc/index" "$JHA" >&2

CONFIGS=(
    "bm25|BM25 (0.9, 0.4)|--k1 0.9 --b 0.4"
    "bm25-1.2|BM25 (1.2, 0.75)|--k1 1.2 --b 0.75"
    "rm3|BM25 + RM3|--rm3"
    "bo1|BM25 + Bo1|--bo1"
    "ql|QL-Dirichlet (mu 1000)|--model ql --mu 1000"
    "dph|DPH|--model dph"
    "dph-bo1|DPH + Bo1|--model dph --bo1"
    "sdm|SDM (BM25)|--model sdm"
    "title2|BM25, title weight 2|--title-weight 2"
)

# ---- runs and timings ----------------------------------------------------------
# The repetitions go round all configurations in turn, so that a change of
# load on the machine falls on every configuration alike.
for coll in cranfield eurovoc; do
    D="$WORK/$coll"
    : > "$D/times.raw"
    for ((r = 0; r < REPS; r++)); do
        for c in "${CONFIGS[@]}"; do
            IFS='|' read -r name label opts <<<"$c"
            s=$(date +%s.%N)
            # shellcheck disable=SC2086
            "$ACQUIS" batch -i "$D/index" --topics "$D/topics.tsv" -k 1000 $opts --tag "$name" \
                -o "$D/$name.run" 2>/dev/null
            e=$(date +%s.%N)
            echo "$name $(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }')" >> "$D/times.raw"
        done
    done
    : > "$D/times.txt"
    for c in "${CONFIGS[@]}"; do
        name=${c%%|*}
        awk -v n="$name" '$1 == n { print $2 }' "$D/times.raw" | sort -n |
            awk -v n="$name" '{ a[NR] = $1 } END { print n, a[int((NR + 1) / 2)] }' >> "$D/times.txt"
    done
    "$ACQUIS" eval --json -m map "$D/qrels.txt" $(for c in "${CONFIGS[@]}"; do echo "$D/${c%%|*}.run"; done) \
        > "$D/maps.json"
done
# the best two single configurations of each collection, by MAP
best_two() {
    python3 -c '
import json, os, sys
runs = json.load(open(sys.argv[1]))["runs"]
runs.sort(key=lambda r: (-r["map"], r["run"]))
print(" ".join(os.path.basename(r["run"])[:-4] for r in runs[:2]))' "$1"
}
read -r a1 a2 <<<"$(best_two "$WORK/eurovoc/maps.json")"
read -r b1 b2 <<<"$(best_two "$WORK/cranfield/maps.json")"
"$ACQUIS" fuse -o "$WORK/cranfield/rrf.run" "$WORK/cranfield/$a1.run" "$WORK/cranfield/$a2.run"
"$ACQUIS" fuse -o "$WORK/eurovoc/rrf.run" "$WORK/eurovoc/$b1.run" "$WORK/eurovoc/$b2.run"
echo "rrf-cranfield $a1+$a2" > "$WORK/cranfield/rrf.txt"
echo "rrf-eurovoc $b1+$b2" > "$WORK/eurovoc/rrf.txt"

# ---- tables ---------------------------------------------------------------------
for coll in cranfield eurovoc; do
    D="$WORK/$coll"
    runs=$(for c in "${CONFIGS[@]}"; do echo "$D/${c%%|*}.run"; done; echo "$D/rrf.run")
    # shellcheck disable=SC2086
    "$ACQUIS" eval --json -m map -m P.10 -m ndcg_cut.10 -m recall.1000 "$D/qrels.txt" $runs > "$D/all.json"
    python3 - "$D" "$coll" "${CONFIGS[@]}" <<'PY'
import json, os, sys
d, coll, configs = sys.argv[1], sys.argv[2], sys.argv[3:]
labels = {c.split("|")[0]: c.split("|")[1] for c in configs}
fused = open(d + "/rrf.txt").read().split()[1]
labels["rrf"] = "RRF of " + " and ".join(labels[x] for x in fused.split("+"))
times = dict(l.split() for l in open(d + "/times.txt"))
data = json.load(open(d + "/all.json"))
nq = len(open(d + "/topics.tsv").read().splitlines())
base = float(times["bm25"]) / nq
title = {"cranfield": "Cranfield", "eurovoc": "EuroVoc-JHA"}[coll]
print(f"\n{title} ({data['runs'][0]['num_q']} topics evaluated), top 1,000; p: MAP against BM25 (0.9, 0.4)\n")
print("| configuration | MAP | P@10 | nDCG@10 | R@1000 | p (t-test) | p (randomisation) | ms/query | vs BM25 |")
print("| --- | --: | --: | --: | --: | --: | --: | --: | --: |")
for r in data["runs"]:
    name = os.path.basename(r["run"])[:-4]
    t = r.get("p_t_test", {}).get("map")
    p = r.get("p_randomization", {}).get("map")
    fmt = lambda v: "" if v is None else ("<0.0001" if v < 0.0001 else f"{v:.4f}")
    ms = float(times[name]) / nq * 1000 if name in times else None
    ratio = f"{float(times[name]) / nq / base:.2f}x" if name in times else "(sum of its two)"
    print(f"| {labels[name]} | {r['map']:.4f} | {r['P_10']:.4f} | {r['ndcg_cut_10']:.4f} | {r['recall_1000']:.4f} "
          f"| {fmt(t)} | {fmt(p)} | {'' if ms is None else f'{ms:.2f}'} | {ratio} |")
PY
done
echo
echo "Timing: median of $REPS runs of acquis batch -j 1 -k 1000 (process start, index open and all topics), per topic."
