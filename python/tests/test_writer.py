"""test_writer: acquis.Writer: the round trip (add, search, doc, delete),
replacement by id, extra fields, commit on success and rollback on an
exception, merge."""
import unittest

from support import acquis, TempDirTest


class WriterTest(TempDirTest):
    def test_round_trip(self):
        with acquis.Writer(self.tmp) as w:
            w.add({"id": "eaw", "title": "European Arrest Warrant", "text": "Surrender between Member States.",
                   "date": "2002-06-13", "type": "DEC_FW", "celex": "32002F0584", "lang": "en",
                   "url": "https://eur-lex.europa.eu/eli/dec_framw/2002/584/oj"})
            w.add(id="prum", title="Prüm Decision", text="Exchange of DNA profiles and fingerprints.",
                  eurovoc=["police cooperation", "data exchange"], jha=True, year=2008)
            self.assertEqual(w.doc_count, 2)
        with acquis.Index(self.tmp) as ix:
            hits = ix.search("surrender")
            self.assertEqual([h.docid for h in hits], ["eaw"])
            self.assertEqual((hits[0].celex, hits[0].type, hits[0].date), ("32002F0584", "DEC_FW", "2002-06-13"))
            d = ix.doc("prum")
            self.assertEqual(d.title, "Prüm Decision")
            self.assertEqual(d.fields, {"eurovoc": ["police cooperation", "data exchange"], "jha": ["true"],
                                        "year": ["2008"]})
            self.assertEqual(d.to_dict()["eurovoc"], ["police cooperation", "data exchange"])
            self.assertEqual([h.docid for h in ix.search('eurovoc:"Police Cooperation"')], ["prum"])
            self.assertEqual(ix.search("fingerprints")[0].fields["jha"], ["true"])
        with acquis.Writer(self.tmp) as w:
            w.delete("eaw")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual(len(ix.search("surrender")), 0)
            self.assertNotIn("eaw", ix)
            self.assertEqual(len(ix), 1)

    def test_replace_by_id_and_delete_query(self):
        with acquis.Writer(self.tmp) as w:
            w.add(id="a", title="old title", text="frontex")
            w.add(id="b", title="other", text="frontex", type="DEC")
        with acquis.Writer(self.tmp) as w:
            w.add(id="a", title="new title", text="europol")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual(len(ix), 2)
            self.assertEqual(ix.doc("a").title, "new title")
            self.assertEqual([h.docid for h in ix.search("frontex")], ["b"])
        with acquis.Writer(self.tmp) as w:
            w.delete_query("type:DEC")
            w.merge()
            self.assertEqual(w.segment_count, 1)
        with acquis.Index(self.tmp) as ix:
            self.assertEqual([ix.stats()[k] for k in ("documents", "deleted")], [1, 0])

    def test_rollback_on_exception(self):
        with acquis.Writer(self.tmp) as w:
            w.add(id="kept", text="schengen")
        with self.assertRaises(RuntimeError):
            with acquis.Writer(self.tmp) as w:
                w.add(id="lost", text="schengen")
                w.delete("kept")
                raise RuntimeError("the block fails")
        self.assertTrue(w.closed)
        with acquis.Index(self.tmp) as ix:
            self.assertEqual([h.docid for h in ix.search("schengen")], ["kept"])
        # explicit rollback keeps the writer usable
        with acquis.Writer(self.tmp) as w:
            w.add(id="dropped", text="schengen")
            w.rollback()
            w.add(id="added", text="schengen")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual(sorted(h.docid for h in ix.search("schengen")), ["added", "kept"])

    def test_snapshot_and_lock(self):
        with acquis.Writer(self.tmp) as w:
            w.add(id="one", text="visa")
        ix = acquis.Index(self.tmp)
        self.addCleanup(ix.close)
        with acquis.Writer(self.tmp) as w:
            with self.assertRaises(acquis.LockedError):
                acquis.Writer(self.tmp)
            w.add(id="two", text="visa")
        self.assertEqual(len(ix.search("visa")), 1)  # the snapshot it opened
        with acquis.Index(self.tmp) as ix2:
            self.assertEqual(len(ix2.search("visa")), 2)

    def test_options(self):
        with acquis.Writer(self.tmp, keep_stopwords=True, stemming=False, default_lang="fr",
                           detect_language=False, merge_factor=1, compression_level=9) as w:
            w.add(id="a", text="the police of the union")
            w.add(id="b", text="polices")
        with acquis.Index(self.tmp) as ix:
            st = ix.stats()
            self.assertEqual((st["stemming"], st["stopwords_dropped"], st["lang"]), (False, False, "fr"))
            self.assertEqual([h.docid for h in ix.search('"police of the"', stopwords="keep")], ["a"])
            self.assertEqual([h.docid for h in ix.search("polices")], ["b"])  # unstemmed
            self.assertEqual(len(ix.search("police", lang="en", stopwords="drop")), 1)
        with acquis.Writer(self.tmp, replace=True) as w:  # a rebuild
            w.add(id="c", text="frontex")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual([d for d in ("a", "b", "c") if d in ix], ["c"])

    def test_bad_documents(self):
        with acquis.Writer(self.tmp) as w:
            with self.assertRaises(acquis.ArgumentError):
                w.add(title="no id")
            with self.assertRaises(acquis.InputError) as cm:
                w.add(id="x" * 255, text="t")
            self.assertIn("254 bytes", str(cm.exception))
            with self.assertRaises(acquis.InputError):
                w.add(id="y", **{"Bad-Name": "v"})
            with self.assertRaises(acquis.ArgumentError):
                w.add(id="z", eurovoc={"a": 1})
            w.add(id="fine", text="ok")
            w.add(id="a", text="ok")
        with acquis.Writer(self.tmp) as w:
            with self.assertRaises(acquis.InputError):  # U+0000 would cut it to "a"
                w.delete("a\0b")
            with self.assertRaises(acquis.InputError):
                w.add(id="a\0b", text="ok")
        with acquis.Index(self.tmp) as ix:
            self.assertEqual(len(ix), 2)
            with self.assertRaises(acquis.InputError):
                ix.doc("a\0b")
            with self.assertRaises(acquis.InputError):
                ix.search("ok\0 OR nothing")


if __name__ == "__main__":
    unittest.main()
