"""index: reading and searching an index (acq_index_*, acq_search,
acq_search_query, acq_results_*).

One :class:`Index` may be searched from any number of threads at once: the
C search runs with the GIL released, and :meth:`Index.close` waits for the
searches in flight. Hits are copied into Python objects before the C
results are freed, so nothing returned points into the library.
"""
from __future__ import annotations

import ctypes
import os
import struct
import threading
from typing import Any, Dict, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

from . import _native
from ._native import lib, plib
from .errors import ArgumentError, ENOMEM, EQUERY, NotFoundError, c_path, c_string, check, error
from .query import Bool, Query, Term

PathLike = Union[str, "os.PathLike[str]"]
_MSG = 1024
_STOPWORDS = {None: 0, "index": 0, "drop": 1, "keep": 2}
_MODELS = (None, "bm25", "ql", "dph", "sdm")


def _relevance(opts: "_native.SearchOptions", model: Optional[str] = None, mu: Optional[float] = None,
               rm3: bool = False, bo1: bool = False, fb_docs: Optional[int] = None,
               fb_terms: Optional[int] = None, fb_orig_weight: Optional[float] = None,
               title_weight: Optional[float] = None, expand: bool = True,
               thesaurus: Optional[PathLike] = None) -> None:
    """Sets the ranking model, feedback, title weight and expansion options
    of acq_search_options, checked as ``acquis search``/``batch`` check
    their --model, --mu, --rm3, --bo1, --fb-*, --title-weight options."""
    if model not in _MODELS:
        raise ArgumentError("model must be 'bm25', 'ql', 'dph' or 'sdm', not %r" % (model,))
    if rm3 and bo1:
        raise ArgumentError("rm3 and bo1 are two kinds of feedback: choose one")
    if model is not None:
        opts.model = model.encode()
    if mu is not None:
        if not mu >= 1:
            raise ArgumentError("mu wants a number >= 1, such as 1000")
        opts.mu = mu
    if rm3 or bo1:
        opts.feedback = 1 if rm3 else 2
    for name, v in (("fb_docs", fb_docs), ("fb_terms", fb_terms)):
        if v is not None:
            if not isinstance(v, int) or not 1 <= v <= 1000:
                raise ArgumentError("%s wants a whole number from 1 to 1000" % name)
            setattr(opts, name, v)
    if fb_orig_weight is not None:
        if not 0 <= fb_orig_weight <= 1:
            raise ArgumentError("fb_orig_weight wants a number from 0 to 1, such as 0.5")
        opts.fb_orig_weight = fb_orig_weight
    if title_weight is not None:
        if not 0 <= title_weight <= 1000:
            raise ArgumentError("title_weight wants a number >= 0, such as 2")
        opts.title_weight = title_weight
    if not expand:
        opts.no_expand = 1
    if thesaurus is not None:
        opts.thesaurus = c_path(os.fspath(thesaurus))


class Hit(NamedTuple):
    """One hit: the document's id (``docid``), its BM25 ``score``, its stored
    fields, the best passage (``snippet``) with the character offsets of its
    highlighted ``matches`` ((start, end) pairs into ``snippet``), the
    ``explanation`` of the score when asked for, the extra keyword
    ``fields`` (name -> values), ``collapsed`` (matches folded into this hit
    by ``collapse``) and ``docno`` (its number in this snapshot).

    ``fields`` is decoded when first read (a dict, the same one after):
    until then the tuple's item 11 holds a read-only mapping standing in
    for it, which compares, prints and pickles as the dict."""
    docid: str
    score: float
    title: str
    date: str
    type: str
    lang: str
    celex: str
    url: str
    snippet: Optional[str]
    matches: Tuple[Tuple[int, int], ...]
    explanation: Optional[str]
    fields: Dict[str, List[str]]
    collapsed: int
    docno: int

    @property
    def id(self) -> str:
        """The same as ``docid``."""
        return self.docid


_hit_fields_item = Hit.fields  # the tuple's item 11, which may be a _Fields until asked for


def _hit_fields(self: Hit) -> Dict[str, List[str]]:
    v = _hit_fields_item.__get__(self)
    return v.dict() if type(v) is _Fields else v


def _hit_asdict(self: Hit) -> Dict[str, Any]:
    d = dict(zip(self._fields, self))
    d["fields"] = self.fields
    return d


Hit.fields = property(_hit_fields, doc="The extra keyword fields: name -> values.")  # type: ignore[assignment]
Hit._asdict = _hit_asdict  # type: ignore[assignment]


