"""trec: topics, batch runs and their evaluation, as ``acquis batch`` and
``acquis eval`` do them.

Topic files are read and runs evaluated by the library's own code
(acq_topic_list_load, acq_evaluate: the code of the command line), so the
figures are the command line's. :func:`batch` produces the same run as
``acquis batch`` to the byte: each topic's hits are cut at ``k`` the way
trec_eval ranks them (scores as printed with six decimals, ties by docid
descending), asking the engine for more hits while documents are tied at
the cut.
"""
from __future__ import annotations

import ctypes
import io
import json
import math
import os
from typing import (Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence, TextIO, Tuple,
                    Union)

from . import _native
from ._native import lib, plib
from .errors import ArgumentError, InputError, c_path, c_string, check, error
from .index import Index, _relevance

PathLike = Union[str, "os.PathLike[str]"]
TopicsLike = Union[PathLike, Mapping[str, str], Iterable[Tuple[str, str]]]


class Topic(NamedTuple):
    qid: str
    query: str


def read_topics(path: PathLike, fields: str = "title") -> List[Topic]:
    """Reads a topics file as ``acquis batch --topics`` does: one
    ``qid<TAB>query`` per line, or classic TREC topics whose query joins
    ``fields`` ("title", "title,desc", "all"). InputError names the line of
    a bad topic."""
    t = ctypes.c_void_p()
    msg = ctypes.create_string_buffer(1024)
    check(lib.acq_topic_list_load(ctypes.byref(t), c_path(os.fspath(path)), None, 0, c_string(fields, "fields"),
                                  msg, 1024), msg.value)
    try:
        return [Topic(lib.acq_topic_list_qid(t, i).decode("utf-8", "replace"),
                      lib.acq_topic_list_query(t, i).decode("utf-8", "replace"))
                for i in range(lib.acq_topic_list_count(t))]
    finally:
        lib.acq_topic_list_free(t)


def _topics(topics: TopicsLike, fields: str) -> List[Topic]:
    if isinstance(topics, (str, os.PathLike)):
        return read_topics(topics, fields)
    items = topics.items() if isinstance(topics, Mapping) else topics
    out = [Topic(str(q), str(t)) for q, t in items]
    seen = set()
    for t in out:
        if not t.qid or any(c.isspace() for c in t.qid):
            raise InputError("topic id %r is empty or contains blanks" % t.qid)
        if t.qid in seen:
            raise InputError("topic %s is given twice" % t.qid)
        seen.add(t.qid)
    return out


class RunRow(NamedTuple):
    qid: str
    docno: str
    rank: int
    score: float


