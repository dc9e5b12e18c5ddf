"""test_trec: acquis.batch gives the run `acquis batch` writes, to the byte
(threads or not, topics from a file, a dict or pairs), and acquis.evaluate
the figures `acquis eval` prints; Cranfield too when ../shared is there."""
import unittest

from support import acquis, cli, corpus_index, SHARED, TempDirTest

TOPICS = ("1\tPrüm DNA fingerprints\n2\tpolice cooperation encryption\n3\teuropean arrest warrant surrender\n"
          "4\tthe of and\n5\tasylum borders schengen visa\n6\tmoney laundering terrorism financing\n")


class BatchTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.topics = self.tmp / "topics.tsv"
        self.topics.write_text(TOPICS, encoding="utf-8")

    def test_same_run_as_the_command_line(self):
        for k, args in ((1000, ()), (3, ("--k1", "1.2", "--b", "0.75"))):
            with self.subTest(k=k):
                want = cli("batch", "-i", corpus_index(), "--topics", str(self.topics), "-k", str(k),
                           "--tag", "t1", *args)
                kw = dict(k1=1.2, b=0.75) if args else {}
                run = acquis.batch(corpus_index(), self.topics, k=k, tag="t1", **kw)
                self.assertEqual(run.to_trec(), want)
                with acquis.Index(corpus_index()) as ix:
                    self.assertEqual(acquis.batch(ix, self.topics, k=k, tag="t1", threads=3, **kw).to_trec(), want)
        self.assertNotIn("4", run.by_query())  # stopwords only: no lines
        pairs = [line.split("\t") for line in TOPICS.splitlines()]
        self.assertEqual(acquis.batch(corpus_index(), dict(pairs), k=3).rows,
                         acquis.batch(corpus_index(), pairs, k=3).rows)
        out = self.tmp / "a.run"
        run.write(out)
        self.assertEqual(out.read_text(), want)
        # RUN.settings.json as acquis batch -o writes it
        import json
        cli("batch", "-i", corpus_index(), "--topics", str(self.topics), "-k", "3", "--k1", "1.2", "--b", "0.75",
            "--tag", "t1", "-o", str(self.tmp / "c.run"))
        self.assertEqual(json.loads(out.with_name("a.run.settings.json").read_text()),
                         json.loads((self.tmp / "c.run.settings.json").read_text()))

    def test_syntax_topics_and_trec_format(self):
        trec = self.tmp / "t.trec"
        trec.write_text("<top>\n<num> Number: 7\n<title> europol\n<desc> Description:\nPrüm decision\n</top>\n")
        want = cli("batch", "-i", corpus_index(), "--topics", str(trec), "--fields", "title,desc", "-k", "5")
        self.assertEqual(acquis.batch(corpus_index(), trec, k=5, fields="title,desc").to_trec(), want)
        self.assertEqual(acquis.read_topics(trec, "title,desc"), [("7", "europol Prüm decision")])
        syn = self.tmp / "syn.tsv"
        syn.write_text('1\t"police cooperation" AND europol\n')
        want = cli("batch", "-i", corpus_index(), "--topics", str(syn), "--syntax", "-k", "5")
        self.assertEqual(acquis.batch(corpus_index(), syn, k=5, syntax=True).to_trec(), want)

    def test_bad_input(self):
        bad = self.tmp / "bad.tsv"
        bad.write_text("1\ta\n1\tb\n")
        with self.assertRaises(acquis.InputError) as cm:
            acquis.batch(corpus_index(), bad)
        self.assertIn("bad.tsv:2", str(cm.exception))
        with self.assertRaises(acquis.InputError):
            acquis.batch(corpus_index(), [("1", "a"), ("1", "b")])
        with self.assertRaises(acquis.ArgumentError):
            acquis.batch(corpus_index(), self.topics, tag="has blank")
        with self.assertRaises(acquis.FileError):
            acquis.read_topics(self.tmp / "missing.tsv")

    def test_run_text_and_rows(self):
        run = acquis.batch(corpus_index(), self.topics, k=5, threads=2)
        text = run.to_trec()
        self.assertEqual(text, acquis.batch(corpus_index(), self.topics, k=5).to_trec())
        rows = run.rows  # read from the text when first asked for
        self.assertTrue(rows)
        self.assertEqual(run.to_trec(), text, "the rows print as the text they came from")
        self.assertEqual(len(run), len(text.splitlines()))
        self.assertEqual(rows[0], acquis.RunRow(*[t(x) for t, x in zip((str, str, int, float),
                                                                        text.split("\n")[0].split(" ")[:1] +
                                                                        text.split("\n")[0].split(" ")[2:5])]))
        other = acquis.batch(corpus_index(), self.topics, k=5)
        other.tag = "renamed"
        self.assertTrue(other.to_trec().splitlines()[0].endswith(" renamed"))
        self.assertEqual(run.settings["topics_with_hits"], len({r.qid for r in rows}))

    def test_batch_errors_name_the_topic(self):
        with self.assertRaises(acquis.QuerySyntaxError) as cm:
            acquis.batch(corpus_index(), [("a", "police"), ("b", "police AND ("), ("c", "x AND (")], syntax=True,
                         threads=2)
        self.assertTrue(str(cm.exception).startswith("topic b: column "), str(cm.exception))
        self.assertIsNotNone(cm.exception.column)

    def test_dataframe(self):
        run = acquis.batch(corpus_index(), self.topics, k=5)
        try:
            import pandas  # noqa: F401
        except ImportError:
            with self.assertRaises(ImportError) as cm:
                run.to_dataframe()
            self.assertIn("pandas", str(cm.exception))
            return
        df = run.to_dataframe()
        self.assertEqual(list(df.columns), ["qid", "docno", "rank", "score"])
        self.assertEqual(len(df), len(run))


