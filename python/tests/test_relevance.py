"""test_relevance: what the command line offers for ranking and evaluating,
from Python: models, feedback, title weights and expansion options of
Index.search and acquis.batch (the run and RUN.settings.json of `acquis batch`
with the same options), Index.describe, highlight and doc(query=...),
cites / cited_by, per-language statistics, fuse (`acquis fuse`) and compare
(`acquis eval A B`'s p-values)."""
import json
import math
import unittest

from support import acquis, cli, corpus_index, TempDirTest

# English only: on an index of several languages the models and feedback
# want the query analysed in one language (lang="en", --lang en).
TOPICS = ("1\tPrüm DNA fingerprints\n2\tpolice cooperation encryption\n3\teuropean arrest warrant surrender\n"
          "4\tasylum borders schengen visa\n5\tmoney laundering terrorism financing\n")


class ModelsTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.topics = self.tmp / "topics.tsv"
        self.topics.write_text(TOPICS, encoding="utf-8")

    def test_batch_options_give_the_command_lines_run_and_settings(self):
        cases = [(("--model", "ql", "--mu", "500"), dict(model="ql", mu=500)),
                 (("--model", "ql"), dict(model="ql")),
                 (("--model", "dph"), dict(model="dph")),
                 (("--model", "sdm"), dict(model="sdm")),
                 (("--rm3", "--fb-docs", "5", "--fb-terms", "7", "--fb-orig-weight", "0.3"),
                  dict(rm3=True, fb_docs=5, fb_terms=7, fb_orig_weight=0.3)),
                 (("--bo1",), dict(bo1=True)),
                 (("--title-weight", "2"), dict(title_weight=2))]
        runs = set()
        for args, kw in cases:
            with self.subTest(args=args):
                out = self.tmp / "cli.run"
                cli("batch", "-i", corpus_index(), "--topics", str(self.topics), "-k", "20", "--lang", "en",
                    "--tag", "t", "-o", str(out), *args)
                run = acquis.batch(corpus_index(), self.topics, k=20, lang="en", tag="t", **kw)
                self.assertEqual(run.to_trec(), out.read_text())
                mine = self.tmp / "py.run"
                run.write(mine)
                self.assertEqual(json.loads((self.tmp / "py.run.settings.json").read_text()),
                                 json.loads((self.tmp / "cli.run.settings.json").read_text()))
                runs.add(run.to_trec())
        self.assertEqual(len(runs), len(cases))  # every option changes the run
        with self.assertRaises(acquis.ArgumentError):
            acquis.batch(corpus_index(), self.topics, syntax=True, model="ql")

    def test_search_options(self):
        with acquis.Index(corpus_index()) as ix:
            q = "police cooperation encryption"
            bm25 = ix.search(q, k=5, plain=True, lang="en")
            for kw in (dict(model="ql"), dict(model="ql", mu=50), dict(model="dph"), dict(model="sdm"),
                       dict(rm3=True), dict(bo1=True, fb_docs=2), dict(title_weight=3.0)):
                with self.subTest(**kw):
                    hits = ix.search(q, k=5, plain=True, lang="en", **kw)
                    self.assertTrue(hits)
                    self.assertNotEqual([h.score for h in hits], [h.score for h in bm25])
                    # the same ranking as acquis.batch with these options
                    run = acquis.batch(ix, {"q": q}, k=5, lang="en", **kw)
                    self.assertEqual([r.docno for r in run], [h.docid for h in hits][:len(run)])
            for bad in (dict(model="bm26"), dict(rm3=True, bo1=True), dict(mu=0), dict(fb_docs=0),
                        dict(fb_terms=1.5), dict(fb_orig_weight=2), dict(title_weight=-1)):
                with self.subTest(bad=bad), self.assertRaises(acquis.ArgumentError):
                    ix.search(q, plain=True, lang="en", **bad)
            with self.assertRaises(acquis.ArgumentError):  # the library refuses phrases with a model
                ix.search('"police cooperation"', lang="en", model="ql")

    def test_expansion_and_thesaurus(self):
        with acquis.Index(corpus_index()) as ix:
            expanded = ix.describe("Prüm Decision")
            self.assertIn("32008D0615", expanded)
            plain = ix.describe("Prüm Decision", expand=False)
            self.assertNotIn("32008d0615", plain.lower())
            self.assertTrue(plain.startswith("query: "))
            self.assertNotEqual(ix.search("2008/615", k=3).hits, ix.search("2008/615", k=3, expand=False).hits)
            thes = self.tmp / "thesaurus.tsv"
            thes.write_text("c1\ten\tdactyloscopy\nc1\ten\tfingerprints\n", encoding="utf-8")
            self.assertNotIn("fingerprint", ix.describe("dactyloscopy", expand=False))
            self.assertIn("fingerprint", ix.describe("dactyloscopy", thesaurus=thes))
            self.assertEqual(len(ix.search("dactyloscopy", k=5, expand=False)), 0)
            self.assertTrue(ix.search("dactyloscopy", k=5, thesaurus=thes))
            with self.assertRaises(acquis.QuerySyntaxError):
                ix.describe('"unclosed')


