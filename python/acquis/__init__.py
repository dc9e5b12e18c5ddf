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

Searches release the GIL: one Index serves many threads. Failures raise
:class:`acquis.Error` subclasses carrying the library's message.
"""
from ._native import LibraryNotFoundError, lib as _lib, library_path
from .errors import (ArgumentError, CorruptIndexError, Error, FileError, InputError, LimitError, LockedError,
                     NoMemoryError, NotFoundError, QuerySyntaxError, VersionError)
from .index import Document, Hit, Index, Results
from .query import Bool, Phrase, Query, Term
from .trec import Evaluation, Run, RunRow, Topic, batch, evaluate, measures, read_topics
from .writer import Writer

__version__ = "0.1.0"
#: The version of the loaded libacquis ("0.1.0").
library_version: str = _lib.acq_version().decode()

__all__ = ["Index", "Writer", "Hit", "Results", "Document", "Query", "Term", "Phrase", "Bool", "batch",
           "evaluate", "measures", "read_topics", "Run", "RunRow", "Topic", "Evaluation", "Error", "FileError",
           "CorruptIndexError", "NoMemoryError", "InputError", "QuerySyntaxError", "ArgumentError", "LockedError",
           "NotFoundError", "LimitError", "VersionError", "LibraryNotFoundError", "library_path",
           "library_version", "__version__"]