class Document(NamedTuple):
    """A stored document, whole (``Index.doc``); absent fields are ""."""
    id: str
    title: str
    text: str
    lang: str
    date: str
    type: str
    celex: str
    url: str
    fields: Dict[str, List[str]]
    #: With ``Index.doc(id, query=...)``: (start, end) character offsets
    #: into ``text`` of the query's words, in text order; else ().
    matches: Tuple[Tuple[int, int], ...] = ()

    def to_dict(self) -> Dict[str, Any]:
        """The document as ``Writer.add`` takes it (and as JSON Lines):
        extra fields as top-level keys, a single value as a string."""
        d: Dict[str, Any] = {k: v for k, v in zip(self._fields[:8], self[:8]) if v}
        for name, values in self.fields.items():
            d[name] = values[0] if len(values) == 1 else list(values)
        return d


class ActLink(NamedTuple):
    """One act citing or cited by another (``Index.cites``/``cited_by``):
    its ``celex``, its ``name`` in the instruments table (or ""), its
    ``title`` and ``date`` in the index (or ""), and ``count``, the
    documents (versions, articles) behind the citation."""
    celex: str
    name: str
    title: str
    date: str
    count: int


class Citations(Sequence[ActLink]):
    """The acts an act cites, or that cite it, most documents first:
    ``act`` is the CELEX number the reference resolved to; ``documents``
    the act's documents in the index (``cites``) or the documents citing
    it (``cited_by``)."""

    __slots__ = ("act", "documents", "links")

    def __init__(self, act: str, documents: int, links: List[ActLink]) -> None:
        self.act, self.documents, self.links = act, documents, links

    def __getitem__(self, i):  # type: ignore[override]
        return self.links[i]

    def __len__(self) -> int:
        return len(self.links)

    def __iter__(self) -> Iterator[ActLink]:
        return iter(self.links)

    def __repr__(self) -> str:
        return "<Citations of %s: %d acts, %d documents>" % (self.act, len(self.links), self.documents)


class LanguageStats(NamedTuple):
    """One language of an index: its code, live ``documents``, ``tokens``
    indexed from their titles and texts, and distinct ``terms`` (0 unless
    asked for)."""
    lang: str
    documents: int
    tokens: int
    terms: int


def _char_offsets(text: bytes, offsets, n: int) -> Tuple[Tuple[int, int], ...]:
    """(start, end) byte offsets into UTF-8 text, in text order, as
    character offsets (one pass over the text, not one decode per pair)."""
    out = []
    byte_at = char_at = start = 0
    for i in range(2 * n):
        off = offsets[i]
        if off < byte_at:  # not in order: count from the start again
            byte_at = char_at = 0
        char_at += len(text[byte_at:off].decode("utf-8", "replace"))
        byte_at = off
        if i % 2:
            out.append((start, char_at))
        else:
            start = char_at
    return tuple(out)


class Results(Sequence[Hit]):
    """The hits of one search, in rank order, with ``total`` (every match
    when ``count=True``, else the hits returned) and ``facets`` (field ->
    list of (value, count), most frequent first) and ``facets_distinct``
    (field -> number of distinct values among all matches)."""

    __slots__ = ("hits", "total", "facets", "facets_distinct")

    def __init__(self, hits: List[Hit], total: int, facets: Dict[str, List[Tuple[str, int]]],
                 distinct: Dict[str, int]) -> None:
        self.hits, self.total, self.facets, self.facets_distinct = hits, total, facets, distinct

    def __getitem__(self, i):  # type: ignore[override]
        return self.hits[i]

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __repr__(self) -> str:
        return "<Results: %d hits of %d>" % (len(self.hits), self.total)


def _s(b: Optional[bytes]) -> str:
    return b.decode("utf-8", "replace") if b else ""


def _fields(arr, n: int) -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    for i in range(n):
        f = arr[i]
        out.setdefault(f.name.decode("utf-8", "replace"), []).append(_s(f.value))
    return out


def _matches(snippet: bytes, offsets, n: int) -> Tuple[Tuple[int, int], ...]:
    """Byte offsets into the UTF-8 snippet, as character offsets."""
    out = []
    for i in range(n):
        s, e = offsets[2 * i], offsets[2 * i + 1]
        cs = len(snippet[:s].decode("utf-8", "replace"))
        out.append((cs, cs + len(snippet[s:e].decode("utf-8", "replace"))))
    return tuple(out)


