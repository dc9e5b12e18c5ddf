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
    write("fuzz_query", "delete-query", bytes((0x80, 10, 0)) + "europol date:2000..2005".encode())
    write("fuzz_query", "document-id", bytes((0, 10, 0)) + "doc-42".encode())


# ---- fuzz_reader: flags (7: a writer too, 15: and a merge), u16 pick (4 queries, 2 ids), then patches (file, op,
# u32 offset, length, bytes) ---------------------------------------------------
# Files in name order: MANIFEST, then per segment .del-1 .doc .fdm .fdt .len
# .pos .tdi (22 files for the harness's three segments).
def patch(f, op, off, data):
    return bytes((f, op)) + struct.pack("<I", off) + bytes((len(data),)) + data


def reader_seeds():
    pick = [b"\x10\x32", b"\x54\x76", b"\x98\xba", b"\xdc\xfe"]
    write("fuzz_reader", "intact", b"\x00" + pick[0])
    write("fuzz_reader", "intact-writer", b"\x0f" + pick[1])
    write("fuzz_reader", "manifest-docs", b"\x00" + pick[2] + patch(0, 0, 0, b"acquis-index 1\ngeneration 9\nsegment seg-000000 999 1\n"))
    exts = ["del", "doc", "fdm", "fdt", "len", "pos", "tdi"]
    for seg in range(3):
        for k, ext in enumerate(exts):
            f = 1 + 7 * seg + k
            name = "seg%d-%s" % (seg, ext)
            write("fuzz_reader", name + "-u32", b"\x00" + pick[k % 4] + patch(f, 5, 12 + 8 * k, b"\xff\xff\xff\x7f"))
            write("fuzz_reader", name + "-xor", bytes((7 + 8 * (seg & 1) if k % 2 else 0,)) + pick[(k + 1) % 4] + patch(f, 1, 100 + 37 * k, b"\x5a\x01\x80"))
    write("fuzz_reader", "tdi-trailer", b"\x00" + pick[0] + patch(7, 5, 0xFFFFFFF0, b"\x00\x00\x00\x01"))
    write("fuzz_reader", "doc-insert", b"\x00" + pick[1] + patch(2, 2, 64, b"\x07\x00\x01"))
    write("fuzz_reader", "len-truncate", b"\x00" + pick[2] + patch(5, 4, 40, b""))
    write("fuzz_reader", "raw-footer", b"\x0f" + pick[3] + patch(2, 0x81, 0xFFFFFFFF, b"\x00"))
    write("fuzz_reader", "two-files", b"\x00" + pick[0] + patch(2, 0, 300, b"\x03\x00") + patch(6, 0, 300, b"\x20\x00"))


# ---- ingest: our own JSON Lines, text, Markdown, HTML ------------------------
JSONL = "\n".join([
    '{"id": "reg-2016-794", "title": "Europol Regulation", "text": "Europol supports police cooperation.\\nArticle 2: definitions.", "lang": "en", "date": "2016-05-11", "type": "REG", "celex": "32016R0794", "url": "https://example.org/a"}',
    '{"id": "dec-2008-615", "title": "Pr\\u00fcm Decision", "text": "DNA, fingerprints and vehicle registration data \\ud83d\\ude00", "lang": null, "date": "2008", "extra": {"nested": [1, 2.5e3, true, false, null]}}',
    "",
    '{"id": "fr-1", "title": "Coopération policière", "text": "Échange d\'informations\\t\\"cité\\" \\/ \\\\", "lang": "fr", "date": "2016-05"}',
    '{"id": "", "text": "an empty id is a problem"}',
    '{"id": "broken", "text": "no closing brace"',
    '{"id": 17, "text": "an id that is a number"}',
    '[1, 2, 3]',
    '{"id": "crlf", "text": "a line ending in CRLF"}\r',
]) + "\n"