class Run(Sequence[RunRow]):
    """A TREC run: rows (qid, docno, rank, score) in the order ``acquis
    batch`` writes them (topics in their order, each ranked as trec_eval
    ranks it), and the run's ``tag``."""

    def __init__(self, rows: List[RunRow], tag: str = "acquis", settings: Optional[Dict[str, Any]] = None) -> None:
        self._rows: Optional[List[RunRow]] = rows
        self._text: Optional[str] = None
        self._text_tag = tag
        self.tag = tag
        #: What the run depends on (from :func:`batch`: the keys of ``acquis
        #: batch -o RUN``'s RUN.settings.json), or None.
        self.settings = settings

    @classmethod
    def _of_text(cls, text: str, tag: str, settings: Optional[Dict[str, Any]] = None) -> "Run":
        """A run from its file's text (as the library wrote it); the rows
        are read from it when first asked for (a run of 225 topics x 1,000
        is 225,000 of them), ``to_trec`` gives it back as it is."""
        run = cls([], tag, settings)
        run._rows, run._text, run._text_tag = None, text, tag
        return run

    @property
    def rows(self) -> List[RunRow]:
        """The rows (qid, docno, rank, score), in the run's order."""
        if self._rows is None:
            rows = []
            append = rows.append
            for line in (self._text or "").splitlines():
                q, _, d, rank, score, _ = line.split(" ")
                append(RunRow(q, d, int(rank), float(score)))
            self._rows, self._text = rows, None  # from now on the rows are the run
        return self._rows

    @rows.setter
    def rows(self, rows: List[RunRow]) -> None:
        self._rows, self._text = rows, None

    def __getitem__(self, i):  # type: ignore[override]
        return self.rows[i]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[RunRow]:
        return iter(self.rows)

    def __repr__(self) -> str:
        return "<Run %r: %d rows, %d topics>" % (self.tag, len(self.rows), len({r.qid for r in self.rows}))

    def by_query(self) -> Dict[str, List[RunRow]]:
        """qid -> its rows, in rank order."""
        out: Dict[str, List[RunRow]] = {}
        for r in self.rows:
            out.setdefault(r.qid, []).append(r)
        return out

    def to_trec(self) -> str:
        """The run file's text: "qid Q0 docno rank score tag" lines."""
        if self._text is not None and self.tag == self._text_tag:
            return self._text
        tag = self.tag
        return "".join("%s Q0 %s %d %.6f %s\n" % (r.qid, r.docno, r.rank, r.score, tag) for r in self.rows)

    def write(self, path_or_file: Union[PathLike, TextIO]) -> None:
        """Writes the run file (a path, or an open text file); to a path,
        a run from :func:`batch` also writes PATH.settings.json, as
        ``acquis batch -o PATH`` does."""
        if hasattr(path_or_file, "write"):
            path_or_file.write(self.to_trec())  # type: ignore[union-attr]
            return
        path = os.fspath(path_or_file)  # type: ignore[arg-type]
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(self.to_trec())
        if self.settings is not None:
            with open(path + ".settings.json", "w", encoding="utf-8", newline="\n") as f:
                f.write(json.dumps(self.settings, indent=2, ensure_ascii=False) + "\n")

    def to_dataframe(self) -> Any:
        """The run as a pandas DataFrame with columns qid, docno, rank,
        score (the layout of Pyserini, PyTerrier and ir-measures)."""
        try:
            import pandas  # type: ignore[import-not-found]
        except ImportError:
            raise ImportError("Run.to_dataframe needs pandas (apt-get install python3-pandas, or pip install "
                              "pandas); Run.rows has the same rows as tuples") from None
        return pandas.DataFrame(self.rows, columns=list(RunRow._fields))


def _relevance_settings(model: Optional[str], mu: Optional[float], rm3: bool, bo1: bool, fb_docs: Optional[int],
                        fb_terms: Optional[int], fb_orig_weight: Optional[float],
                        title_weight: Optional[float]) -> Dict[str, Any]:
    """The ranking keys of RUN.settings.json, as src/cli/relevance.c's
    cli_relevance_settings writes them (defaults filled in)."""
    m = model or "bm25"
    out: Dict[str, Any] = {"model": m}
    if m == "ql":
        out["mu"] = mu if mu is not None and mu > 0 else 1000.0
    if rm3:
        out["feedback"] = {"method": "rm3", "fb_docs": fb_docs or 10, "fb_terms": fb_terms or 10,
                           "original_query_weight": 0.5 if fb_orig_weight is None else fb_orig_weight}
    elif bo1:
        out["feedback"] = {"method": "bo1", "fb_docs": fb_docs or 3, "fb_terms": fb_terms or 10}
    else:
        out["feedback"] = None
    out["title_weight"] = title_weight or 0
    return out


