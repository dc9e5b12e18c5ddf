#!/usr/bin/env python3
"""report.py: turns the raw outputs that run.sh leaves in its work directory
into one Markdown table (stdout, and results.md) and results.json.

    python3 report.py split WORKDIR QUERIES          # per-length query files
    python3 report.py table WORKDIR QUERIES INPUT K PASSES PEER...

Per peer, run.sh leaves in WORKDIR:
  PEER.index.out     the index command's output: the drivers' JSON line
                     (acquis's is kept but not read: run.sh's own figures count)
  PEER.index.wall_ms wall time of the whole index process, measured by run.sh
  PEER.index.rss_kb  peak RSS of the index process (/usr/bin/time -f %M)
  PEER.index.bytes   du -sb of the index
  PEER.search.json   the search driver's JSON line (acquis: bench --json)
  PEER.search.rss_kb peak RSS of the search process
  PEER.lat           qid<TAB>best_us<TAB>hits per query (the three peers)
  PEER.search.LEN.json  acquis only: bench --json on the queries of one length
Latency statistics over per-query best latencies, percentiles by nearest
rank (value at rank ceil(p/100*n)), as the drivers compute them.
Standard library only.
"""
import datetime
import gzip
import json
import math
import os
import platform
import sys

BUCKETS = [("1", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5-8", 5, 8), ("9+", 9, 10**9)]
NAMES = {"lucene": "Lucene", "xapian": "Xapian", "sqlite": "SQLite FTS5", "acquis": "acquis"}


def bucket_of(nwords):
    for name, lo, hi in BUCKETS:
        if lo <= nwords <= hi:
            return name
    return "0"


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            qid, _, text = line.partition("\t")
            out.append((qid, text))
    return out


def pct(sorted_vals, p):
    n = len(sorted_vals)
    if n == 0:
        return None
    r = min(max(int(math.ceil(p / 100.0 * n)), 1), n)
    return sorted_vals[r - 1]


def summarise(vals):
    v = sorted(vals)
    if not v:
        return None
    mean = sum(v) / len(v)
    return {"queries": len(v), "mean_us": mean, "p50_us": pct(v, 50), "p95_us": pct(v, 95),
            "p99_us": pct(v, 99), "max_us": v[-1], "qps": 1e6 / mean if mean > 0 else None}


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
    except FileNotFoundError:
        return None
    # the last line that parses as a JSON object
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                pass
    try:
        return json.loads(text)
    except ValueError:
        return None


def read_num(path):
    try:
        with open(path, encoding="utf-8") as f:
            s = f.read().split()
        return float(s[-1]) if s else None
    except (FileNotFoundError, ValueError):
        return None


def text_bytes_of(path):
    """UTF-8 bytes of title + text over the input (fallback when no driver says)."""
    opener = gzip.open if path.endswith(".gz") else open
    n = docs = 0
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                n += len((d.get("title") or "").encode()) + len((d.get("text") or "").encode())
                docs += 1
    return n, docs


def cmd_split(work, queries):
    groups = {}
    for qid, text in read_queries(queries):
        groups.setdefault(bucket_of(len(text.split())), []).append((qid, text))
    for name, qs in groups.items():
        with open(os.path.join(work, f"queries.{name}.tsv"), "w", encoding="utf-8") as f:
            for qid, text in qs:
                f.write(f"{qid}\t{text}\n")
        print(name)


def collect(work, peer, qlen):
    r = {"peer": peer}
    ij = None if peer == "acquis" else read_json(os.path.join(work, f"{peer}.index.out"))
    if ij:
        r["index_driver"] = ij
    r["index_process_ms"] = read_num(os.path.join(work, f"{peer}.index.wall_ms"))
    r["index_ms"] = ij.get("index_ms") if ij and ij.get("index_ms") is not None else r["index_process_ms"]
    kb = read_num(os.path.join(work, f"{peer}.index.rss_kb"))
    r["index_peak_rss_bytes"] = kb * 1024 if kb is not None else None
    r["index_bytes"] = read_num(os.path.join(work, f"{peer}.index.bytes"))
    sj = read_json(os.path.join(work, f"{peer}.search.json"))
    r["search_driver"] = sj
    kb = read_num(os.path.join(work, f"{peer}.search.rss_kb"))
    r["search_peak_rss_bytes"] = kb * 1024 if kb is not None else None
    lat_path = os.path.join(work, f"{peer}.lat")
    by_len = {}
    overall = None
    if os.path.exists(lat_path):
        vals, groups = [], {}
        with open(lat_path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2:
                    continue
                us = float(parts[1])
                vals.append(us)
                groups.setdefault(bucket_of(qlen.get(parts[0], 0)), []).append(us)
        overall = summarise(vals)
        by_len = {b: summarise(v) for b, v in groups.items()}
    else:
        if sj:
            overall = {k: sj.get(k) for k in ("queries", "mean_us", "p50_us", "p95_us", "p99_us", "qps")}
        for name, _, _ in BUCKETS:
            bj = read_json(os.path.join(work, f"{peer}.search.{name}.json"))
            if bj:
                by_len[name] = {k: bj.get(k) for k in ("queries", "mean_us", "p50_us", "p95_us", "p99_us", "qps")}
    r["search"] = overall
    r["search_by_words"] = by_len
    return r


def fmt(v, nd=0, scale=1.0):
    if v is None:
        return "—"
    x = v / scale
    return f"{x:,.{nd}f}"


def cmd_table(work, queries, inp, k, passes, peers):
    qs = read_queries(queries)
    qlen = {qid: len(text.split()) for qid, text in qs}
    counts = {}
    for _, text in qs:
        b = bucket_of(len(text.split()))
        counts[b] = counts.get(b, 0) + 1
    res = [collect(work, p, qlen) for p in peers]
    text_bytes = docs = None
    for r in res:
        d = r.get("index_driver") or {}
        if d.get("text_bytes"):
            text_bytes, docs = d["text_bytes"], d.get("docs")
            break
    if text_bytes is None:
        text_bytes, docs = text_bytes_of(inp)

    def ver(r):
        d = r.get("index_driver") or {}
        for key in ("lucene", "xapian", "sqlite"):
            if key in d:
                return f"{NAMES[r['peer']]} {d[key]}"
        return NAMES.get(r["peer"], r["peer"])

    rows = []
    rows.append(("index build, s", [fmt(r["index_ms"], 1, 1000) for r in res]))
    rows.append(("index build, whole process, s", [fmt(r["index_process_ms"], 1, 1000) for r in res]))
    rows.append(("indexing throughput, MB text/s",
                 [fmt(text_bytes / (r["index_ms"] / 1000) / 1e6, 1) if r["index_ms"] else "—" for r in res]))
    rows.append(("index size, MB", [fmt(r["index_bytes"], 1, 1e6) for r in res]))
    rows.append(("index size / text", [f"{r['index_bytes'] / text_bytes:.0%}" if r["index_bytes"] else "—" for r in res]))
    rows.append(("peak RSS indexing, MB", [fmt(r["index_peak_rss_bytes"], 0, 1e6) for r in res]))
    rows.append(("peak RSS searching, MB", [fmt(r["search_peak_rss_bytes"], 0, 1e6) for r in res]))
    for key, label in (("p50_us", "p50"), ("p95_us", "p95"), ("p99_us", "p99"), ("mean_us", "mean")):
        rows.append((f"latency {label}, µs (all {len(qs)} queries)",
                     [fmt((r["search"] or {}).get(key), 0) for r in res]))
    rows.append(("queries per second (1e6 / mean)", [fmt((r["search"] or {}).get("qps"), 0) for r in res]))
    for name, _, _ in BUCKETS:
        if name not in counts:
            continue
        cells = []
        for r in res:
            s = r["search_by_words"].get(name)
            cells.append("—" if not s else " / ".join(fmt(s.get(x), 0) for x in ("p50_us", "p95_us", "p99_us")))
        words = "word" if name == "1" else "words"
        rows.append((f"p50 / p95 / p99 µs, {name} {words} ({counts[name]} q)", cells))
    rows.append(("results returned (sum over queries)",
                 [fmt((r["search_driver"] or {}).get("hits"), 0) for r in res]))

    head = [f"k={k}, {passes} passes"] + [ver(r) for r in res]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(["---"] + ["---:"] * len(res)) + " |"]
    for label, cells in rows:
        lines.append("| " + " | ".join([label] + cells) + " |")
    notes = [f"Input: {os.path.basename(inp)}, {docs:,} documents, {text_bytes / 1e6:,.1f} MB of title+text (UTF-8); "
             f"queries: {os.path.basename(queries)}, {len(qs)}; MB = 10^6 bytes."]
    for r in res:
        d = r.get("index_driver") or {}
        if r["peer"] == "sqlite" and d.get("content_bytes"):
            notes.append(f"SQLite's file includes FTS5's own copy of the documents (t_content, "
                         f"{d['content_bytes'] / 1e6:,.1f} MB); its full-text index proper is "
                         f"{d['fts_index_bytes'] / 1e6:,.1f} MB.")
    table = "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"
    print(table, end="")
    with open(os.path.join(work, "results.md"), "w", encoding="utf-8") as f:
        f.write(table)
    out = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "mem_bytes": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")},
        "input": os.path.abspath(inp), "docs": docs, "text_bytes": text_bytes,
        "queries_file": os.path.abspath(queries), "queries": len(qs), "queries_by_words": counts,
        "k": int(k), "passes": int(passes),
        "peers": {r["peer"]: r for r in res},
    }
    with open(os.path.join(work, "results.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main(argv):
    if len(argv) >= 4 and argv[1] == "split":
        cmd_split(argv[2], argv[3])
        return 0
    if len(argv) >= 8 and argv[1] == "table":
        cmd_table(argv[2], argv[3], argv[4], argv[5], argv[6], argv[7:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