class HighlightTest(unittest.TestCase):
    def test_doc_with_query(self):
        with acquis.Index(corpus_index()) as ix:
            docid = ix.search("Prüm DNA", k=1)[0].docid
            self.assertEqual(ix.doc(docid).matches, ())
            d = ix.doc(docid, query="DNA fingerprints")
            self.assertTrue(d.matches)
            words = {d.text[s:e].lower() for s, e in d.matches}
            self.assertLessEqual(words, {"dna", "fingerprint", "fingerprints"})
            self.assertEqual(list(d.matches), sorted(d.matches))
            # character offsets, not bytes: text before a match with "ü" and "é"
            text = "Prüm décision: données ADN et empreintes; ADN"
            m = ix.highlight("ADN", text, lang="fr")
            self.assertEqual([text[s:e] for s, e in m], ["ADN", "ADN"])
            self.assertEqual(ix.highlight("NOT ADN", text, lang="fr"), ())
            with self.assertRaises(acquis.QuerySyntaxError):
                ix.highlight("(ADN", text)


class CitationsTest(unittest.TestCase):
    def test_same_as_the_command_line(self):
        with acquis.Index(corpus_index()) as ix:
            for verb, fn in (("cites", ix.cites), ("cited-by", ix.cited_by)):
                for act in ("Prüm Decision", "2008/615/JHA"):
                    with self.subTest(verb=verb, act=act):
                        want = [json.loads(line) for line in
                                cli(verb, "-i", corpus_index(), "--json", act).splitlines()]
                        got = fn(act)
                        self.assertEqual(got.act, "32008D0615")
                        self.assertTrue(got)
                        self.assertEqual([link._asdict() for link in got],
                                         [{k: w[k] for k in ("celex", "name", "title", "date", "count")}
                                          for w in want])
            self.assertGreaterEqual(ix.cited_by("32008D0615").documents, len(ix.cited_by("32008D0615")))
            with self.assertRaises(acquis.ArgumentError):
                ix.cites("no such act at all")


class LanguagesTest(unittest.TestCase):
    def test_same_as_acquis_stats(self):
        want = json.loads(cli("stats", "-i", corpus_index(), "--json"))
        with acquis.Index(corpus_index()) as ix:
            langs = ix.languages()
            self.assertEqual([(x.lang, x.documents, x.tokens) for x in langs],
                             [(w["lang"], w["documents"], w["words"]) for w in want["languages"]])
            self.assertTrue(all(x.terms == 0 for x in langs))
            st = ix.stats(languages=True)
            self.assertEqual(st["languages"], {w["lang"]: {"documents": w["documents"], "tokens": w["words"],
                                                           "terms": w["terms"]} for w in want["languages"]})
            self.assertEqual(sum(v["documents"] for v in st["languages"].values()), st["documents"])
            self.assertNotIn("languages", ix.stats())


