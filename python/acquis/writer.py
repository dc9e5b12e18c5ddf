"""writer: adding, replacing and deleting documents (acq_writer_*).

A :class:`Writer` is a context manager: the block's changes are committed
when it ends normally and rolled back (nothing of them reaches the index)
when it ends with an exception::

    with acquis.Writer("index") as w:
        w.add(id="32016R0794", title="Europol Regulation", text="...", type="REG")
        w.add({"id": "x", "text": "...", "eurovoc": ["police cooperation"]})
        w.delete("32008D0615")

One writer holds an index at a time (a second gets LockedError); a writer
is used by one thread at a time.
"""
from __future__ import annotations

import ctypes
import os
from typing import Any, Iterable, List, Mapping, Optional, Union

from . import _native
from ._native import lib
from .errors import ArgumentError, c_path, c_string, check

PathLike = Union[str, "os.PathLike[str]"]
BUILTIN = ("id", "title", "text", "lang", "date", "type", "celex", "url")


def _value(name: str, v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int, float)):
        return str(v)
    raise ArgumentError("field %s: a value is a string, number or bool (or a list of them), not %s"
                        % (name, type(v).__name__))


class Writer:
    """Opens (creating it if needed) the index at ``path`` for writing.

    Options, as ``acquis index``: ``memory_budget`` (bytes buffered before a
    segment is flushed; default 256 MB), ``default_lang`` (documents without
    ``lang`` whose language cannot be detected; "en"), ``keep_stopwords``,
    ``compression_level`` (1: LZ4, fastest; 2..9: deflate, smaller),
    ``replace`` (the first commit replaces every document already there:
    a rebuild), ``stemming``,
    ``merge_factor`` (0: 10; 1: no automatic merging) and
    ``detect_language`` (False: documents without ``lang`` get
    ``default_lang``).
    """

    def __init__(self, path: PathLike, *, memory_budget: int = 0, default_lang: Optional[str] = None,
                 keep_stopwords: bool = False, compression_level: int = 0, replace: bool = False,
                 stemming: bool = True, merge_factor: int = 0, detect_language: bool = True) -> None:
        self.path = os.fspath(path)
        self._w: Optional[ctypes.c_void_p] = None
        self._lang = c_string(default_lang, "default_lang") if default_lang else None  # kept alive while open
        self._opts = _native.WriterOptions(
            size=ctypes.sizeof(_native.WriterOptions), memory_budget=memory_budget, default_lang=self._lang,
            keep_stopwords=int(bool(keep_stopwords)), compression_level=compression_level,
            replace=int(bool(replace)), no_stemming=0 if stemming else 1, merge_factor=merge_factor,
            no_lang_detect=0 if detect_language else 1)
        self._open()

    def _open(self) -> None:
        w = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(1024)
        check(lib.acq_writer_open(ctypes.byref(w), c_path(self.path), ctypes.byref(self._opts), msg, 1024),
              msg.value)
        self._w = w

    def _handle(self) -> ctypes.c_void_p:
        if self._w is None:
            raise ArgumentError("the writer of %s is closed" % self.path)
        return self._w

    def _check(self, rc: int) -> None:
        if rc != 0:
            check(rc, lib.acq_writer_errmsg(self._w) or b"")

    # ---- changes ----------------------------------------------------------------

    def add(self, doc: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> None:
        """Adds a document, given as a dict, as keyword arguments, or both
        (keywords win): ``id`` (required, unique: a document with a known id
        replaces it at the next commit), ``title``, ``text``, ``lang``,
        ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``type``, ``celex``,
        ``url``; any other key is an extra keyword field (a string, number
        or bool, or a list of them), stored and searchable by name."""
        d = dict(doc or {})
        d.update(fields)
        w = self._handle()
        cdoc = _native.Document()
        keep: List[bytes] = []
        extra = []
        for name, v in d.items():
            if v is None:
                continue
            if name in BUILTIN:
                if not isinstance(v, str):
                    raise ArgumentError("document field %s must be a string, not %s" % (name, type(v).__name__))
                b = v.encode("utf-8", "surrogatepass")
                keep.append(b)
                setattr(cdoc, name, b)
                setattr(cdoc, name + "_len", len(b))
                if not b:  # a _len of 0 means NUL-terminated: "" is simply absent
                    setattr(cdoc, name, None)
            else:
                for item in (v if isinstance(v, (list, tuple)) else [v]):
                    extra.append((c_string(name, "a field name"), _value(name, item).encode("utf-8", "surrogatepass")))
        if cdoc.id is None:
            raise ArgumentError("a document needs an id (1 to 254 bytes of UTF-8)")
        farr = (_native.Field * len(extra))()
        for i, (n, v) in enumerate(extra):
            farr[i].name, farr[i].value, farr[i].value_len = n, v, len(v)
            if not v:
                farr[i].value, farr[i].value_len = b"", 0
        self._check(lib.acq_writer_add_fields(w, ctypes.byref(cdoc), farr if extra else None, len(extra)))

    def add_many(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Adds every document of an iterable (dicts, as ``add``, e.g. the
        lines of a JSON Lines file); returns how many."""
        n = 0
        for d in docs:
            self.add(d)
            n += 1
        return n

    def delete(self, *ids: str) -> None:
        """Deletes the documents with these ids at the next commit (those
        added before this call included); unknown ids are no error."""
        w = self._handle()
        for i in ids:
            self._check(lib.acq_writer_delete(w, c_string(i, "the document id")))

    def delete_query(self, query: str) -> None:
        """Deletes, at the next commit, every match of a query string
        (``type:DEC date:..1999``); QuerySyntaxError with its column."""
        self._check(lib.acq_writer_delete_query(self._handle(), c_string(query, "the query")))

    def commit(self) -> None:
        """Makes the changes durable and visible to indexes opened afterwards
        (atomically: a crash keeps the previous commit)."""
        self._check(lib.acq_writer_commit(self._handle()))

    def merge(self) -> None:
        """Commits, then merges every segment into one and drops deleted
        documents for good (``acquis optimize``)."""
        self._check(lib.acq_writer_merge(self._handle()))

    optimize = merge

    def rollback(self) -> None:
        """Drops every change since the last commit; the writer stays open."""
        w = self._handle()
        self._w = None
        lib.acq_writer_close(w)
        self._open()

    # ---- state and lifetime -----------------------------------------------------

    @property
    def segment_count(self) -> int:
        """Segments in the last commit."""
        return lib.acq_writer_segment_count(self._handle())

    @property
    def doc_count(self) -> int:
        """Documents added since the writer was opened (uncommitted ones too)."""
        return lib.acq_writer_doc_count(self._handle())

    def close(self) -> None:
        """Rolls back anything uncommitted and releases the index."""
        w, self._w = self._w, None
        if w is not None:
            lib.acq_writer_close(w)

    @property
    def closed(self) -> bool:
        return self._w is None

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None and self._w is not None:
                self.commit()
        finally:
            self.close()

    def __del__(self) -> None:
        if getattr(self, "_w", None) is not None:
            lib.acq_writer_close(self._w)
            self._w = None

    def __repr__(self) -> str:
        return "<acquis.Writer %r%s>" % (self.path, " closed" if self.closed else "")
