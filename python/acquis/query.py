"""query: queries built in code (acq_query_new_term/_phrase/_bool).

A built query is an immutable description; each search turns it into the C
tree, runs it and frees it, so one query object may be searched by many
threads at once. Operators combine them::

    Term("europol") & Phrase("police cooperation")     # both must match
    Term("europol") | Term("frontex")                  # either (ranked OR)
    Bool(must=[Term("europol")], filter=[Term("DIR", field="type")])
"""
from __future__ import annotations

import ctypes
from typing import Iterable, Optional, Tuple

from ._native import lib
from .errors import c_string, check

SHOULD, MUST, MUST_NOT, FILTER = 0, 1, 2, 3


class Query:
    """Base of built queries."""

    def _build(self) -> ctypes.c_void_p:  # pragma: no cover - abstract
        raise NotImplementedError

    def __and__(self, other: "Query") -> "Bool":
        return Bool(must=[self, other])

    def __or__(self, other: "Query") -> "Bool":
        return Bool(should=[self, other])

    def __sub__(self, other: "Query") -> "Bool":
        return Bool(must=[self], must_not=[other])


def _text(s: Optional[str]) -> Optional[bytes]:
    return None if s is None else c_string(s, "a query's text or field")


class Term(Query):
    """One word (analysed like a word of a query string; several terms, as
    in ``anti-money-laundering``, make a phrase) in ``field``: None or
    "body" (title and text), "title", or the keyword fields "id", "celex",
    "type", "lang" (matched whole)."""

    def __init__(self, text: str, field: Optional[str] = None) -> None:
        self.text, self.field = text, field

    def _build(self) -> ctypes.c_void_p:
        q = ctypes.c_void_p()
        check(lib.acq_query_new_term(ctypes.byref(q), _text(self.field), _text(self.text)),
              "bad term %r (field %r): unknown field, or invalid text" % (self.text, self.field))
        return q

    def __repr__(self) -> str:
        return "Term(%r%s)" % (self.text, ", field=%r" % self.field if self.field else "")


class Phrase(Query):
    """A phrase in "body" or "title": exact with ``slop=0``, else all its
    words within ``slop`` extra positions in any order (``"..."~N``)."""

    def __init__(self, text: str, field: Optional[str] = None, slop: int = 0) -> None:
        self.text, self.field, self.slop = text, field, slop

    def _build(self) -> ctypes.c_void_p:
        q = ctypes.c_void_p()
        check(lib.acq_query_new_phrase(ctypes.byref(q), _text(self.field), _text(self.text), self.slop),
              "bad phrase %r (field %r, slop %d): a phrase needs body or title and a slop of at most 1000"
              % (self.text, self.field, self.slop))
        return q

    def __repr__(self) -> str:
        return "Phrase(%r%s%s)" % (self.text, ", field=%r" % self.field if self.field else "",
                                  ", slop=%d" % self.slop if self.slop else "")


class Bool(Query):
    """Clauses joined as Lucene does: ``must`` match and score, ``should``
    score (at least one must match when there is no ``must``), ``must_not``
    exclude, ``filter`` restrict without scoring."""

    def __init__(self, must: Iterable[Query] = (), should: Iterable[Query] = (),
                 must_not: Iterable[Query] = (), filter: Iterable[Query] = ()) -> None:
        self.clauses: Tuple[Tuple[int, Query], ...] = tuple(
            [(MUST, q) for q in must] + [(SHOULD, q) for q in should] +
            [(MUST_NOT, q) for q in must_not] + [(FILTER, q) for q in filter])
        for _, q in self.clauses:
            if not isinstance(q, Query):
                raise TypeError("a Bool clause must be a Term, Phrase or Bool, not %r" % (q,))

    def _build(self) -> ctypes.c_void_p:
        q = ctypes.c_void_p()
        check(lib.acq_query_new_bool(ctypes.byref(q)), "out of memory")
        try:
            for occur, child in self.clauses:
                c = child._build()
                rc = lib.acq_query_add(q, c, occur)
                if rc != 0:
                    lib.acq_query_destroy(c)
                    check(rc, "cannot add a %s clause to a boolean query: the tree would nest deeper than 64 levels" % type(child).__name__)
        except BaseException:
            lib.acq_query_destroy(q)
            raise
        return q

    def __repr__(self) -> str:
        names = {MUST: "must", SHOULD: "should", MUST_NOT: "must_not", FILTER: "filter"}
        return "Bool(%s)" % ", ".join("%s=%r" % (names[o], q) for o, q in self.clauses)