def _filter_clause(field: str, value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        values = list(value)
        if not values:
            raise ArgumentError("filter %s: an empty list of values matches nothing" % field)
        return "+(" + " OR ".join(_filter_clause(field, v)[1:] for v in values) + ")"
    if not isinstance(field, str) or not field or not all(c.isalnum() or c == "_" for c in field):
        raise ArgumentError("bad filter field name %r" % (field,))
    v = value if isinstance(value, str) else ("true" if value is True else "false" if value is False else str(value))
    if field == "date":
        if not v or any(c.isspace() or c == '"' for c in v):
            raise ArgumentError("filter date: %r is not a date or range (2016, 2015..2018, 2016-05..)" % (v,))
        return "+date:" + v
    if '"' in v:
        raise ArgumentError('filter %s: a value cannot contain a double quote (")' % field)
    return '+%s:"%s"' % (field, v)


_OPTIONS: Dict[Any, "_native.SearchOptions"] = {}  # Index.search's options by their values
_ROW = struct.Struct("=dQQQ")  # acq_hit_row: score, docno, collapsed, field_count
_ROW_ARRAYS: Dict[int, Any] = {}  # HitRow array types by length
_TLS = threading.local()  # per thread: the buffer acq_results_text writes into


def _row_array(n: int) -> Any:
    t = _ROW_ARRAYS.get(n)
    if t is None:
        t = _native.HitRow * max(n, 1)
        if len(_ROW_ARRAYS) < 2048:
            _ROW_ARRAYS[n] = t
    return t()


def _rows_results(arr: Any, n: int, total: int) -> "Results":
    """The hits of acq_search_rows: scores, docnos and collapsed counts."""
    new = tuple.__new__  # what Hit._make does, without its checks
    return Results([new(Hit, ("", score, "", "", "", "", "", "", None, (), None, {}, collapsed, docno))
                    for score, docno, collapsed, _ in _ROW.iter_unpack(memoryview(arr).cast("B")[:n * _ROW.size])],
                   total, {}, {})


def _results_text(res: ctypes.c_void_p) -> Tuple[bytes, int]:
    """acq_results_text and the length of its first part, through a buffer
    kept per thread."""
    buf = getattr(_TLS, "buf", None)
    if buf is None:
        buf = _TLS.buf = ctypes.create_string_buffer(1 << 16)
    n, head = ctypes.c_size_t(), ctypes.c_size_t()
    plib.acq_results_text(res, buf, len(buf), ctypes.byref(n), ctypes.byref(head))
    if n.value > len(buf):
        buf = _TLS.buf = ctypes.create_string_buffer(n.value + (n.value >> 2))
        plib.acq_results_text(res, buf, len(buf), ctypes.byref(n), ctypes.byref(head))
    return ctypes.string_at(buf, n.value), head.value


def _parse_fields(raw: bytes) -> Dict[str, List[str]]:
    """A hit's extra fields from their part of acq_results_text: G, then
    per name the name, the number of values and the values."""
    parts = raw.decode("utf-8", "replace").split("\0")
    fields: Dict[str, List[str]] = {}
    q = 1
    for _ in range(int(parts[0])):
        nv = int(parts[q + 1])
        fields.setdefault(parts[q], []).extend(parts[q + 2:q + 2 + nv])
        q += 2 + nv
    return fields


class _Fields(Mapping[str, List[str]]):
    """A hit's extra fields, decoded when first asked for (an act may cite
    hundreds of others: most searches never look). ``Hit.fields`` gives the
    dict; this stands in the tuple until then. ``_v``: the bytes of the
    hit's part of acq_results_text, then the dict."""

    __slots__ = ("_v",)

    def dict(self) -> Dict[str, List[str]]:
        v = self._v
        if type(v) is bytes:
            v = self._v = _parse_fields(v)
        return v  # type: ignore[return-value]

    def __getitem__(self, name: str) -> List[str]:
        return self.dict()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.dict())

    def __len__(self) -> int:
        return len(self.dict())

    def __eq__(self, other: object) -> bool:
        return self.dict() == (other.dict() if isinstance(other, _Fields) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.dict())

    def __reduce__(self) -> Any:  # pickled as the dict it stands for
        return (dict, (self.dict(),))


def _bulk_results(res: ctypes.c_void_p, with_fields: bool, with_facets: bool) -> "Results":
    """The hits of a search without snippets or explanations: their numbers
    as rows (acq_results_rows) and their stored fields as one text
    (acq_results_text), two calls for all hits; each hit's extra fields
    are decoded when first asked for."""
    n = plib.acq_results_count(res)
    arr = _row_array(n)
    plib.acq_results_rows(res, arr, n)
    rows = _ROW.iter_unpack(memoryview(arr).cast("B")[:n * _ROW.size])
    new = tuple.__new__
    if not with_fields:
        hits = [new(Hit, ("", score, "", "", "", "", "", "", None, (), None, {}, collapsed, docno))
                for score, docno, collapsed, _ in rows]
        return Index._finish(res, hits, with_facets)
    raw, head = _results_text(res)
    parts = raw[:head].decode("utf-8", "replace").split("\0")
    hits = []
    append = hits.append
    make = object.__new__
    p = 0
    off = head
    for score, docno, collapsed, nfields in rows:
        size = int(parts[p + 7])
        if nfields:
            fields = make(_Fields)
            fields._v = raw[off:off + size]
        else:
            fields = {}
        append(new(Hit, (parts[p], score, parts[p + 1], parts[p + 2], parts[p + 3], parts[p + 4], parts[p + 5],
                         parts[p + 6], None, (), None, fields, collapsed, docno)))
        off += size
        p += 8
    return Index._finish(res, hits, with_facets)


