"""acquis: full-text search of EU justice and home affairs law, from Python.

A binding over libacquis (the acquis C library, through ctypes)::

    import acquis

    with acquis.Writer("index") as w:                 # commits at the end
        w.add(id="eaw", title="European Arrest Warrant", text="Surrender ...")

    with acquis.Index("index") as ix:
        for hit in ix.search('"arrest warrant"', k=5):
            print(hit.docid, round(hit.score, 3), hit.title, hit.snippet)
        doc = ix.doc("eaw")

    run = acquis.batch("index", "topics.tsv", k=1000)  # acquis batch
    print(acquis.evaluate("qrels.txt", run)["map"])   # acquis eval
    ql = acquis.batch("index", "topics.tsv", model="ql", rm3=True)
    fused = acquis.fuse([run, ql], method="rrf")      # acquis fuse
    acquis.compare("qrels.txt", [run, ql, fused])     # acquis eval A B C

Searches release the GIL: one Index serves many threads. Failures raise
:class:`acquis.Error` subclasses carrying the library's message.
"""
from ._native import LibraryNotFoundError, lib as _lib, library_path
from .errors import (ArgumentError, CorruptIndexError, Error, FileError, InputError, LimitError, LockedError,
                     NoMemoryError, NotFoundError, QuerySyntaxError, VersionError)
from .index import ActLink, Citations, Document, Hit, Index, LanguageStats, Results
from .query import Bool, Phrase, Query, Term
from .trec import (Comparison, Evaluation, Run, RunRow, Topic, batch, compare, evaluate, fuse, measures,
                   paired_test, read_topics)
from .writer import Writer

__version__ = "0.1.0"
#: The version of the loaded libacquis ("0.1.0").
library_version: str = _lib.acq_version().decode()

__all__ = ["Index", "Writer", "Hit", "Results", "Document", "ActLink", "Citations", "LanguageStats", "fuse",
           "compare", "paired_test", "Comparison", "Query", "Term", "Phrase", "Bool", "batch",
           "evaluate", "measures", "read_topics", "Run", "RunRow", "Topic", "Evaluation", "Error", "FileError",
           "CorruptIndexError", "NoMemoryError", "InputError", "QuerySyntaxError", "ArgumentError", "LockedError",
           "NotFoundError", "LimitError", "VersionError", "LibraryNotFoundError", "library_path",
           "library_version", "__version__"]
