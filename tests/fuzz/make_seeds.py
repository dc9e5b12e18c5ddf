#!/usr/bin/env python3
"""make_seeds.py: writes the seed corpus of each harness into
tests/fuzz/corpus/<harness>/ (one file per seed, named by what it holds).
Every seed is written here by hand; none comes from ../shared. Run it after
changing a harness's input format; libFuzzer grows its own corpus from
these in build/fuzz/corpus/."""
import gzip
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def write(harness, name, data):
    d = os.path.join(HERE, "corpus", harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- fuzz_query: flags, sizes, more (3 bytes), then the query ---------------
# flags: 1 plain, 2 snippets, 4 count, 8 explain, 16 no_fields, 32/64 stopwords
# sizes: k = low 5 bits (0 = 10), offset = (high 3 bits) * 3, 255 = k 1000
# more: low 3 bits lang, bits 3-4 k1, 5-6 b, bit 7 also built queries
def query_seeds():
    queries = {
        "words": "police cooperation",
        "required": "+europol -frontex data",
        "boolean": "europol AND (schengen OR prüm) NOT visa",
        "phrase": '"police cooperation" encryption',
        "proximity": '"encryption lawful access"~5',
        "fields": 'title:europol title:"act 12" id:doc-7 celex:31995R0012 type:DIR lang:fr',
        "prefix": "interoperab* coop*",
        "dates": "data date:2015..2018 date:2016-05.. date:..1999-12-31",
        "citations": "Regulation (EU) 2016/794 C-311/18 Art. 5(1)(a) 2008/615/JHA",
        "accents": "coopération policière Übermittlung Straße PRÜM",
        "nested": "((a OR (b AND (c OR d))) AND -(e OR f)) +g",
        "errors": '"unclosed (group ~ ) date:2020..1999 x*',
        "stopwords": "the of and or not",
        "empty": "",
    }
    opts = {
        "plain": (1, 0, 0), "snippets": (2, 5, 0x80), "count": (4, 255, 0), "explain": (8, 3, 0x29),
        "nofields": (16, 0x41, 0x02), "all": (2 | 4 | 8, 255, 0x80 | 0x08 | 0x20),
    }
    names = sorted(opts)
    for i, (name, q) in enumerate(sorted(queries.items())):
        o = opts[names[i % len(names)]]
        write("fuzz_query", name, bytes(o) + q.encode("utf-8"))
    write("fuzz_query", "built-title-phrase", bytes((2, 10, 0x80 | 0x10)) + "police cooperation".encode())


if __name__ == "__main__":
    query_seeds()
    sys.exit(0)