def ingest_seeds():
    write("fuzz_ingest_jsonl", "plain", b"\x00" + JSONL.encode())
    write("fuzz_ingest_jsonl", "plain-commit", b"\x04" + JSONL.encode())
    write("fuzz_ingest_jsonl", "gzip-commit", b"\x05" + JSONL.encode())
    write("fuzz_ingest_jsonl", "raw-gzip", b"\x02" + gzip.compress(JSONL.encode(), mtime=0)[:40])
    write("fuzz_ingest_jsonl", "no-extension", b"\x03" + JSONL.encode()[:200])
    write("fuzz_ingest_jsonl", "invalid-utf8", b"\x04" + b'{"id": "x\xff", "text": "a\xc3"}\n{"id": "ok", "text": "\xe2\x82\xac"}\n')
    write("fuzz_ingest_jsonl", "escapes", b"\x04" + b'{"id": "\\u0000", "text": "\\ud800 \\udc00 \\u12"}\n{"id":"a\\nb","title":"\\b\\f\\r"}\n')

    md = "# Schengen Borders Code\n\nThe *external* borders.\n\n## Article 1\nText.\n"
    txt = "\n\n  European Arrest Warrant\nsurrender procedures between Member States\n"
    html = ("<!DOCTYPE html><html><head><title>E-evidence &amp; encryption</title>"
            "<style>p{color:red}</style><script>var x = '<p>';</script></head>"
            "<body><p>Lawful access&nbsp;to <b>enc</b>rypted data &#233;&#x20AC;&eacute;</p>"
            "<!-- a comment --><div>Article 5(1)(a)</div><li>one<li>two</body></html>")
    xml = "<?xml version='1.0'?><act><title>Directive</title><![CDATA[<not a tag> & text]]><p>Body</p></act>"

    def entry(kind, data):
        if isinstance(data, str):
            data = data.encode()
        return bytes((kind,)) + struct.pack("<H", len(data)) + data

    every = (entry(0, txt) + entry(1, md) + entry(2, html) + entry(4, xml) + entry(5, JSONL[:300])
             + entry(6, JSONL[:300]) + entry(0x10 | 8, txt) + entry(0x20 | 11, md))
    write("fuzz_ingest_folder", "every-kind", b"\x00" + every)
    write("fuzz_ingest_folder", "every-kind-commit", b"\x01" + every)
    write("fuzz_ingest_folder", "hidden-and-other", b"\x01" + entry(9, txt) + entry(0x30, txt) + entry(10, txt) + entry(13, JSONL[:200]))
    write("fuzz_ingest_folder", "link-loop", b"\x00" + entry(0, txt) + entry(0x40 | 0x10, b"") + entry(0x10 | 1, md))
    write("fuzz_ingest_folder", "fifo", b"\x00" + entry(0x80 | 5, b"") + entry(0, txt))
    write("fuzz_ingest_folder", "single-html", b"\x03" + entry(2, html))
    write("fuzz_ingest_folder", "single-md", b"\x02" + entry(1, md))
    write("fuzz_ingest_folder", "raw-gz", b"\x00" + entry(7, gzip.compress(JSONL.encode(), mtime=0)[:60]))

    write("fuzz_markup", "html", b"\x00" + html.encode())
    write("fuzz_markup", "xml", b"\x01" + xml.encode())
    write("fuzz_markup", "entities", b"\x00" + b"&amp;&lt;&gt;&quot;&apos;&#0;&#55296;&#x110000;&#xFFFF;&unknown;&amp &#; &#x; &Eacute&")
    write("fuzz_markup", "unclosed", b"\x00" + b"<title>open title <script>never closed <!-- nor this <![CDATA[")