def batch(index: Union[Index, PathLike], topics: TopicsLike, k: int = 1000, *, fields: str = "title",
          k1: Optional[float] = None, b: Optional[float] = None, lang: Optional[str] = None,
          stopwords: Optional[str] = None, syntax: bool = False, tag: str = "acquis",
          threads: int = 1, model: Optional[str] = None, mu: Optional[float] = None, rm3: bool = False,
          bo1: bool = False, fb_docs: Optional[int] = None, fb_terms: Optional[int] = None,
          fb_orig_weight: Optional[float] = None, title_weight: Optional[float] = None, expand: bool = True,
          thesaurus: Optional[PathLike] = None) -> Run:
    """Runs every topic against the index and returns the run, the same as
    ``acquis batch`` writes with the same settings.

    ``topics`` is a topics file (read as ``acquis batch --topics``, TREC
    ``fields`` chosen as ``--fields``), a dict qid -> query, or (qid,
    query) pairs. Topics are plain text (their distinct words make a ranked
    OR) unless ``syntax=True``. ``k1``, ``b``, ``lang``, ``stopwords`` as
    :meth:`Index.search`; ``threads`` searches that many topics at once
    (the run does not change). ``Run.to_dataframe()`` gives the pandas
    form, ``Run.write(path)`` the file.

    ``model``, ``mu``, ``rm3``, ``bo1``, ``fb_docs``, ``fb_terms``,
    ``fb_orig_weight``, ``title_weight`` as :meth:`Index.search` and as
    ``acquis batch``'s --model, --mu, --rm3, --bo1, --fb-*, --title-weight
    (plain topics only, as there); ``Run.settings`` then records them as
    ``acquis batch -o`` does. ``expand=False`` and ``thesaurus``, which
    ``acquis batch`` lacks, are recorded as "expand": false and
    "thesaurus": PATH (keys absent at their defaults).
    """
    relevance = dict(model=model, mu=mu, rm3=rm3, bo1=bo1, fb_docs=fb_docs, fb_terms=fb_terms,
                     fb_orig_weight=fb_orig_weight, title_weight=title_weight, expand=expand, thesaurus=thesaurus)
    if syntax and (rm3 or bo1 or (title_weight or 0) > 0 or model not in (None, "bm25")):
        raise ArgumentError("model, rm3, bo1 and title_weight work on plain topics, not with syntax=True")
    # Checked once here, with the messages of Index.search.
    _relevance(_native.SearchOptions(), **relevance)  # type: ignore[arg-type]
    if not tag or any(c.isspace() for c in tag):
        raise ArgumentError("tag wants a name without blanks, such as bm25-k1.2")
    if k < 1:
        raise ArgumentError("k must be at least 1")
    if stopwords not in (None, "index", "keep", "drop"):
        raise ArgumentError("stopwords must be None, 'index', 'keep' or 'drop', not %r" % (stopwords,))
    opts = _native.SearchOptions.from_buffer_copy(_native.DEFAULT_SEARCH_OPTIONS)
    opts.k, opts.plain = k, not syntax
    if k1 is not None:
        opts.k1 = k1
    if b is not None:
        opts.b = b
    if lang:
        opts.lang = c_string(lang, "lang")
    opts.stopwords = {"keep": 2, "drop": 1}.get(stopwords or "", 0)
    _relevance(opts, **relevance)  # type: ignore[arg-type]
    own = not isinstance(index, Index)
    ix = Index(index) if own else index  # type: ignore[arg-type]
    try:
        ts = _topics(topics, fields)
        stats = ix.stats()
        # One call for the whole set: the library's threads search it
        # without the GIL (acq_batch_run, the code of acquis batch).
        n = len(ts)
        qids = (ctypes.c_char_p * max(n, 1))(*[c_string(t.qid, "a topic id") for t in ts])
        queries = (ctypes.c_char_p * max(n, 1))(*[c_string(t.query, "a topic's query") for t in ts])
        out = ctypes.c_void_p()
        msg = ctypes.create_string_buffer(1024)
        ptr = ix._enter()
        try:
            rc = lib.acq_batch_run(ctypes.byref(out), ptr, qids, queries, n, ctypes.byref(opts),
                                   min(max(threads, 1), 64), c_string(tag, "tag"), msg, 1024)
        finally:
            ix._leave()
        check(rc, msg.value)
        try:
            size = ctypes.c_size_t()
            text = ctypes.string_at(plib.acq_batch_text(out, ctypes.byref(size)), size.value).decode("utf-8",
                                                                                                     "replace")
            with_hits = sum(1 for i in range(n) if plib.acq_batch_topic(out, i, None) > 0)
        finally:
            plib.acq_batch_free(out)
    finally:
        if own:
            ix.close()
    index_stopwords = "dropped" if stats["stopwords_dropped"] else "kept"
    settings = {
        "acquis_version": lib.acq_version().decode(), "index": ix.path,
        "index_documents": stats["documents"], "index_segments": stats["segments"],
        "topics": os.fspath(topics) if isinstance(topics, (str, os.PathLike)) else "(given in Python)",
        "topic_fields": fields, "topic_count": len(ts), "topics_with_hits": with_hits,
        "k": k, "k1": 0.9 if k1 is None else k1, "b": 0.4 if b is None else b,
        "query_lang": lang or "index default",
        "analysis": {"stemming": stats["stemming"], "index_stopwords": index_stopwords,
                     "query_stopwords": {"keep": "kept", "drop": "dropped"}.get(stopwords or "", index_stopwords),
                     "index_lang": stats["lang"]},
        "ranking": "topics read as acquis query syntax" if syntax
                   else "ranked OR of the query words, each weighted by its count in the topic",
        **_relevance_settings(model, mu, rm3, bo1, fb_docs, fb_terms, fb_orig_weight, title_weight),
        **({} if expand else {"expand": False}),
        **({} if thesaurus is None else {"thesaurus": os.fspath(thesaurus)}),
        "tag": tag, "score_format": "%.6f", "ties": "docid descending (trec_eval)"}
    return Run._of_text(text, tag, settings)


