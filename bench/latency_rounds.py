#!/usr/bin/env python3
"""latency_rounds.py: the table of bench/latency_rounds.sh.

    python3 bench/latency_rounds.py WORKDIR ROUNDS QUERIES

Reads WORKDIR/round-R/ (R = 1..ROUNDS) and prints, per figure, the median
over the rounds of Lucene's and acquis's values and the median of the
per-round acquis/Lucene ratios, plus each round's ratio. Lucene's figures
are recomputed from its per-query latencies (lucene.*.lat) by the rule of
`acquis bench`: the value at index round(p/100 (n-1)) of the sorted
per-query best latencies. Standard library only.
"""
import json
import os
import statistics
import sys


def pct(vals, p):
    v = sorted(vals)
    return v[int(round(p / 100.0 * (len(v) - 1)))]


def lat(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1]:
                out[parts[0]] = float(parts[1])
    return out


def words(queries):
    out = {}
    with open(queries, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line:
                qid, _, text = line.partition("\t")
                out[qid] = len(text.split())
    return out


def bucket(n):
    return "1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-8"


def main():
    work, rounds, queries = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    nwords = words(queries)
    rows = []  # (label, [lucene per round], [acquis per round])

    def add(label, luc, acq):
        rows.append((label, luc, acq))

    per = []
    for r in range(1, rounds + 1):
        d = os.path.join(work, "round-%d" % r)
        res = json.load(open(os.path.join(d, "or.json")))
        acq = res["peers"]["acquis"]
        llat = lat(os.path.join(d, "lucene.or.lat"))
        wand = json.load(open(os.path.join(d, "acquis.wand.json")))
        wand1 = json.load(open(os.path.join(d, "acquis.wand.1.json")))
        one = [v for q, v in llat.items() if nwords.get(q) == 1]
        x = {
            "or": (list(llat.values()), acq["search"]),
            "or1": (one, acq["search_by_words"]["1"]),
            "wand": (list(llat.values()), wand),
            "wand1": (one, wand1),
        }
        for c in ("and", "phrases"):
            x[c] = (list(lat(os.path.join(d, "lucene.%s.lat" % c)).values()),
                    json.load(open(os.path.join(d, "acquis.%s.json" % c))))
        load = open(os.path.join(d, "load.txt")).read().strip() if os.path.exists(os.path.join(d, "load.txt")) else ""
        per.append((x, load))

    figures = [
        ("ranked OR, all 1,000: p50", "or", 50), ("ranked OR, all 1,000: p95", "or", 95),
        ("ranked OR, all 1,000: p99", "or", 99), ("ranked OR, all 1,000: mean", "or", 0),
        ("ranked OR, 1 word (310): p50", "or1", 50), ("ranked OR, 1 word (310): p99", "or1", 99),
        ("ranked OR by block-max WAND, all: p50", "wand", 50), ("ranked OR by block-max WAND, all: p99", "wand", 99),
        ("ranked OR by block-max WAND, 1 word: p99", "wand1", 99),
        ("AND (300): p50", "and", 50), ("AND (300): p99", "and", 99),
        ("phrase (300): p50", "phrases", 50), ("phrase (300): p99", "phrases", 99),
    ]
    print("| k=10, median of %d rounds | Lucene 8 µs | acquis µs | acquis / Lucene (median of rounds) | per round |" % rounds)
    print("| --- | ---: | ---: | ---: | --- |")
    for label, key, p in figures:
        lv, av, ratios = [], [], []
        for x, _ in per:
            lvals, ajs = x[key]
            l = statistics.mean(lvals) if p == 0 else pct(lvals, p)
            a = ajs["mean_us"] if p == 0 else ajs["p%d_us" % p]
            lv.append(l)
            av.append(a)
            ratios.append(a / l)
        print("| %s | %.0f | %.0f | %.2f | %s |" % (label, statistics.median(lv), statistics.median(av),
                                                  statistics.median(ratios), ", ".join("%.2f" % q for q in ratios)))
    for i, (_, load) in enumerate(per, 1):
        print("\nround %d: %s" % (i, load), end="")
    print()


if __name__ == "__main__":
    main()