# ---- fuzz_trec: mode, then the text --------------------------------------------
def trec_seeds():
    topics_tsv = "1\tEuropol data protection\n2\tPr\u00fcm DNA exchange\n\n3\t\"European Arrest Warrant\"\n"
    topics_sgml = ("<top>\n<num> Number: 401\n<title> police cooperation\n\n<desc> Description:\n"
                   "Documents on cross-border police cooperation.\n\n<narr> Narrative:\nRelevant acts name it.\n</top>\n"
                   "<top>\n<num> Number: 402\n<title> encryption\n</top>\n")
    qrels = "1 0 reg-2016-794 1\n1 0 dec-2008-615 0\n2 0 dec-2008-615 2\n2 0 fr-1 -1\n# comment\n3 0 x 1\n"
    run = ("1 Q0 reg-2016-794 1 12.5 bm25\n1 Q0 dec-2008-615 2 3.25 bm25\n2 Q0 fr-1 1 1e3 bm25\n"
           "2 Q0 dec-2008-615 2 -0.5 bm25\n4 Q0 y 1 1 bm25\n")
    write("fuzz_trec", "topics-tsv", b"\x00" + topics_tsv.encode())
    write("fuzz_trec", "topics-sgml-title", bytes((1 << 2,)) + topics_sgml.encode())
    write("fuzz_trec", "topics-sgml-all", bytes((7 << 2,)) + topics_sgml.encode())
    write("fuzz_trec", "topics-bom-crlf", b"\x00" + b"\xef\xbb\xbf" + topics_tsv.replace("\n", "\r\n").encode())
    write("fuzz_trec", "qrels", b"\x01" + qrels.encode())
    write("fuzz_trec", "run", b"\x02" + run.encode())
    write("fuzz_trec", "eval", b"\x03" + (qrels + "=====\n" + run).encode())
    write("fuzz_trec", "eval-duplicates", b"\x03" + (qrels + "=====\n" + run + run).encode())
    write("fuzz_trec", "fields-spec", bytes((0x20 | 2,)) + b"title+desc,narr")


# ---- fuzz_writer: options, then operations ------------------------------------
def writer_seeds():
    def add(k, title, text, lang=b"", date=b"", typ=b"", celex=b"", url=b"", ascii_=False):
        ident = bytes((k,)) if isinstance(k, int) else b"\xff" + bytes((len(k),)) + k
        out = bytes((8 if ascii_ else 0,)) + ident
        out += bytes((len(title),)) + title + struct.pack("<H", len(text)) + text
        for f in (lang, date, typ, celex, url):
            out += bytes((len(f),)) + f
        return out
    commit, merge = b"\x05", b"\x07"
    def delete(k):
        return b"\x04" + (bytes((k,)) if isinstance(k, int) else b"\xff" + bytes((len(k),)) + k)
    def delete_query(q):
        return b"\x06" + bytes((len(q),)) + q
    a = add(0, b"Europol", "Europol supports police cooperation between Member States.".encode(), b"en",
            b"2016-05-11", b"REG", b"32016R0794", b"https://example.org/794")
    b = add(1, "Prüm".encode(), "DNA, fingerprints, vehicle registration data.".encode(), b"de", b"2008")
    c = add(2, b"Visa", b"Visa Information System", b"fr", b"2008-06", b"DEC")
    write("fuzz_writer", "add-commit", b"\x00" + a + b + c + commit)
    write("fuzz_writer", "replace", b"\x01" + a + commit + add(0, b"Europol (recast)", b"new text") + commit)
    write("fuzz_writer", "delete", b"\x20" + a + b + commit + delete(1) + commit + add(1, b"back", b"again"))
    write("fuzz_writer", "delete-query", b"\x40" + a + b + c + commit + delete_query(b"europol date:2000..2010"))
    write("fuzz_writer", "flushes-merge", b"\x61" + (a + b + c + commit) * 4 + merge)
    write("fuzz_writer", "odd-ids", b"\x02" + add(b"id with spaces/\xc3\xa9", b"t", b"x") + add(b"a\x00b", b"t", b"x")
          + add(b"x" * 255, b"t", b"x") + add(0, b"", b"") + commit)
    write("fuzz_writer", "same-text", b"\x81" + add(3, b"A", b"shared text " * 20) + add(4, b"B", b"shared text " * 20)
          + add(5, b"C", b"shared text " * 20, ascii_=True) + commit + delete(4) + merge)
    # Enough documents for the flush rule (it looks up to 128 back) to write
    # runs with the tiny budget (opt bit 0), with one thread and with two.
    many = b"".join(add(i % 240, b"t%d" % i, (b"police cooperation w%d data w%d " % (i, i * 7 % 1000)) * 2,
                        ascii_=True) for i in range(420))
    write("fuzz_writer", "runs-one-thread", b"\x01" + many + commit)
    write("fuzz_writer", "runs-two-threads", b"\x05" + many + commit)


if __name__ == "__main__":
    query_seeds()
    reader_seeds()
    ingest_seeds()
    trec_seeds()
    writer_seeds()
    sys.exit(0)