# ---- evaluation --------------------------------------------------------------------

def measures() -> List[str]:
    """trec_eval's names of the measures computed, in ``acquis eval``'s order."""
    return [lib.acq_measure_name(m).decode() for m in range(lib.acq_measure_count())]


class Evaluation:
    """The figures of a run: ``means`` (measure -> mean over ``num_q``
    queries, trec_eval's "all"), ``per_query`` (qid -> measure -> value);
    ``evaluation["map"]`` is a mean. ``to_text()`` is ``acquis eval``'s
    output (``per_query=True``: ``acquis eval -q``)."""

    def __init__(self, means: Dict[str, float], per_query: Dict[str, Dict[str, float]]) -> None:
        self.means, self.per_query = means, per_query

    @property
    def num_q(self) -> int:
        return len(self.per_query)

    def __getitem__(self, measure: str) -> float:
        return self.means[measure]

    def __repr__(self) -> str:
        return "<Evaluation num_q=%d %s>" % (self.num_q, " ".join("%s=%.4f" % kv for kv in self.means.items()))

    def to_text(self, per_query: bool = False) -> str:
        lines = []
        if per_query:
            for qid, vals in self.per_query.items():
                lines += ["%-22s\t%s\t%6.4f\n" % (m, qid, v) for m, v in vals.items()]
        lines.append("%-22s\tall\t%d\n" % ("num_q", self.num_q))
        lines += ["%-22s\tall\t%6.4f\n" % (m, v) for m, v in self.means.items()]
        return "".join(lines)


QrelsLike = Union[PathLike, Mapping[str, Mapping[str, int]], Iterable[Tuple[str, str, int]]]
RunLike = Union[Run, PathLike, Mapping[str, Mapping[str, float]], Any]


def _qrels_text(qrels: QrelsLike) -> Tuple[bytes, Optional[bytes]]:
    if isinstance(qrels, (str, os.PathLike)):
        return c_path(os.fspath(qrels)), None
    if isinstance(qrels, Mapping):
        rows = [(q, d, r) for q, docs in qrels.items() for d, r in docs.items()]
    else:
        rows = list(qrels)  # type: ignore[arg-type]
    return b"qrels", "".join("%s 0 %s %d\n" % (q, d, int(r)) for q, d, r in rows).encode("utf-8")


def _run_text(run: RunLike) -> Tuple[bytes, Optional[bytes]]:
    if isinstance(run, Run):
        return ("run " + run.tag).encode("utf-8"), run.to_trec().encode("utf-8")
    if isinstance(run, (str, os.PathLike)):
        return c_path(os.fspath(run)), None
    columns = getattr(run, "columns", None)
    if columns is not None and {"qid", "docno", "score"} <= set(columns):  # a pandas DataFrame
        by_q: Dict[str, Dict[str, float]] = {}
        for q, d, sc in zip(run["qid"], run["docno"], run["score"]):  # type: ignore[index]
            by_q.setdefault(str(q), {})[str(d)] = float(sc)
        run = by_q
    if isinstance(run, Mapping):
        out = io.StringIO()
        for q, docs in run.items():
            for rank, (d, s) in enumerate(sorted(docs.items(), key=lambda x: -x[1]), 1):
                if isinstance(s, float) and math.isnan(s):
                    raise InputError("query %s: document %s has a NaN score" % (q, d))
                out.write("%s Q0 %s %d %r run\n" % (q, d, rank, float(s)))
        return b"run", out.getvalue().encode("utf-8")
    raise TypeError("run must be an acquis.Run, a path, a DataFrame (qid, docno, score) or a dict qid -> "
                    "{docno: score}")