_hit_address = _native.results_hit_address
_HIT_SIZE = ctypes.sizeof(_native.Hit)
_HIT_ARRAYS: Dict[int, Any] = {}  # array types by length (making one costs µs)


class Index:
    """An open index: a snapshot of its last commit (later commits are seen
    by indexes opened afterwards). A context manager::

        with acquis.Index("index") as ix:
            for hit in ix.search("Prüm", k=5):
                print(hit.docid, hit.score, hit.title)
    """

    def __init__(self, path: PathLike) -> None:
        self.path = os.fspath(path)
        self._ix: Optional[ctypes.c_void_p] = None
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._closing = False
        self._active = 0
        ix = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(_MSG)
        check(lib.acq_index_open(ctypes.byref(ix), c_path(self.path), msg, _MSG), msg.value)
        self._ix = ix

    # ---- lifetime -----------------------------------------------------------

    def close(self) -> None:
        """Closes the index once the searches in flight have returned.
        Closing twice is harmless; using a closed index raises ArgumentError."""
        with self._lock:
            self._closing = True
            if self._active == 0:
                self._idle.set()
        self._idle.wait()
        with self._lock:
            ix, self._ix = self._ix, None
        if ix is not None:
            lib.acq_index_close(ix)

    @property
    def closed(self) -> bool:
        return self._closing

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_ix", None) is not None:
            lib.acq_index_close(self._ix)
            self._ix = None
            self._closing = True

    def __repr__(self) -> str:
        return "<acquis.Index %r%s>" % (self.path, " closed" if self.closed else "")

    def _enter(self) -> ctypes.c_void_p:
        with self._lock:
            if self._closing:
                raise ArgumentError("the index %s is closed" % self.path)
            self._active += 1
            return self._ix  # type: ignore[return-value]

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._closing:
                self._idle.set()

    # ---- searching ------------------------------------------------------------

    def search(self, query: Union[str, Query], k: int = 10, offset: int = 0, *,
               filters: Optional[Mapping[str, Any]] = None, snippets: bool = True, explain: bool = False,
               k1: Optional[float] = None, b: Optional[float] = None, plain: bool = False,
               lang: Optional[str] = None, count: bool = False,
               facets: Union[None, str, Sequence[str]] = None, facet_limit: int = 0,
               collapse: Optional[str] = None, stopwords: Optional[str] = None,
               fields: bool = True, exhaustive: bool = False, model: Optional[str] = None,
               mu: Optional[float] = None, rm3: bool = False, bo1: bool = False, fb_docs: Optional[int] = None,
               fb_terms: Optional[int] = None, fb_orig_weight: Optional[float] = None,
               title_weight: Optional[float] = None, expand: bool = True,
               thesaurus: Optional[PathLike] = None) -> Results:
        """Searches the index; the hits are ranked by BM25 unless ``model``
        says otherwise.

        ``query`` is a query string in acquis's query language (see the
        README: words, ``"phrases"``, ``"near words"~5``, AND OR NOT + -,
        ``field:value``, ``prefix*``, ``date:2015..2018``), plain text with
        ``plain=True`` (its distinct words make a ranked OR: TREC topics,
        pasted text), or a built :class:`~acquis.Query`.

        ``k`` hits from ``offset``; ``filters`` restrict without scoring, as
        ``{"type": "DIR", "date": "2015..2018", "eurovoc": ["a", "b"]}`` (a
        list: any of them; query syntax or built queries, not ``plain``);
        ``snippets`` computes each hit's best passage; ``explain`` fills
        ``Hit.explanation``; ``k1``/``b`` set BM25's parameters (default 0.9
        and 0.4); ``lang`` analyses the query in that language; ``count``
        counts every match exactly (``Results.total``); ``facets`` counts
        the values of these fields over all matches (``Results.facets``);
        ``collapse`` keeps the best hit per value of a keyword field;
        ``stopwords`` is "keep" or "drop" (default: as the index was built);
        ``fields=False`` returns scores and docnos only (the fastest form:
        string fields are then ""); ``exhaustive`` turns pruning off.

        Ranking (as ``acquis search``'s options; plain text or a ranked OR of
        words, else ArgumentError): ``model`` "bm25" (default), "ql" (query
        likelihood, Dirichlet ``mu``, default 1000), "dph" or "sdm"
        (sequential dependence); ``rm3=True`` or ``bo1=True`` pseudo-relevance
        feedback with ``fb_docs``, ``fb_terms`` and (RM3) ``fb_orig_weight``;
        ``title_weight`` also scores each word in the title with that weight.
        ``expand=False`` keeps instrument names and act numbers ("Prüm",
        "2008/615") as words (``--no-expand``); ``thesaurus`` (a path)
        expands thesaurus labels to their synonyms (``--thesaurus``).
        :meth:`describe` shows what a query expands to.

        Raises QuerySyntaxError (with ``.column``) for a bad query,
        ArgumentError for bad options, CorruptIndexError for a damaged index.
        """
        if stopwords not in _STOPWORDS:
            raise ArgumentError("stopwords must be None, 'index', 'keep' or 'drop', not %r" % (stopwords,))
        if isinstance(facets, (list, tuple)):
            facets = ",".join(facets)
        relevance = (model is not None or rm3 or bo1 or not expand or mu is not None or fb_docs is not None
                     or fb_terms is not None or fb_orig_weight is not None or title_weight is not None
                     or thesaurus is not None)
        key = None
        if not relevance:
            # The options of a search without ranking options, built once
            # per distinct set and shared (the library only reads them).
            key = (k, offset, k1, b, lang, bool(snippets), bool(count), bool(explain), bool(fields), bool(plain),
                   bool(exhaustive), stopwords, facets, facet_limit, collapse)
            opts = _OPTIONS.get(key)
            if opts is not None:
                return self._search(query, filters, plain, opts, k, snippets, explain, fields, facets)
        opts = _native.SearchOptions.from_buffer_copy(_native.DEFAULT_SEARCH_OPTIONS)
        if k > 0:
            opts.k = k
        if offset:
            opts.offset = offset
        if k1 is not None:
            opts.k1 = k1
        if b is not None:
            opts.b = b
        if lang:
            opts.lang = c_string(lang, "lang")
        opts.snippets, opts.count, opts.explain = bool(snippets), bool(count), bool(explain)
        opts.no_fields, opts.plain, opts.exhaustive = not fields, bool(plain), bool(exhaustive)
        if stopwords:
            opts.stopwords = _STOPWORDS[stopwords]
        if facets:
            opts.facets, opts.facet_limit = c_string(facets, "facets"), facet_limit
        if collapse:
            opts.collapse = c_string(collapse, "collapse")
        if relevance:
            _relevance(opts, model, mu, rm3, bo1, fb_docs, fb_terms, fb_orig_weight, title_weight, expand,
                       thesaurus)
        if k < 0 or offset < 0:
            raise ArgumentError("k and offset must be >= 0")
        if key is not None:
            if len(_OPTIONS) >= 256:
                _OPTIONS.clear()
            _OPTIONS[key] = opts
        return self._search(query, filters, plain, opts, k, snippets, explain, fields, facets)

    def _search(self, query: Union[str, Query], filters: Optional[Mapping[str, Any]], plain: bool,
                opts: _native.SearchOptions, k: int, snippets: bool, explain: bool, fields: bool,
                facets: Optional[str]) -> Results:
        if snippets or explain:  # the rare, costly kind: hit by hit
            return self._run(query, filters, plain, opts, lambda res: self._results(res, True, bool(facets)))
        if not fields and not facets and isinstance(query, str):
            # Ranked docnos only: one call into the library (acq_search_rows).
            return self._run(query, filters, plain, opts, _rows_results, k or 10)
        return self._run(query, filters, plain, opts, lambda res: _bulk_results(res, fields, bool(facets)))

    def _run(self, query: Union[str, Query], filters: Optional[Mapping[str, Any]], plain: bool,
             opts: _native.SearchOptions, reader: Any, rows: int = 0) -> Any:
        """Runs one search and returns reader(results) (the C results are
        freed afterwards); with ``rows`` (a query string only), runs it
        through acq_search_rows with room for that many hits and returns
        reader(row array, hits, total)."""
        built = None
        if isinstance(query, Query):
            if filters:
                query = Bool(must=[query], filter=[self._built_filter(f, v) for f, v in filters.items()])
        elif isinstance(query, str):
            if filters:
                if plain:
                    raise ArgumentError("filters need a query in the query language (plain=False) or a built "
                                        "query; add them to the query string instead")
                # Appended, not wrapped in parentheses: a stray ")" that the
                # query language reads as text would close the wrapping.
                text = query + " " + " ".join(_filter_clause(f, v) for f, v in filters.items())
            else:
                text = query
            ctext = c_string(text, "the query")
        else:
            raise TypeError("query must be a str or an acquis.Query, not %s" % type(query).__name__)
        ix = self._enter()
        res = ctypes.c_void_p()
        try:
            if isinstance(query, Query):
                built = query._build()
            # No message buffer on the way (its cost shows at a few µs per
            # search): a failed search is run again to get its message.
            if built is not None:
                rc = lib.acq_search_query(ctypes.byref(res), ix, built, ctypes.byref(opts), None, 0)
            elif rows:
                out = getattr(_TLS, "rows", None)  # this thread's row array, counts
                if out is None or out[0] != rows:
                    out = _TLS.rows = (rows, _row_array(rows), ctypes.c_size_t(), ctypes.c_uint64())
                _, arr, n, total = out
                rc = lib.acq_search_rows(arr, rows, n, total, ix, ctext, opts, None, 0)
                if rc == 0:
                    return reader(arr, n.value, total.value)
            else:
                rc = lib.acq_search(ctypes.byref(res), ix, ctext, ctypes.byref(opts), None, 0)
            if rc != 0:
                msg = ctypes.create_string_buffer(_MSG)
                if built is not None:
                    rc = lib.acq_search_query(ctypes.byref(res), ix, built, ctypes.byref(opts), msg, _MSG)
                else:
                    rc = lib.acq_search(ctypes.byref(res), ix, ctext, ctypes.byref(opts), msg, _MSG)
                if rc == 0:  # failed once (out of memory?), not twice
                    plib.acq_results_free(res)
                    rc = ENOMEM
                    msg.value = b"the search failed, then succeeded when run again to get its message"
                if rc == EQUERY and filters:
                    # Report the error against the query as the caller wrote it.
                    bare = ctypes.c_void_p()
                    opts = _native.SearchOptions.from_buffer_copy(opts)  # shared: changed in a copy
                    opts.k, opts.snippets, opts.count, opts.facets = 1, 0, 0, None
                    if lib.acq_search(ctypes.byref(bare), ix, c_string(query, "the query"), ctypes.byref(opts),
                                      msg, _MSG) == 0:
                        plib.acq_results_free(bare)
                        msg.value = ("in the filters: " + str(filters)).encode()
                raise error(rc, msg.value.decode("utf-8", "replace"))
            try:
                return reader(res)
            finally:
                plib.acq_results_free(res)
        finally:
            if built is not None:
                lib.acq_query_destroy(built)
            self._leave()

    @staticmethod
    def _built_filter(field: str, value: Any) -> Query:
        if isinstance(value, (list, tuple, set, frozenset)):
            return Bool(should=[Index._built_filter(field, v) for v in value])
        if field not in ("id", "celex", "type", "lang"):
            raise ArgumentError("a built query filters on id, celex, type or lang only; for %s use a query "
                                "string (%s:...)" % (field, field))
        return Term(str(value), field=field)

    @staticmethod
    def _hits(res: ctypes.c_void_p) -> Sequence[_native.Hit]:
        """The acq_hit structs of a result: read as one array when the
        library keeps them in one (as it does: acq_results_hit(r, i) is then
        hit 0's address plus i structs; checked on the last hit), else hit by
        hit."""
        n = plib.acq_results_count(res)
        if n == 0:
            return ()
        first = _hit_address(res, 0)
        if _hit_address(res, n - 1) == first + (n - 1) * _HIT_SIZE:
            t = _HIT_ARRAYS.get(n)
            if t is None:
                t = _native.Hit * n
                if len(_HIT_ARRAYS) < 2048:
                    _HIT_ARRAYS[n] = t
            return t.from_address(first)
        return [plib.acq_results_hit(res, i).contents for i in range(n)]

    @staticmethod
    def _results(res: ctypes.c_void_p, with_fields: bool = True, with_facets: bool = True) -> Results:
        hits: List[Hit] = []
        append = hits.append
        if not with_fields:  # scores and docnos only: nothing else is there
            new = tuple.__new__  # what Hit._make does, without its checks
            for h in Index._hits(res):
                append(new(Hit, ("", h.score, "", "", "", "", "", "", None, (), None, {}, 0, h.docno)))
            return Index._finish(res, hits, with_facets)
        for h in Index._hits(res):
            snippet = h.snippet
            mc = h.match_count
            fc = h.field_count
            append(Hit(h.id.decode("utf-8", "replace") if h.id else "", h.score, _s(h.title), _s(h.date),
                       _s(h.type), _s(h.lang), _s(h.celex), _s(h.url),
                       snippet.decode("utf-8", "replace") if snippet is not None else None,
                       _matches(snippet, h.match_offsets, mc) if mc and snippet else (),
                       h.explanation.decode("utf-8", "replace") if h.explanation else None,
                       _fields(h.fields, fc) if fc else {}, h.collapsed, h.docno))
        return Index._finish(res, hits, with_facets)

    @staticmethod
    def _finish(res: ctypes.c_void_p, hits: List[Hit], with_facets: bool) -> Results:
        total = plib.acq_results_total(res)
        facets: Dict[str, List[Tuple[str, int]]] = {}
        distinct: Dict[str, int] = {}
        for i in range(plib.acq_results_facets(res) if with_facets else 0):
            vals = ctypes.POINTER(_native.FacetValue)()
            nv, nd = ctypes.c_size_t(), ctypes.c_uint64()
            name = plib.acq_results_facet(res, i, ctypes.byref(vals), ctypes.byref(nv), ctypes.byref(nd))
            if name is None:
                continue
            facets[_s(name)] = [(_s(vals[j].value), vals[j].count) for j in range(nv.value)]
            distinct[_s(name)] = nd.value
        return Results(hits, total, facets, distinct)

    def count(self, query: Union[str, Query], **kw: Any) -> int:
        """The exact number of documents matching the query."""
        return self.search(query, k=1, snippets=False, count=True, fields=False, **kw).total

    # ---- documents --------------------------------------------------------------

    def doc(self, docid: str, query: Union[None, str] = None, **options: Any) -> Document:
        """The stored document with this id, whole; NotFoundError (a
        LookupError) if there is none. With ``query`` (a query string, as
        :meth:`search` takes it, with its ``lang``, ``plain``, ``stopwords``
        and expansion options), ``Document.matches`` holds where its words
        occur in the text (:meth:`highlight`)."""
        d = self._doc(docid)
        if query is None:
            return d
        return d._replace(matches=self.highlight(query, d.text, **options))

    def highlight(self, query: str, text: str, *, lang: Optional[str] = None, plain: bool = False,
                  stopwords: Optional[str] = None, expand: bool = True,
                  thesaurus: Optional[PathLike] = None) -> Tuple[Tuple[int, int], ...]:
        """Where the words of ``query`` occur in ``text`` (any text, such as
        a stored document's): (start, end) character offsets in text order,
        the words a snippet would highlight (not those of NOT clauses or
        keyword filters), analysed as :meth:`search` analyses them.
        QuerySyntaxError for a bad query."""
        opts = self._options(lang, plain, stopwords, expand, thesaurus)
        data = text.encode("utf-8", "surrogatepass")
        ctext = c_string(query, "the query")
        offs = ctypes.POINTER(ctypes.c_uint32)()
        n = ctypes.c_size_t()
        msg = ctypes.create_string_buffer(_MSG)
        ix = self._enter()
        try:
            check(lib.acq_highlight(ctypes.byref(offs), ctypes.byref(n), ix, ctext, ctypes.byref(opts), data,
                                    len(data), msg, _MSG), msg.value)
        finally:
            self._leave()
        try:
            return _char_offsets(data, offs, n.value)
        finally:
            lib.acq_highlight_free(offs)

    @staticmethod
    def _options(lang: Optional[str], plain: bool, stopwords: Optional[str], expand: bool,
                 thesaurus: Optional[PathLike]) -> "_native.SearchOptions":
        if stopwords not in _STOPWORDS:
            raise ArgumentError("stopwords must be None, 'index', 'keep' or 'drop', not %r" % (stopwords,))
        opts = _native.SearchOptions.from_buffer_copy(_native.DEFAULT_SEARCH_OPTIONS)
        if lang:
            opts.lang = c_string(lang, "lang")
        opts.plain, opts.stopwords = bool(plain), _STOPWORDS[stopwords]
        _relevance(opts, expand=expand, thesaurus=thesaurus)
        return opts

    def describe(self, query: str, *, lang: Optional[str] = None, plain: bool = False,
                 stopwords: Optional[str] = None, expand: bool = True,
                 thesaurus: Optional[PathLike] = None) -> str:
        """What :meth:`search` runs for ``query`` with these options: a
        line per instrument name or act number that expands ("Prüm" =
        Prüm Decision 32008D0615 ...), then "query: " and the whole query
        tree (what ``acquis search --explain`` prints first)."""
        opts = self._options(lang, plain, stopwords, expand, thesaurus)
        ctext = c_string(query, "the query")
        msg = ctypes.create_string_buffer(_MSG)
        size = 1 << 16
        ix = self._enter()
        try:
            while True:
                out = ctypes.create_string_buffer(size)
                check(lib.acq_query_describe(ix, ctext, ctypes.byref(opts), out, size, msg, _MSG), msg.value)
                if len(out.value) < size - 1 or size >= 1 << 24:
                    return out.value.decode("utf-8", "replace")
                size *= 4  # cut to the buffer: ask again with more room
        finally:
            self._leave()

    # ---- citations ----------------------------------------------------------------

    def cites(self, act: str) -> Citations:
        """The acts ``act`` cites, most cited first (then by CELEX), with
        the number of the act's documents citing each. ``act`` is any
        reference: "32008D0615", "2008/615/JHA", "Council Decision
        2008/615/JHA", "2008/615" or a name such as "Prüm Decision".
        ArgumentError if it names no act or the index has no citations
        (built before they were indexed); an act the index lacks has none
        (``documents`` 0)."""
        return self._links(lib.acq_act_cites, act)

    def cited_by(self, act: str) -> Citations:
        """The acts citing ``act`` (as :meth:`cites` reads it), those with
        most citing documents first; ``Citations.documents`` counts every
        citing document."""
        return self._links(lib.acq_act_cited_by, act)

    def _links(self, fn: Any, act: str) -> Citations:
        cact = c_string(act, "the act")
        out = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(_MSG)
        ix = self._enter()
        try:
            check(fn(ctypes.byref(out), ix, cact, msg, _MSG), msg.value)
        finally:
            self._leave()
        try:
            links = []
            for i in range(lib.acq_act_links_count(out)):
                k = lib.acq_act_links_get(out, i).contents
                links.append(ActLink(_s(k.celex), _s(k.name), _s(k.title), _s(k.date), k.count))
            return Citations(_s(lib.acq_act_links_act(out)), lib.acq_act_links_documents(out), links)
        finally:
            lib.acq_act_links_free(out)

    def _doc(self, docid: str) -> Document:
        ix = self._enter()
        out = ctypes.POINTER(_native.Document)()
        msg = ctypes.create_string_buffer(_MSG)
        try:
            check(lib.acq_index_document(ctypes.byref(out), ix, c_string(docid, "the document id"), msg, _MSG),
                  msg.value)
            try:
                d = out.contents
                farr = ctypes.POINTER(_native.Field)()
                nf = lib.acq_document_fields(out, ctypes.byref(farr))
                return Document(_s(d.id), _s(d.title), _s(d.text), _s(d.lang), _s(d.date), _s(d.type),
                                _s(d.celex), _s(d.url), _fields(farr, nf))
            finally:
                lib.acq_document_free(out)
        finally:
            self._leave()

    def get(self, docid: str, default: Optional[Document] = None) -> Optional[Document]:
        """``doc(docid)``, or ``default`` if there is no such document."""
        try:
            return self.doc(docid)
        except NotFoundError:
            return default

    def __contains__(self, docid: object) -> bool:
        return isinstance(docid, str) and self.get(docid) is not None

    def __len__(self) -> int:
        return self.stats()["documents"]

    def languages(self, terms: bool = False) -> List[LanguageStats]:
        """The languages of the live documents, most documents first (ties
        in code order), with their documents and tokens; ``terms=True`` also
        counts each language's distinct terms (which reads every postings
        list once)."""
        msg = ctypes.create_string_buffer(_MSG)
        n = ctypes.c_size_t()
        ix = self._enter()
        try:
            cap = 64
            while True:
                arr = (_native.LanguageStats * cap)()
                check(lib.acq_index_languages(ix, arr, cap, ctypes.byref(n), int(bool(terms)), msg, _MSG),
                      msg.value)
                if n.value <= cap:
                    break
                cap = n.value  # more languages than room: once more, with room for all
        finally:
            self._leave()
        return [LanguageStats(arr[i].lang.decode("utf-8", "replace"), arr[i].documents, arr[i].tokens,
                              arr[i].terms) for i in range(n.value)]

    def stats(self, languages: bool = False) -> Dict[str, Any]:
        """Documents, deletions, segments, terms, postings and file sizes
        (as ``acquis stats``); ``languages=True`` adds "languages", code ->
        {"documents", "tokens", "terms"} (as :meth:`languages` with
        terms=True)."""
        ix = self._enter()
        try:
            st = _native.IndexStats(size=ctypes.sizeof(_native.IndexStats))
            check(lib.acq_index_stats_get(ix, ctypes.byref(st)), "cannot read the index statistics")
        finally:
            self._leave()
        d: Dict[str, Any] = {name: getattr(st, name) for name, _ in st._fields_[1:-3]}
        d.update(stemming=bool(st.stemming), stopwords_dropped=bool(st.stopwords_dropped),
                 lang=st.lang.decode("utf-8", "replace"))
        if languages:
            d["languages"] = {ls.lang: {"documents": ls.documents, "tokens": ls.tokens, "terms": ls.terms}
                              for ls in self.languages(terms=True)}
        return d

    def verify(self) -> None:
        """Verifies every checksum of every file of the snapshot;
        CorruptIndexError naming the damaged file."""
        ix = self._enter()
        msg = ctypes.create_string_buffer(_MSG)
        try:
            check(lib.acq_index_verify(ix, msg, _MSG), msg.value)
        finally:
            self._leave()