class EvaluateTest(TempDirTest):
    def test_same_figures_as_the_command_line(self):
        topics = self.tmp / "topics.tsv"
        topics.write_text(TOPICS, encoding="utf-8")
        run = acquis.batch(corpus_index(), topics, k=100)
        by_q = run.by_query()
        # judgements: every second retrieved document relevant, one unretrieved
        lines = []
        for qid, rows in by_q.items():
            lines += ["%s 0 %s %d\n" % (qid, r.docno, (i % 2 == 0) * (1 + i % 3)) for i, r in enumerate(rows)]
            lines.append("%s 0 never-retrieved 1\n" % qid)
        qrels = self.tmp / "qrels.txt"
        qrels.write_text("".join(lines))
        runfile = self.tmp / "a.run"
        run.write(runfile)
        ev = acquis.evaluate(qrels, run)
        self.assertEqual(ev.to_text(), cli("eval", str(qrels), str(runfile)))
        self.assertEqual(ev.to_text(per_query=True), cli("eval", "-q", str(qrels), str(runfile)))
        self.assertEqual(acquis.evaluate(qrels, runfile).means, ev.means)
        self.assertEqual(ev.num_q, len(by_q))
        self.assertEqual(list(ev.means), acquis.measures())
        self.assertEqual(list(acquis.evaluate(qrels, run, measures=["map", "P_10"]).means), ["map", "P_10"])
        # in memory: dicts
        qd = {}
        for line in lines:
            q, _, d, r = line.split()
            qd.setdefault(q, {})[d] = int(r)
        rd = {q: {r.docno: r.score for r in rows} for q, rows in by_q.items()}
        mem = acquis.evaluate(qd, rd)
        for m, v in ev.means.items():
            self.assertAlmostEqual(mem[m], v, places=9)

        class Frame:  # what evaluate reads of a pandas DataFrame
            columns = ["qid", "docno", "rank", "score"]

            def __getitem__(self, col):
                return [getattr(r, col) for r in run.rows]
        framed = acquis.evaluate(qrels, Frame())
        for m, v in ev.means.items():
            self.assertAlmostEqual(framed[m], v, places=9)

    def test_errors(self):
        qrels = self.tmp / "qrels.txt"
        qrels.write_text("1 0 a 1\n1 0 b\n")
        with self.assertRaises(acquis.InputError) as cm:
            acquis.evaluate(qrels, {"1": {"a": 1.0}})
        self.assertIn("qrels.txt:2", str(cm.exception))
        with self.assertRaises(acquis.InputError):
            acquis.evaluate({"9": {"a": 1}}, {"1": {"a": 1.0}})  # no judged query
        with self.assertRaises(acquis.ArgumentError):
            acquis.evaluate({"1": {"a": 1}}, {"1": {"a": 1.0}}, measures=["mapp"])
        with self.assertRaises(acquis.FileError):
            acquis.evaluate(self.tmp / "none.txt", {"1": {"a": 1.0}})


class CranfieldTest(TempDirTest):
    def test_cranfield_example_as_the_command_line(self):
        """examples/cranfield.py indexes Cranfield; its run and figures are
        those of acquis batch and acquis eval on the same index."""
        import os
        if os.environ.get("ACQUIS_PY_SANITIZED"):
            self.skipTest("the ASan build: Cranfield's 1,400 documents and 225 topics run in the plain build")
        c = SHARED / "eval" / "cranfield"
        if not (c / "docs.jsonl.gz").exists():
            self.skipTest("%s is missing (../shared; ACQ_TEST_SHARED_DIR)" % (c / "docs.jsonl.gz"))
        import subprocess
        import sys
        from support import PYTHON_DIR, REPO
        index = self.tmp / "index"
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PYTHON_DIR), os.environ.get("PYTHONPATH", "")]))
        p = subprocess.run([sys.executable, "-X", "dev", str(REPO / "examples" / "cranfield.py"), str(c), str(index)],
                           capture_output=True, text=True, env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        run = acquis.batch(index, c / "topics.tsv", k=1000, threads=2)
        self.assertEqual(run.to_trec(), cli("batch", "-i", str(index), "--topics", str(c / "topics.tsv")))
        ev = acquis.evaluate(c / "qrels.txt", run)
        runfile = self.tmp / "c.run"
        run.write(runfile)
        self.assertEqual(ev.to_text(), cli("eval", str(c / "qrels.txt"), str(runfile)))
        self.assertEqual(p.stdout, "MAP %.4f  P@10 %.4f  nDCG@10 %.4f  R@1000 %.4f  (%d topics)\n"
                         % (ev["map"], ev["P_10"], ev["ndcg_cut_10"], ev["recall_1000"], ev.num_q))


if __name__ == "__main__":
    unittest.main()
