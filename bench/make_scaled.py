#!/usr/bin/env python3
"""make_scaled.py: N copies of a JSON Lines corpus with each copy's words
shuffled, for the scale benchmark (bench/scale.sh).

Every document of copy k keeps its fields, gets the id "ID~k" and a title
and text whose words are those of the original in an order drawn from a
generator seeded with (seed, k, line): the vocabulary, the document lengths
and the term frequencies stay those of the original, but no text repeats,
so neither the stored-text deduplication nor the token cache of the writer
can make a larger input cheaper than its size. Copy 0 is shuffled too, so
that 1x is built the same way as 8x.

    bench/make_scaled.py INPUT.jsonl[.gz] COPIES OUT.jsonl [--seed S]
"""
import argparse
import gzip
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('input')
    ap.add_argument('copies', type=int)
    ap.add_argument('output')
    ap.add_argument('--seed', type=int, default=14)
    a = ap.parse_args()
    if a.copies < 1:
        sys.exit('make_scaled.py: COPIES must be at least 1')
    opener = gzip.open if a.input.endswith('.gz') else open
    with opener(a.input, 'rt', encoding='utf-8') as f:
        docs = [json.loads(line) for line in f if line.strip()]
    with open(a.output, 'w', encoding='utf-8') as out:
        for k in range(a.copies):
            for n, d in enumerate(docs):
                rng = random.Random((a.seed * 1000003 + k) * 10000019 + n)
                c = dict(d)
                c['id'] = '%s~%d' % (d.get('id', n), k)
                for field in ('title', 'text'):
                    words = (d.get(field) or '').split()
                    rng.shuffle(words)
                    c[field] = ' '.join(words)
                out.write(json.dumps(c, ensure_ascii=False))
                out.write('\n')


if __name__ == '__main__':
    main()
