"""test_errors: every ACQ_E* code becomes its exception, carrying the
library's message; each one a caller can provoke is provoked."""
import os
import unittest

from support import acquis, corpus_index, TempDirTest
from acquis import errors


class ErrorsTest(TempDirTest):
    def test_every_code_has_its_class(self):
        classes = {errors.EIO: (acquis.FileError, OSError), errors.ECORRUPT: (acquis.CorruptIndexError,),
                   errors.ENOMEM: (acquis.NoMemoryError, MemoryError), errors.EINPUT: (acquis.InputError, ValueError),
                   errors.EQUERY: (acquis.QuerySyntaxError, ValueError),
                   errors.EARG: (acquis.ArgumentError, ValueError), errors.ELOCKED: (acquis.LockedError,),
                   errors.ENOTFOUND: (acquis.NotFoundError, LookupError), errors.ELIMIT: (acquis.LimitError,),
                   errors.EVERSION: (acquis.VersionError,)}
        for code, types in classes.items():
            e = errors.error(code, "the message")
            for t in types + (acquis.Error,):
                self.assertIsInstance(e, t)
            self.assertEqual((e.code, e.message, str(e)), (code, "the message", "the message"))
            self.assertTrue(e.reason)  # acq_strerror's name for it
        self.assertEqual(type(errors.error(-99, "x")), acquis.Error)

    def test_query_syntax_error_has_the_column(self):
        with acquis.Index(corpus_index()) as ix:
            with self.assertRaises(acquis.QuerySyntaxError) as cm:
                ix.search('europol "unclosed')
            self.assertEqual(cm.exception.column, 9)
            self.assertIn("quote", str(cm.exception))
            with self.assertRaises(acquis.QuerySyntaxError) as cm:
                ix.search("titel:europol")
            self.assertIn("unknown field 'titel'", str(cm.exception))
            # with filters, the column is still the caller's
            with self.assertRaises(acquis.QuerySyntaxError) as cm:
                ix.search('europol "unclosed', filters={"type": "REG"})
            self.assertEqual(cm.exception.column, 9)
            with self.assertRaises(acquis.ArgumentError):
                ix.search("europol", facets="no_such_field")
            with self.assertRaises(acquis.ArgumentError):
                ix.search("europol", stopwords="keep")  # built without stopwords
            with self.assertRaises(TypeError):
                ix.search(42)

    def test_missing_index_and_io(self):
        with self.assertRaises(acquis.NotFoundError) as cm:
            acquis.Index(self.tmp / "nothing-here")
        self.assertIn("acquis index", str(cm.exception))
        with self.assertRaises(acquis.FileError):
            acquis.Writer("/dev/null/index")

    def test_corrupt_index(self):
        with acquis.Writer(self.tmp) as w:
            for i in range(50):
                w.add(id="d%d" % i, text="europol police cooperation document %d " % i * 20)
        seg = [f for f in os.listdir(self.tmp) if f.endswith(".doc")][0]
        with open(self.tmp / seg, "r+b") as f:
            f.seek(20)
            b = f.read(1)
            f.seek(20)
            f.write(bytes([b[0] ^ 0xFF]))
        with acquis.Index(self.tmp) as ix:
            with self.assertRaises(acquis.CorruptIndexError) as cm:
                ix.verify()
            self.assertIn(seg, str(cm.exception))

    def test_limit(self):
        q = acquis.Term("a")
        for _ in range(70):
            q = acquis.Bool(must=[q])
        with acquis.Index(corpus_index()) as ix:
            with self.assertRaises(acquis.LimitError):
                ix.search(q)
            with self.assertRaises(acquis.ArgumentError):
                ix.search(acquis.Term("x", field="nofield"))


if __name__ == "__main__":
    unittest.main()
