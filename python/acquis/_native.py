"""_native: finds and loads libacquis, and declares its C interface to ctypes.

This is the only module that knows the C side: the function signatures of
include/acquis.h and the structs the API hands out or takes (acq_document,
acq_field, acq_hit, acq_facet_value and the options structs, which start
with their ``size``, set here from ``ctypes.sizeof`` so that the library
reads only the fields this package knows). Everything else in the package
goes through ``lib`` and the structs defined here.

The library is looked for, in order: ``$ACQUIS_LIBRARY`` (a file), the
build tree this package comes from (``<repository>/build``, or
``$ACQUIS_BUILD_DIR`` when the package was built), then the system (the
dynamic linker's path, ``ctypes.util.find_library``, ``pkg-config acquis``).
Calls that do work (searches, batches, commits) go through ``ctypes.CDLL``,
which releases the GIL for the duration of each foreign call: searches from
several threads run in parallel. The cheap accessors called on every search
(results, rows, their text) go through ``plib``, the same library loaded as
a ``ctypes.PyDLL``, which keeps the GIL: releasing it costs more than they
do, and with threads waiting each release is a hand-over to another thread.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path
from typing import List, Optional, Tuple

c_char_p, c_size_t, c_int, c_double, c_uint64, c_uint32 = (
    ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_double, ctypes.c_uint64, ctypes.c_uint32)
c_void_p = ctypes.c_void_p
SONAME = "libacquis.so.0"


class Document(ctypes.Structure):  # acq_document
    _fields_ = [(name, t) for field in ("id", "title", "text", "lang", "date", "type", "celex", "url")
                for name, t in ((field, c_char_p), (field + "_len", c_size_t))]


class Field(ctypes.Structure):  # acq_field
    _fields_ = [("name", c_char_p), ("value", c_char_p), ("value_len", c_size_t)]


class WriterOptions(ctypes.Structure):  # acq_writer_options
    _fields_ = [("size", c_size_t), ("memory_budget", c_size_t), ("default_lang", c_char_p),
                ("keep_stopwords", c_int), ("compression_level", c_int), ("replace", c_int),
                ("no_stemming", c_int), ("merge_factor", c_int), ("no_lang_detect", c_int),
                ("threads", c_int)]


class IndexStats(ctypes.Structure):  # acq_index_stats
    _fields_ = ([("size", c_size_t)] +
                [(n, c_uint64) for n in ("documents", "deleted", "segments", "terms", "postings", "positions",
                                         "bytes_dictionary", "bytes_postings", "bytes_positions",
                                         "bytes_stored", "bytes_lengths", "bytes_other")] +
                [("stemming", c_int), ("stopwords_dropped", c_int), ("lang", ctypes.c_char * 16)])


class SearchOptions(ctypes.Structure):  # acq_search_options
    _fields_ = [("size", c_size_t), ("k", c_size_t), ("offset", c_size_t), ("k1", c_double), ("b", c_double),
                ("lang", c_char_p), ("snippets", c_int), ("count", c_int), ("exhaustive", c_int),
                ("explain", c_int), ("no_fields", c_int), ("plain", c_int), ("stopwords", c_int),
                ("facets", c_char_p), ("facet_limit", c_size_t), ("collapse", c_char_p),
                ("no_expand", c_int), ("thesaurus", c_char_p),
                ("model", c_char_p), ("mu", c_double), ("feedback", c_int), ("fb_docs", c_int),
                ("fb_terms", c_int), ("fb_orig_weight", c_double), ("title_weight", c_double)]


class Hit(ctypes.Structure):  # acq_hit
    _fields_ = [("score", c_double), ("docno", c_uint64),
                ("id", c_char_p), ("title", c_char_p), ("date", c_char_p), ("type", c_char_p),
                ("lang", c_char_p), ("celex", c_char_p), ("url", c_char_p), ("snippet", c_char_p),
                ("match_offsets", ctypes.POINTER(c_uint32)), ("match_count", c_size_t),
                ("explanation", c_char_p), ("fields", ctypes.POINTER(Field)), ("field_count", c_size_t),
                ("collapsed", c_uint64)]


class HitRow(ctypes.Structure):  # acq_hit_row
    _fields_ = [("score", c_double), ("docno", c_uint64), ("collapsed", c_uint64), ("field_count", c_uint64)]


class FacetValue(ctypes.Structure):  # acq_facet_value
    _fields_ = [("value", c_char_p), ("count", c_uint64)]


class LanguageStats(ctypes.Structure):  # acq_language_stats
    _fields_ = [("lang", ctypes.c_char * 16), ("documents", c_uint64), ("tokens", c_uint64), ("terms", c_uint64)]


class ActLink(ctypes.Structure):  # acq_act_link
    _fields_ = [("celex", c_char_p), ("name", c_char_p), ("title", c_char_p), ("date", c_char_p),
                ("count", c_uint64)]


# The structs above, by their C name: tests compare their layout with the
# compiler's (python/tests/layout.c).
STRUCTS = {"acq_document": Document, "acq_field": Field, "acq_writer_options": WriterOptions,
           "acq_index_stats": IndexStats, "acq_search_options": SearchOptions, "acq_hit": Hit,
           "acq_facet_value": FacetValue, "acq_hit_row": HitRow, "acq_language_stats": LanguageStats, "acq_act_link": ActLink}

P = ctypes.POINTER
_SIGNATURES = [
    ("acq_strerror", c_char_p, [c_int]),
    ("acq_version", c_char_p, []),
    ("acq_writer_open", c_int, [P(c_void_p), c_char_p, P(WriterOptions), c_char_p, c_size_t]),
    ("acq_writer_add_fields", c_int, [c_void_p, P(Document), P(Field), c_size_t]),
    ("acq_writer_delete", c_int, [c_void_p, c_char_p]),
    ("acq_writer_delete_query", c_int, [c_void_p, c_char_p]),
    ("acq_writer_commit", c_int, [c_void_p]),
    ("acq_writer_merge", c_int, [c_void_p]),
    ("acq_writer_segment_count", c_size_t, [c_void_p]),
    ("acq_writer_errmsg", c_char_p, [c_void_p]),
    ("acq_writer_doc_count", c_uint64, [c_void_p]),
    ("acq_writer_close", None, [c_void_p]),
    ("acq_index_open", c_int, [P(c_void_p), c_char_p, c_char_p, c_size_t]),
    ("acq_index_close", None, [c_void_p]),
    ("acq_index_stats_get", c_int, [c_void_p, P(IndexStats)]),
    ("acq_index_verify", c_int, [c_void_p, c_char_p, c_size_t]),
    ("acq_index_document", c_int, [P(P(Document)), c_void_p, c_char_p, c_char_p, c_size_t]),
    ("acq_document_free", None, [P(Document)]),
    ("acq_document_fields", c_size_t, [P(Document), P(P(Field))]),
    ("acq_search", c_int, [P(c_void_p), c_void_p, c_char_p, P(SearchOptions), c_char_p, c_size_t]),
    ("acq_results_count", c_size_t, [c_void_p]),
    ("acq_results_total", c_uint64, [c_void_p]),
    ("acq_results_hit", P(Hit), [c_void_p, c_size_t]),
    ("acq_results_facets", c_size_t, [c_void_p]),
    ("acq_results_facet", c_char_p, [c_void_p, c_size_t, P(P(FacetValue)), P(c_size_t), P(c_uint64)]),
    ("acq_results_free", None, [c_void_p]),
    ("acq_query_new_term", c_int, [P(c_void_p), c_char_p, c_char_p]),
    ("acq_query_new_phrase", c_int, [P(c_void_p), c_char_p, c_char_p, ctypes.c_uint]),
    ("acq_query_new_bool", c_int, [P(c_void_p)]),
    ("acq_query_add", c_int, [c_void_p, c_void_p, c_int]),
    ("acq_query_destroy", None, [c_void_p]),
    ("acq_search_query", c_int, [P(c_void_p), c_void_p, c_void_p, P(SearchOptions), c_char_p, c_size_t]),
    ("acq_topic_list_load", c_int, [P(c_void_p), c_char_p, c_char_p, c_size_t, c_char_p, c_char_p, c_size_t]),
    ("acq_topic_list_count", c_size_t, [c_void_p]),
    ("acq_topic_list_qid", c_char_p, [c_void_p, c_size_t]),
    ("acq_topic_list_query", c_char_p, [c_void_p, c_size_t]),
    ("acq_topic_list_line", c_size_t, [c_void_p, c_size_t]),
    ("acq_topic_list_free", None, [c_void_p]),
    ("acq_evaluate", c_int, [P(c_void_p), c_char_p, c_char_p, c_size_t, c_char_p, c_char_p, c_size_t,
                             c_char_p, c_size_t]),
    ("acq_evaluate_complete", c_int, [P(c_void_p), c_char_p, c_char_p, c_size_t, c_char_p, c_char_p, c_size_t,
                                      c_int, c_char_p, c_size_t]),
    ("acq_measure_count", c_int, []),
    ("acq_measure_name", c_char_p, [c_int]),
    ("acq_evaluation_queries", c_size_t, [c_void_p]),
    ("acq_evaluation_qid", c_char_p, [c_void_p, c_size_t]),
    ("acq_evaluation_value", c_double, [c_void_p, c_size_t, c_int]),
    ("acq_evaluation_free", None, [c_void_p]),
    ("acq_index_languages", c_int, [c_void_p, P(LanguageStats), c_size_t, P(c_size_t), c_int, c_char_p, c_size_t]),
    ("acq_query_describe", c_int, [c_void_p, c_char_p, P(SearchOptions), c_char_p, c_size_t, c_char_p, c_size_t]),
    ("acq_highlight", c_int, [P(P(c_uint32)), P(c_size_t), c_void_p, c_char_p, P(SearchOptions), c_char_p, c_size_t,
                              c_char_p, c_size_t]),
    ("acq_highlight_free", None, [P(c_uint32)]),
    ("acq_act_cites", c_int, [P(c_void_p), c_void_p, c_char_p, c_char_p, c_size_t]),
    ("acq_act_cited_by", c_int, [P(c_void_p), c_void_p, c_char_p, c_char_p, c_size_t]),
    ("acq_act_links_act", c_char_p, [c_void_p]),
    ("acq_act_links_documents", c_uint64, [c_void_p]),
    ("acq_act_links_count", c_size_t, [c_void_p]),
    ("acq_act_links_get", P(ActLink), [c_void_p, c_size_t]),
    ("acq_act_links_free", None, [c_void_p]),
    # acq_fuse_runs hands back text the caller frees: a c_void_p, read with ctypes.string_at.
    ("acq_fuse_runs", c_int, [P(c_void_p), P(c_size_t), P(c_char_p), P(c_char_p), P(c_size_t), c_size_t, c_int,
                              c_double, c_size_t, c_char_p, c_char_p, c_size_t]),
    ("acq_text_free", None, [c_void_p]),
    ("acq_paired_test", c_double, [c_int, P(c_double), P(c_double), c_size_t, ctypes.c_ulong]),
    ("acq_search_rows", c_int, [P(HitRow), c_size_t, P(c_size_t), P(c_uint64), c_void_p, c_char_p, P(SearchOptions),
                                c_char_p, c_size_t]),
    ("acq_results_rows", c_size_t, [c_void_p, P(HitRow), c_size_t]),
    ("acq_results_text", c_int, [c_void_p, c_char_p, c_size_t, P(c_size_t), P(c_size_t)]),
    ("acq_batch_run", c_int, [P(c_void_p), c_void_p, P(c_char_p), P(c_char_p), c_size_t, P(SearchOptions), c_int,
                              c_char_p, c_char_p, c_size_t]),
    # the run's text is read with ctypes.string_at: a c_void_p
    ("acq_batch_text", c_void_p, [c_void_p, P(c_size_t)]),
    ("acq_batch_topic", c_size_t, [c_void_p, c_size_t, P(c_int)]),
    ("acq_batch_duplicates", c_uint64, [c_void_p]),
    ("acq_batch_free", None, [c_void_p]),
]

# Called on every search, cheap: declared on plib (GIL kept) too.
_GIL_KEPT = ("acq_results_count", "acq_results_total", "acq_results_hit", "acq_results_facets", "acq_results_facet",
             "acq_results_free", "acq_results_rows", "acq_results_text", "acq_batch_text", "acq_batch_topic",
             "acq_batch_duplicates", "acq_batch_free")

_HELP = ("build it (cmake -S . -B build && cmake --build build, from the acquis repository), "
         "install it (cmake --install build), or set ACQUIS_LIBRARY to the file "
         "(ACQUIS_LIBRARY=/path/to/build/libacquis.so.0)")


class LibraryNotFoundError(ImportError):
    """libacquis could not be found or loaded; the message lists where it was
    looked for and what to do."""


def _build_dirs() -> List[Path]:
    """The build trees this package belongs to: the one recorded when the
    package was built (``_build_info``), and ``build/`` beside the source
    tree when the package is used from a checkout."""
    dirs: List[Path] = []
    try:
        from . import _build_info  # written by the build backend into wheels
        dirs += [Path(d) for d in _build_info.BUILD_DIRS]
    except ImportError:
        pass
    checkout = Path(__file__).resolve().parent.parent.parent
    if (checkout / "include" / "acquis.h").is_file():
        dirs.append(checkout / "build")
    return dirs


def _pkg_config_libdir() -> Optional[str]:
    if shutil.which("pkg-config") is None:
        return None
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "acquis"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _candidates() -> List[Tuple[str, str]]:
    """(what, path or name to dlopen), in the order they are tried."""
    found: List[Tuple[str, str]] = []
    for d in _build_dirs():
        found.append(("build tree", str(d / SONAME)))
    found.append(("dynamic linker's path", SONAME))
    name = ctypes.util.find_library("acquis")
    if name:
        found.append(("ctypes.util.find_library", name))
    libdir = _pkg_config_libdir()
    if libdir:
        found.append(("pkg-config acquis", os.path.join(libdir, SONAME)))
    return found


def _declare(lib: ctypes.CDLL, where: str) -> ctypes.CDLL:
    missing = [name for name, _, _ in _SIGNATURES if not hasattr(lib, name)]
    if missing:
        raise LibraryNotFoundError(
            "the libacquis at %s is older than this package (it lacks %s): rebuild and reinstall it from the "
            "same acquis source as the package, or point ACQUIS_LIBRARY at a newer one" % (where, ", ".join(missing)))
    for name, restype, argtypes in _SIGNATURES:
        f = getattr(lib, name)
        f.restype, f.argtypes = restype, argtypes
    return lib


def load() -> Tuple[ctypes.CDLL, str]:
    """Loads libacquis; returns the library and the path it came from."""
    env = os.environ.get("ACQUIS_LIBRARY")
    if env:
        try:
            return _declare(ctypes.CDLL(env), env), env
        except OSError as e:
            raise LibraryNotFoundError("ACQUIS_LIBRARY=%s cannot be loaded (%s): %s" % (env, e, _HELP)) from None
    tried = []
    for what, path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append("%s (%s: no such file)" % (path, what))
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s: %s)" % (path, what, e))
            continue
        return _declare(lib, path), path
    raise LibraryNotFoundError("libacquis (the acquis C library) was not found; tried: %s. To fix it, %s."
                               % ("; ".join(tried), _HELP))


lib, library_path = load()

# The same library as a PyDLL: calls keep the GIL (see the module's comment).
plib = ctypes.PyDLL(library_path, handle=lib._handle)
for _name, _restype, _argtypes in _SIGNATURES:
    if _name in _GIL_KEPT:
        _f = getattr(plib, _name)
        _f.restype, _f.argtypes = _restype, _argtypes

# acq_results_hit again, as an address: the hits are then read as one array
# (index.py), without a ctypes object per call.
results_hit_address = plib["acq_results_hit"]
results_hit_address.restype, results_hit_address.argtypes = c_void_p, [c_void_p, c_size_t]

# The default search options as bytes, copied by each search (cheaper than
# building the struct field by field).
DEFAULT_SEARCH_OPTIONS = bytes(SearchOptions(size=ctypes.sizeof(SearchOptions), k=10, k1=-1.0, b=-1.0,
                                             fb_orig_weight=-1.0))
