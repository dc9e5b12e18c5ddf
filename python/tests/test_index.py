"""test_index: searching and fetching through acquis.Index, checked against
the command line on the bundled corpus (corpus/jha.jsonl)."""
import json
import unittest

from support import acquis, cli, corpus_docs, corpus_index, TempDirTest

QUERIES = ["Prüm", '"police cooperation" encryption', "europol AND (sis OR prum)", "interoperab*",
           "Regulation (EU) 2016/794", "title:europol", "money laundering date:2015..2018"]


class SearchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ix = acquis.Index(corpus_index())

    @classmethod
    def tearDownClass(cls):
        cls.ix.close()

    def test_same_hits_and_scores_as_the_command_line(self):
        for q in QUERIES:
            with self.subTest(query=q):
                out = cli("search", "-i", corpus_index(), "--json", "-k", "10", q, check=False)
                want = [json.loads(line) for line in out.splitlines() if line.strip()]
                got = self.ix.search(q, k=10)
                self.assertEqual([h.docid for h in got], [w["id"] for w in want])
                for h, w in zip(got, want):
                    self.assertAlmostEqual(h.score, w["score"], places=4)
                    self.assertEqual(h.title, w["title"])
                    self.assertEqual(h.snippet, w.get("snippet"))

    def test_hit_fields_snippet_and_matches(self):
        hits = self.ix.search("Prüm", k=3)
        self.assertGreater(len(hits), 0)
        h = hits[0]
        self.assertEqual(h.id, h.docid)
        self.assertIsInstance(h.score, float)
        self.assertTrue(h.title and h.lang and h.date)
        doc = {d["id"]: d for d in corpus_docs()}[h.docid]
        for f in ("title", "date", "type", "celex", "url"):
            self.assertEqual(getattr(h, f), doc.get(f, ""), f)
        self.assertTrue(h.matches)
        # character offsets: each highlights a whole word of the query or of
        # its expansion (Prüm is an instrument: its act numbers match too)
        words = [h.snippet[s:e] for s, e in h.matches]
        self.assertIn("prüm", [w.lower() for w in words])
        for w in words:
            self.assertTrue(w and w.strip() == w, words)
        self.assertIsNone(self.ix.search("Prüm", k=1, snippets=False)[0].snippet)

    def test_options(self):
        self.assertIn("idf", self.ix.search("europol", k=1, explain=True)[0].explanation)
        default = self.ix.search("europol", k=1)[0].score
        self.assertNotAlmostEqual(self.ix.search("europol", k=1, k1=1.2, b=0.75)[0].score, default, places=6)
        total = self.ix.search("police", count=True).total
        self.assertEqual(total, self.ix.count("police"))
        self.assertGreater(total, 10)
        page1, page2 = self.ix.search("police", k=5), self.ix.search("police", k=5, offset=5)
        both = self.ix.search("police", k=10)
        self.assertEqual([h.docid for h in page1] + [h.docid for h in page2], [h.docid for h in both])
        # plain text: syntax characters are words, not errors
        self.assertGreater(len(self.ix.search('police "cooperation (title:', plain=True)), 0)
        bare = self.ix.search("police", fields=False, k=3)
        self.assertEqual([h.docno for h in bare], [h.docno for h in self.ix.search("police", k=3)])
        self.assertEqual(bare[0].docid, "")

    def test_the_three_ways_of_reading_hits_agree(self):
        # fields=False without facets: one acq_search_rows call; without
        # snippets: rows and one text (acq_results_rows, acq_results_text);
        # with snippets: acq_hit by acq_hit. The same hits every way.
        for q in QUERIES + ["police"]:
            with self.subTest(query=q):
                slow = self.ix.search(q, k=20)
                bulk = self.ix.search(q, k=20, snippets=False)
                rows = self.ix.search(q, k=20, snippets=False, fields=False)
                self.assertEqual(slow.total, bulk.total)
                self.assertEqual(slow.total, rows.total)
                self.assertEqual([h[:8] for h in slow], [h[:8] for h in bulk])
                self.assertEqual([h.fields for h in slow], [h.fields for h in bulk])
                self.assertEqual([(h.score, h.docno, h.collapsed) for h in slow],
                                 [(h.score, h.docno, h.collapsed) for h in rows])
                self.assertEqual([(h.score, h.docno) for h in slow],
                                 [(h.score, h.docno) for h in self.ix.search(q, k=20, snippets=False, fields=False,
                                                                               facets="type")])
        c = self.ix.search("europol", k=50, collapse="celex", snippets=False, fields=False)
        self.assertEqual([h.collapsed for h in c],
                         [h.collapsed for h in self.ix.search("europol", k=50, collapse="celex")])
        self.assertGreater(sum(h.collapsed for h in c), 0)

    def test_extra_fields_decoded_when_asked_for(self):
        docs = {d["id"]: d for d in corpus_docs()}
        for h in self.ix.search("police", k=30, snippets=False):
            f = h.fields
            self.assertIs(type(f), dict)
            self.assertIs(h.fields, f, "decoded once, the same dict after")
            want = {k: (v if isinstance(v, list) else [v]) for k, v in docs[h.docid].items()
                    if k not in ("id", "title", "text", "lang", "date", "type", "celex", "url")}
            # as the writer stores them: numbers as text, booleans as true/false
            # ("cites" is the writer's own: the acts the text cites)
            self.assertEqual({k: v for k, v in f.items() if k != "cites"}, {k: [("true" if x else "false") if isinstance(x, bool) else str(x) for x in v]
                                 for k, v in want.items()})
            self.assertEqual(h._asdict()["fields"], f)
            self.assertEqual(json.loads(json.dumps(h._asdict()))["fields"], f)
        hits = self.ix.search("police", k=5, snippets=False)
        import pickle
        self.assertEqual(pickle.loads(pickle.dumps(list(hits))), list(hits))
        self.assertEqual(list(hits), list(self.ix.search("police", k=5, snippets=False)))
        self.assertIn("fields=", repr(hits[0]))

    def test_filters(self):
        for h in self.ix.search("europol", k=50, filters={"type": "REG"}):
            self.assertEqual(h.type, "REG")
        for h in self.ix.search("police", k=50, filters={"date": "2015..2018"}):
            self.assertTrue("2015" <= h.date[:4] <= "2018", h.date)
        either = self.ix.search("police", k=50, filters={"type": ["REG", "DIR"]})
        self.assertTrue(either and all(h.type in ("REG", "DIR") for h in either))
        self.assertEqual({h.type for h in either}, {"REG", "DIR"})
        built = self.ix.search(acquis.Term("europol"), k=50, filters={"type": "REG"})
        self.assertEqual([h.docid for h in built],
                         [h.docid for h in self.ix.search("europol", k=50, filters={"type": "REG"})])
        with self.assertRaises(acquis.ArgumentError):
            self.ix.search("police", filters={"type": "REG"}, plain=True)
        # the same as filtering the hits of the query alone
        for q in ("europol OR prum", "europol AND prum", "-europol police", "police)"):
            with self.subTest(query=q):
                want = [h.docid for h in self.ix.search(q, k=100) if h.type == "REG"]
                self.assertEqual([h.docid for h in self.ix.search(q, k=100, filters={"type": "REG"})], want)

    def test_facets_and_collapse(self):
        r = self.ix.search("police", facets=["type", "year"], facet_limit=3)
        self.assertEqual(set(r.facets), {"type", "year"})
        self.assertLessEqual(len(r.facets["type"]), 3)
        counts = [c for _, c in r.facets["type"]]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertGreaterEqual(r.facets_distinct["type"], len(r.facets["type"]))
        c = self.ix.search("europol", k=50, collapse="celex")
        celexes = [h.celex for h in c if h.celex]
        self.assertEqual(len(celexes), len(set(celexes)))

    def test_built_queries(self):
        q = acquis.Phrase("police cooperation") & acquis.Term("europol")
        want = self.ix.search('+"police cooperation" +europol', k=20)
        got = self.ix.search(q, k=20)
        self.assertEqual([h.docid for h in got], [h.docid for h in want])
        for a, b in zip(got, want):
            self.assertAlmostEqual(a.score, b.score, places=6)
        either = self.ix.search(acquis.Term("europol") | acquis.Term("frontex"), k=100)
        self.assertEqual(len(either), self.ix.count("europol OR frontex"))
        self.assertEqual(len(self.ix.search(acquis.Term("europol") - acquis.Term("regulation"), k=100)),
                         self.ix.count("europol -regulation"))
        near = self.ix.search(acquis.Phrase("encryption lawful access", slop=5), k=100)
        self.assertEqual(len(near), self.ix.count('"encryption lawful access"~5'))

    def test_doc_and_stats(self):
        docs = corpus_docs()
        d = self.ix.doc(docs[0]["id"])
        self.assertEqual(d.text, docs[0]["text"])
        self.assertEqual(d.title, docs[0]["title"])
        self.assertIn(docs[0]["id"], self.ix)
        self.assertNotIn("no-such-document", self.ix)
        self.assertIsNone(self.ix.get("no-such-document"))
        with self.assertRaises(acquis.NotFoundError) as cm:
            self.ix.doc("no-such-document")
        self.assertIsInstance(cm.exception, LookupError)
        st = self.ix.stats()
        self.assertEqual(st["documents"], len(docs))
        self.assertEqual(len(self.ix), len(docs))
        self.assertTrue(st["stemming"])
        self.ix.verify()


class LifetimeTest(TempDirTest):
    def test_context_manager_and_closed_index(self):
        with acquis.Writer(self.tmp) as w:
            w.add(id="a", text="europol")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual(len(ix.search("europol")), 1)
        self.assertTrue(ix.closed)
        ix.close()  # twice is harmless
        with self.assertRaises(acquis.ArgumentError):
            ix.search("europol")


if __name__ == "__main__":
    unittest.main()