def evaluate(qrels: QrelsLike, run: RunLike, measures: Optional[Sequence[str]] = None, *,
             complete: bool = False) -> Evaluation:
    """Evaluates a run against relevance judgements, with the figures of
    ``acquis eval`` (trec_eval 9's map, recip_rank, P_5, P_10, recall_100,
    recall_1000, ndcg_cut_10, ndcg_cut_1000).

    ``qrels``: a qrels file ("qid iter docno rel"), a dict qid -> {docno:
    rel} or (qid, docno, rel) triples. ``run``: a :class:`Run`, a run file,
    a pandas DataFrame with columns qid, docno, score (``Run.to_dataframe``,
    Pyserini, PyTerrier) or a dict qid -> {docno: score}. ``measures`` keeps only these.
    ``complete=True`` counts every judged query, one missing from the run
    with 0 (``acquis eval -c``, trec_eval -c).
    InputError names the file and line of a malformed line.
    """
    names = [lib.acq_measure_name(m).decode() for m in range(lib.acq_measure_count())]
    if measures is not None:
        unknown = [m for m in measures if m not in names]
        if unknown:
            raise ArgumentError("unknown measure %s (the measures are %s)" % (", ".join(unknown), ", ".join(names)))
    keep = [(i, n) for i, n in enumerate(names) if measures is None or n in measures]
    qname, qdata = _qrels_text(qrels)
    rname, rdata = _run_text(run)
    e = ctypes.c_void_p()
    msg = ctypes.create_string_buffer(1024)
    rc = lib.acq_evaluate_complete(ctypes.byref(e), qname, qdata, len(qdata or b""), rname, rdata,
                                   len(rdata or b""), int(bool(complete)), msg, 1024)
    if rc != 0:
        raise error(rc, msg.value.decode("utf-8", "replace"))
    try:
        nq = lib.acq_evaluation_queries(e)
        per_query = {lib.acq_evaluation_qid(e, q).decode("utf-8", "replace"):
                     {n: lib.acq_evaluation_value(e, q, i) for i, n in keep} for q in range(nq)}
        means = {n: lib.acq_evaluation_value(e, nq, i) for i, n in keep}
    finally:
        lib.acq_evaluation_free(e)
    return Evaluation(means, per_query)


# ---- fusion and significance ---------------------------------------------------------

_FUSION = {"rrf": 0, "combsum": 1}


def fuse(runs: Sequence[RunLike], method: str = "rrf", k: int = 1000, *, rrf_k: float = 60.0,
         tag: Optional[str] = None) -> Run:
    """Fuses runs query by query into one, as ``acquis fuse`` does (the same
    code, acq_fuse_runs): ``method`` "rrf" (reciprocal rank fusion: a
    document scores the sum of 1 / (rrf_k + rank) over the runs holding it)
    or "combsum" (the sum of its min-max normalised scores); ``k``
    documents per query. ``runs`` are :class:`Run` objects, run files,
    DataFrames or dicts, as :func:`evaluate` takes them. The fused run's
    tag is ``tag``, by default "fused-rrf" or "fused-combsum"."""
    if method not in _FUSION:
        raise ArgumentError("method must be 'rrf' or 'combsum', not %r" % (method,))
    if k < 1:
        raise ArgumentError("k must be at least 1")
    tag = tag or "fused-" + method
    if any(c.isspace() for c in tag):
        raise ArgumentError("tag wants a name without blanks, such as fused-rrf")
    texts = [_run_text(r) for r in runs]
    if not texts:
        raise ArgumentError("fuse wants at least one run")
    n = len(texts)
    names = (ctypes.c_char_p * n)(*[name for name, _ in texts])
    datas = (ctypes.c_char_p * n)(*[data for _, data in texts])
    lens = (ctypes.c_size_t * n)(*[len(data or b"") for _, data in texts])
    out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
    msg = ctypes.create_string_buffer(1024)
    check(lib.acq_fuse_runs(ctypes.byref(out), ctypes.byref(out_len), names, datas, lens, n, _FUSION[method],
                            float(rrf_k), k, tag.encode("utf-8"), msg, 1024), msg.value)
    try:
        text = ctypes.string_at(out, out_len.value).decode("utf-8", "replace")
    finally:
        lib.acq_text_free(out)
    rows = []
    for line in text.splitlines():
        q, _, d, rank, score, _ = line.split()
        rows.append(RunRow(q, d, int(rank), float(score)))
    return Run(rows, tag)


