#!/usr/bin/env python3
"""trec_eval.py: MAP, P@10, nDCG@10 and recall@1000 of a TREC run, computed
as trec_eval 9 prints them (`-m map -m P.10 -m ndcg_cut.10 -m recall.1000`):
a document is relevant when its grade is >= 1; nDCG gains are the grades;
each query's ranking is re-sorted by score descending, ties by docid
descending (as trec_eval does); averages are over the queries that are in
both the run and the qrels (no -c). Standard library only.

    python3 trec_eval.py QRELS RUN [RUN ...]
"""
import math
import sys
from collections import defaultdict


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 4:
                continue
            qrels[parts[0]][parts[2]] = int(parts[3])
    return qrels


def read_run(path):
    run = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 6:
                continue
            run[parts[0]].append((float(parts[4]), parts[2]))
    for qid, docs in run.items():
        # score descending, then docid descending (trec_eval's order)
        docs.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return run


def evaluate(qrels, run):
    sums = defaultdict(float)
    n = 0
    for qid, docs in run.items():
        judged = qrels.get(qid)
        if judged is None:
            continue
        num_rel = sum(1 for g in judged.values() if g >= 1)
        if num_rel == 0:
            continue  # trec_eval skips queries without relevant documents
        n += 1
        hits = 0
        ap = 0.0
        dcg = 0.0
        for rank, (_, doc) in enumerate(docs[:1000], start=1):
            g = judged.get(doc, 0)
            if g >= 1:
                hits += 1
                ap += hits / rank
                if rank <= 10:
                    sums["P_10"] += 1 / 10
            if rank <= 10 and g > 0:
                dcg += g / math.log2(rank + 1)
        ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        sums["map"] += ap / num_rel
        sums["ndcg_cut_10"] += dcg / idcg if idcg > 0 else 0.0
        sums["recall_1000"] += hits / num_rel
    return {m: (v / n if n else 0.0) for m, v in sums.items()}, n


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    qrels = read_qrels(argv[1])
    for path in argv[2:]:
        m, n = evaluate(qrels, read_run(path))
        print(f"{path}\tqueries {n}\tmap {m.get('map', 0):.4f}\tP_10 {m.get('P_10', 0):.4f}\t"
              f"ndcg_cut_10 {m.get('ndcg_cut_10', 0):.4f}\trecall_1000 {m.get('recall_1000', 0):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
