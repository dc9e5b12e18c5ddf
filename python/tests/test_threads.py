"""test_threads: one acquis.Index searched from several threads at once
gives each thread the results a lone search gives; close waits for them."""
import threading
import unittest

from support import acquis, corpus_index

QUERIES = ["Prüm", "police cooperation", "europol", "schengen borders", "arrest warrant", "encryption",
           "money laundering", "asylum", "data protection", "frontex"]


class ThreadsTest(unittest.TestCase):
    def test_concurrent_searches(self):
        with acquis.Index(corpus_index()) as ix:
            # each way of reading hits: hit by hit (snippets), rows and text,
            # rows alone (acq_search_rows)
            kinds = [{}, {"snippets": False}, {"snippets": False, "fields": False}]
            want = {(q, i): [(h.docid, h.score, h.snippet, h.fields) for h in ix.search(q, k=20, **kw)]
                    for q in QUERIES for i, kw in enumerate(kinds)}
            errors = []

            def worker(seed):
                try:
                    for i in range(60):
                        q = QUERIES[(seed + i) % len(QUERIES)]
                        kind = (seed + i) % len(kinds)
                        got = [(h.docid, h.score, h.snippet, h.fields) for h in ix.search(q, k=20, **kinds[kind])]
                        if got != want[(q, kind)]:
                            errors.append((q, got))
                except Exception as e:  # reported below, in the main thread
                    errors.append(e)

            threads = [threading.Thread(target=worker, args=(s,)) for s in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])

    def test_close_waits_for_searches(self):
        ix = acquis.Index(corpus_index())
        started, results = threading.Event(), []

        def worker():
            started.set()
            for _ in range(200):
                try:
                    results.append(len(ix.search("police", k=10)))
                except acquis.ArgumentError:  # closed: the only acceptable failure
                    break

        t = threading.Thread(target=worker)
        t.start()
        started.wait()
        ix.close()
        t.join()
        self.assertTrue(all(n == results[0] for n in results))


if __name__ == "__main__":
    unittest.main()