class Comparison:
    """Runs compared with the first (the baseline), as ``acquis eval A B
    ...`` prints them: ``names``, ``evaluations`` (one :class:`Evaluation`
    per run), and for each run after the first the two-sided p-values of
    its difference from the baseline per measure, over the topics both
    evaluated: ``p_t_test[i]`` (paired t-test) and ``p_randomization[i]``
    (paired randomisation test), None for the baseline; ``topics[i]`` is
    the number of topics paired."""

    def __init__(self, names: List[str], evaluations: List[Evaluation], p_t_test: List[Optional[Dict[str, float]]],
                 p_randomization: List[Optional[Dict[str, float]]], topics: List[int], trials: int) -> None:
        self.names, self.evaluations = names, evaluations
        self.p_t_test, self.p_randomization, self.topics, self.trials = p_t_test, p_randomization, topics, trials

    def __repr__(self) -> str:
        return "<Comparison of %s>" % ", ".join(self.names)

    def to_dict(self) -> Dict[str, Any]:
        """The shape of ``acquis eval --json A B``'s object (unrounded)."""
        out = []
        for i, (name, e) in enumerate(zip(self.names, self.evaluations)):
            d: Dict[str, Any] = {"run": name, "num_q": e.num_q, **e.means}
            if i > 0:
                d["p_t_test"] = {m: (None if math.isnan(p) else p) for m, p in self.p_t_test[i].items()}
                d["p_randomization"] = {m: (None if math.isnan(p) else p)
                                        for m, p in self.p_randomization[i].items()}
            out.append(d)
        return {"runs": out, "baseline": 0 if out else None, "randomization_trials": self.trials}


def _paired(base: Evaluation, other: Evaluation, measure: str) -> Tuple[List[float], List[float]]:
    """The values of the topics both evaluated, in qid order (the order the
    library sorts them in, which the sampled randomisation test depends on)."""
    a, b = [], []
    for qid, vals in base.per_query.items():
        o = other.per_query.get(qid)
        if o is not None:
            a.append(vals[measure])
            b.append(o[measure])
    return a, b


def paired_test(a: Sequence[float], b: Sequence[float], test: str = "t", trials: int = 10000) -> float:
    """The two-sided p-value of the difference b - a over paired values (a
    measure per topic of two systems): ``test`` "t" (Student's paired
    t-test) or "randomization" (all 2^n sign flips up to 20 topics, else
    ``trials`` from a fixed seed), as ``acquis eval A B``. 1 when every
    difference is 0; NaN for fewer than 2 pairs (t-test)."""
    if test not in ("t", "randomization"):
        raise ArgumentError("test must be 't' or 'randomization', not %r" % (test,))
    if len(a) != len(b):
        raise ArgumentError("paired_test wants as many values in a as in b (%d, %d)" % (len(a), len(b)))
    n = len(a)
    arr = ctypes.c_double * max(n, 1)
    return lib.acq_paired_test(0 if test == "t" else 1, arr(*a), arr(*b), n, trials)


def compare(qrels: QrelsLike, runs: Sequence[RunLike], measures: Optional[Sequence[str]] = None, *,
            trials: int = 10000, names: Optional[Sequence[str]] = None, complete: bool = False) -> Comparison:
    """Evaluates several runs (as :func:`evaluate`) and tests each run after
    the first against it, as ``acquis eval QRELS A B ...`` does: paired
    t-test and randomisation test per measure over the topics both
    evaluated (``trials`` random sign flips beyond 20 topics, from a fixed
    seed: the p-values are reproducible). ``names`` label the runs (by
    default a Run's tag or a file's path); ``complete`` as :func:`evaluate`
    (``acquis eval -c``)."""
    if len(runs) < 1:
        raise ArgumentError("compare wants at least one run")
    if not 100 <= trials <= 10000000:
        raise ArgumentError("trials wants a number from 100 to 10000000")
    evals = [evaluate(qrels, r, measures, complete=complete) for r in runs]
    if names is None:
        names = [r.tag if isinstance(r, Run) else os.fspath(r) if isinstance(r, (str, os.PathLike))
                 else "run%d" % (i + 1) for i, r in enumerate(runs)]
    elif len(names) != len(runs):
        raise ArgumentError("names wants one name per run")
    pt: List[Optional[Dict[str, float]]] = [None]
    pr: List[Optional[Dict[str, float]]] = [None]
    topics = [evals[0].num_q]
    for e in evals[1:]:
        t: Dict[str, float] = {}
        r: Dict[str, float] = {}
        n = 0
        for m in evals[0].means:
            a, b = _paired(evals[0], e, m)
            n = len(a)
            t[m] = paired_test(a, b, "t", trials)
            r[m] = paired_test(a, b, "randomization", trials)
        pt.append(t)
        pr.append(r)
        topics.append(n)
    return Comparison(list(names), evals, pt, pr, topics, trials)