class FuseCompareTest(TempDirTest):
    def setUp(self):
        super().setUp()
        topics = self.tmp / "topics.tsv"
        topics.write_text(TOPICS, encoding="utf-8")
        self.a = acquis.batch(corpus_index(), topics, k=20, lang="en", tag="bm25")
        self.b = acquis.batch(corpus_index(), topics, k=20, lang="en", tag="ql", model="ql")
        self.a.write(self.tmp / "a.run")
        self.b.write(self.tmp / "b.run")
        # judgements: every third document of each run's list relevant, a few others not
        lines = []
        for q, rows in self.a.by_query().items():
            for i, r in enumerate(rows):
                lines.append("%s 0 %s %d\n" % (q, r.docno, 1 if i % 3 == 1 else 0))
        self.qrels = self.tmp / "qrels.txt"
        self.qrels.write_text("".join(lines))

    def test_fuse_same_as_the_command_line(self):
        for method, args in (("rrf", ()), ("combsum", ("--method", "combsum")), ("rrf", ("--rrf-k", "10"))):
            with self.subTest(args=args):
                want = cli("fuse", *args, "-k", "15", str(self.tmp / "a.run"), str(self.tmp / "b.run"))
                kw = dict(rrf_k=10) if "--rrf-k" in args else {}
                fused = acquis.fuse([self.a, self.b], method, k=15, **kw)
                self.assertEqual(fused.to_trec(), want)
                self.assertEqual(fused.tag, "fused-" + method)
                # from files and from dicts: the same
                self.assertEqual(acquis.fuse([self.tmp / "a.run", self.tmp / "b.run"], method, k=15, **kw).rows,
                                 fused.rows)
        as_dict = {q: {r.docno: r.score for r in rows} for q, rows in self.a.by_query().items()}
        self.assertEqual(acquis.fuse([as_dict], "combsum").by_query().keys(), self.a.by_query().keys())
        with self.assertRaises(acquis.ArgumentError):
            acquis.fuse([self.a, self.b], "combmnz")
        with self.assertRaises(acquis.ArgumentError):
            acquis.fuse([self.a], tag="a b")
        with self.assertRaises(acquis.InputError):
            acquis.fuse([self.a, {"1": {"d": float("nan")}}])

    def test_compare_same_p_values_as_acquis_eval(self):
        fused = acquis.fuse([self.a, self.b])
        fused.write(self.tmp / "f.run")
        want = json.loads(cli("eval", "--json", str(self.qrels), str(self.tmp / "a.run"), str(self.tmp / "b.run"),
                              str(self.tmp / "f.run")))
        got = acquis.compare(self.qrels, [self.a, self.b, fused]).to_dict()
        self.assertEqual(len(got["runs"]), 3)
        for g, w in zip(got["runs"], want["runs"]):
            self.assertEqual(g["num_q"], w["num_q"])
            for m in acquis.measures():
                self.assertAlmostEqual(g[m], w[m], places=4)
            for test in ("p_t_test", "p_randomization"):
                self.assertEqual(test in g, test in w)
                for m, p in w.get(test, {}).items():
                    if p is None:
                        self.assertIsNone(g[test][m])
                    else:
                        self.assertAlmostEqual(g[test][m], p, delta=abs(p) * 1e-5 + 1e-12, msg=(test, m))
        # -c: a judged topic missing from a run counts 0
        extra = self.tmp / "qrels-extra.txt"
        extra.write_text(self.qrels.read_text() + "99 0 nowhere 1\n")
        want = json.loads(cli("eval", "-c", "--json", str(extra), str(self.tmp / "a.run"), str(self.tmp / "b.run")))
        got = acquis.compare(extra, [self.a, self.b], complete=True).to_dict()
        self.assertEqual(got["runs"][0]["num_q"], want["runs"][0]["num_q"])
        self.assertEqual(got["runs"][0]["num_q"], acquis.evaluate(extra, self.a).num_q + 1)
        self.assertAlmostEqual(got["runs"][1]["p_t_test"]["map"], want["runs"][1]["p_t_test"]["map"], places=5)
        self.assertAlmostEqual(acquis.evaluate(extra, self.a, complete=True)["map"], want["runs"][0]["map"], places=4)
        c = acquis.compare(self.qrels, [self.a, self.a], measures=["map"])
        self.assertEqual(c.p_t_test[1], {"map": 1.0})
        self.assertEqual(c.names, ["bm25", "bm25"])

    def test_paired_test_by_hand(self):
        # differences 1 1 1 2: t = 5 with 3 degrees of freedom; of 16 sign flips 2 reach the mean
        self.assertAlmostEqual(acquis.paired_test([1, 2, 3, 4], [2, 3, 4, 6]), 0.0153924, places=6)
        self.assertEqual(acquis.paired_test([1, 2, 3, 4], [2, 3, 4, 6], "randomization"), 0.125)
        self.assertTrue(math.isnan(acquis.paired_test([1], [2])))
        with self.assertRaises(acquis.ArgumentError):
            acquis.paired_test([1, 2], [1])
        with self.assertRaises(acquis.ArgumentError):
            acquis.paired_test([1, 2], [1, 2], "wilcoxon")
