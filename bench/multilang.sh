#!/usr/bin/env bash
# multilang.sh: what a query costs when it is analysed in every language of
# the index (issue 11; src/search/multilang.c), beside one language.
#
#   bench/multilang.sh [--fr]
#
# Builds an index of the 24 languages of ../shared/corpus/eurlex-24 (every
# file cut into documents of ten paragraphs, lang given: 826 documents) and
# 20 queries per language (480), each two or three neighbouring words of
# four letters or more picked at random (seed 11) from that language's
# text. Then `acquis bench` runs all 480 queries
#   - as acquis search does by default: analysed in each of the 24 languages,
#     each document matched through its own language;
#   - with --lang en: analysed once, in English, over the same documents
#     (what acquis did before, whatever the query's language);
# and each language's 20 queries on an index of that language's documents
# alone (one language: analysed once, the default's fast path).
# --fr also indexes ../shared/corpus/eurlex-fr.jsonl.gz (1,000 acts, one
# language) and runs its 20 French queries with and without --lang fr: on
# a one-language index the default must cost nothing.
# The figures are in bench/README.md ("Queries in every language").
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus="$here/../shared/corpus"
if [ ! -d "$corpus/eurlex-24" ]; then
  echo "multilang.sh: $corpus/eurlex-24 is not there: it holds the text this measures" >&2
  exit 2
fi
cmake -S "$here" -B "$here/build-bench" -DACQ_BUILD_BENCH=ON -DACQ_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$here/build-bench" -j 2 --target acquis > /dev/null
acquis="$here/build-bench/acquis"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$corpus/eurlex-24" "$work" <<'PY'
import json, os, random, re, sys
base, work = sys.argv[1], sys.argv[2]
codes = {'bulgarian': 'bg', 'croatian': 'hr', 'czech': 'cs', 'danish': 'da', 'dutch': 'nl',
         'english': 'en', 'estonian': 'et', 'finnish': 'fi', 'french': 'fr', 'german': 'de',
         'greek': 'el', 'hungarian': 'hu', 'irish': 'ga', 'italian': 'it', 'latvian': 'lv',
         'lithuanian': 'lt', 'maltese': 'mt', 'polish': 'pl', 'portuguese': 'pt', 'romanian': 'ro',
         'slovak': 'sk', 'slovenian': 'sl', 'spanish': 'es', 'swedish': 'sv'}
rng = random.Random(11)
word = re.compile(r"[^\W\d_]{4,}")
with open(f"{work}/all.jsonl", "w") as out, open(f"{work}/all.tsv", "w") as qall:
    for name, code in sorted(codes.items()):
        docs, words = [], []
        for part in ("test", "validation"):
            folder = f"{base}/{name}/{part}"
            if not os.path.isdir(folder):
                continue
            for f in sorted(os.listdir(folder)):
                lines = [l.strip() for l in open(f"{folder}/{f}", encoding="utf-8") if l.strip()]
                for i in range(0, len(lines), 10):
                    docs.append({"id": f"{f[:-4]}:{code}:{part}:{i // 10}", "lang": code,
                                 "celex": f[:-4], "text": "\n".join(lines[i:i + 10])})
                for l in lines:
                    words.append(l.split())
        with open(f"{work}/{code}.jsonl", "w") as one:
            for d in docs:
                line = json.dumps(d, ensure_ascii=False) + "\n"
                out.write(line)
                one.write(line)
        with open(f"{work}/{code}.tsv", "w") as q:
            n = 0
            while n < 20:
                para = rng.choice(words)
                if len(para) < 3:
                    continue
                i = rng.randrange(len(para) - 2)
                span = [w.strip(".,;:()«»\"'“”„") for w in para[i:i + rng.choice((2, 3))]]
                if not all(word.fullmatch(w) for w in span):
                    continue
                line = f"{code}-{n}\t{' '.join(span)}\n"
                q.write(line)
                qall.write(line)
                n += 1
PY

"$acquis" index -q -o "$work/ix24" "$work/all.jsonl"
echo "== 24 languages, 826 documents, 480 queries (20 per language)"
echo "-- default: every query analysed in each of the 24 languages"
"$acquis" bench -i "$work/ix24" --queries "$work/all.tsv" -k 10 --passes 5
echo "-- --lang en: analysed once, in English (acquis before issue 11)"
"$acquis" bench -i "$work/ix24" --queries "$work/all.tsv" -k 10 --passes 5 --lang en
echo "-- each language's queries on an index of that language alone (24 runs: mean of their p50s)"
sum=0
for f in "$work"/??.jsonl; do
  code=$(basename "$f" .jsonl)
  "$acquis" index -q -o "$work/ix-$code" "$f"
  p50=$("$acquis" bench -i "$work/ix-$code" --queries "$work/$code.tsv" -k 10 --passes 5 --json |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["p50_us"])')
  printf '%s %s  ' "$code" "$p50"
  sum=$(python3 -c "print($sum + $p50)")
done
echo
python3 -c "print('mean p50 (us): %.1f' % ($sum / 24))"

if [ "${1:-}" = "--fr" ]; then
  echo "== eurlex-fr: one language, 1,000 acts"
  "$acquis" index -q -o "$work/ixfr" "$corpus/eurlex-fr.jsonl.gz"
  echo "-- default"
  "$acquis" bench -i "$work/ixfr" --queries "$work/fr.tsv" -k 10 --passes 5
  echo "-- --lang fr"
  "$acquis" bench -i "$work/ixfr" --queries "$work/fr.tsv" -k 10 --passes 5 --lang fr
fi
