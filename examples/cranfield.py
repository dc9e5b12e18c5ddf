#!/usr/bin/env python3
"""cranfield.py: the Cranfield figure of bench/README.md (MAP 0.2902, P@10
0.2187, nDCG@10 0.3510, R@1000 0.9524 at k1 = 0.9, b = 0.4) from Python:
index the 1,400 abstracts, run the 225 topics, evaluate.

    python3 examples/cranfield.py [../shared/eval/cranfield] [INDEX_DIR]

Needs the acquis package (pip install ./python, or PYTHONPATH=python) and
libacquis (see python/README.md)."""
import gzip
import json
import sys
import tempfile
from pathlib import Path

import acquis

data = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/eval/cranfield")
tmp = tempfile.TemporaryDirectory(prefix="cranfield-")  # the index, unless INDEX_DIR is given
index = sys.argv[2] if len(sys.argv) > 2 else tmp.name

with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as f, acquis.Writer(index, replace=True) as w:
    w.add_many(json.loads(line) for line in f)

run = acquis.batch(index, data / "topics.tsv", k=1000)          # = acquis batch
ev = acquis.evaluate(data / "qrels.txt", run)                    # = acquis eval
print("MAP %.4f  P@10 %.4f  nDCG@10 %.4f  R@1000 %.4f  (%d topics)"
      % (ev["map"], ev["P_10"], ev["ndcg_cut_10"], ev["recall_1000"], ev.num_q))
tmp.cleanup()
