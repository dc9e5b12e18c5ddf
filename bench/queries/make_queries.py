#!/usr/bin/env python3
"""make_queries.py: phrase and AND benchmark queries from a passages file.

    python3 bench/queries/make_queries.py [--seed N] [--phrases N] [--and N]
                                          [--out DIR] INPUT.jsonl[.gz]

Reads the JSON Lines passages (fields id, title, text; plain or .gz) and
writes, with a fixed seed (default 20261123), so that the same input always
gives the same files:

  DIR/phrases.tsv  qid<TAB>"w1 w2" or "w1 w2 w3": N phrases (default 300, half
                   two words, half three) that occur in the text: consecutive
                   words of a randomly chosen passage, separated by one space
                   only (no punctuation, no line break between them).
  DIR/and.tsv      qid<TAB>+w1 +w2 ...: N conjunctions (default 300) of 2, 3
                   or 4 distinct words (a third each) that all occur in one
                   randomly chosen passage.

A word is a run of ASCII letters of at least 2 characters, written lowercase.
The words of an AND query differ in their first five letters, so that no two
of them are likely to stem to the same term (state, states).
The first and last word of a phrase and every word of an AND query is not
a stop word of the 33-word English list that both acquis
(src/analysis/stopwords.c) and Lucene's EnglishAnalyzer use; the middle word
of a three-word phrase may be one ("freedom of movement": both engines keep
the position gap). So every query means the same in acquis's query language
and in Lucene's classic QueryParser syntax: no operators (AND OR NOT are
lowercase stop words here), no field names, no wildcards. Positions in the
text are drawn uniformly over word occurrences, so frequent phrases and words
are drawn more often, as users type them. Duplicates are skipped. Python 3
standard library only.
"""
import argparse
import gzip
import json
import os
import random
import re
import sys

# The English stop words of acquis (src/analysis/stopwords.c), the same 33 as
# Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.
STOP = frozenset("""a an and are as at be but by for if in into is it no not of on
or such that the their then there these they this to was will with""".split())

# A word: ASCII letters with no letter, digit, apostrophe or hyphen glued on
# either side, and no '.', ':', '/', '@' or '_' between it and another letter
# or digit (so "Member State's", "cross-border", "europa.eu" or "615/JHA"
# give no word there: the tokenizers may keep those whole).
WORD = re.compile(r"(?<![\w'\u2019\-])(?<!\w[.:/@])[A-Za-z]{2,}(?![\w'\u2019\-])(?![.:/@]\w)")


def open_text(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, "r", encoding="utf-8")


def words(text):
    """[(start, end, lowercase word)] of the ASCII words of text."""
    return [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]


def phrase_at(text, ws, i, n):
    """The n words starting at ws[i] if they are separated by single spaces
    only and the edge words are not stop words; else None."""
    if i + n > len(ws):
        return None
    run = ws[i:i + n]
    for (s0, e0, _), (s1, _, _) in zip(run, run[1:]):
        if text[e0:s1] != " ":
            return None
    w = [x[2] for x in run]
    if w[0] in STOP or w[-1] in STOP:
        return None
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--phrases", type=int, default=300)
    ap.add_argument("--and", dest="ands", type=int, default=300)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()

    texts = []
    with open_text(a.input) as f:
        for line in f:
            line = line.strip()
            if line:
                texts.append(json.loads(line).get("text", ""))
    rng = random.Random(a.seed)

    phrases, seen = [], set()
    targets = [2] * (a.phrases // 2) + [3] * (a.phrases - a.phrases // 2)
    for n in targets:
        for _ in range(100000):
            t = texts[rng.randrange(len(texts))]
            ws = words(t)
            if len(ws) < n:
                continue
            w = phrase_at(t, ws, rng.randrange(len(ws)), n)
            if w is None or tuple(w) in seen:
                continue
            seen.add(tuple(w))
            phrases.append(w)
            break
        else:
            sys.exit("make_queries.py: could not find enough phrases")

    ands, seen = [], set()
    targets = [2 + i % 3 for i in range(a.ands)]
    for n in targets:
        for _ in range(100000):
            ws = [x[2] for x in words(texts[rng.randrange(len(texts))]) if x[2] not in STOP]
            if len(set(ws)) < n:
                continue
            if len({w[:5] for w in ws}) < n:
                continue
            pick = []
            while len(pick) < n:        # uniform over occurrences, distinct words
                w = ws[rng.randrange(len(ws))]
                if all(w[:5] != p[:5] for p in pick):
                    pick.append(w)
            key = frozenset(pick)
            if key in seen:
                continue
            seen.add(key)
            ands.append(pick)
            break
        else:
            sys.exit("make_queries.py: could not find enough AND queries")

    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "phrases.tsv"), "w", encoding="utf-8") as f:
        for i, w in enumerate(phrases, 1):
            f.write('p%03d\t"%s"\n' % (i, " ".join(w)))
    with open(os.path.join(a.out, "and.tsv"), "w", encoding="utf-8") as f:
        for i, w in enumerate(ands, 1):
            f.write("a%03d\t%s\n" % (i, " ".join("+" + x for x in w)))
    print("make_queries.py: %d phrases, %d AND queries from %d passages -> %s"
          % (len(phrases), len(ands), len(texts), a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
