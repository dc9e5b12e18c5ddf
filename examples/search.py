#!/usr/bin/env python3
"""search.py: searches an acquis index from Python with ctypes and the shared
library libacquis; prints one line per hit (rank, score, id, snippet), as
index_and_search.c does.

    python3 search.py INDEX_DIR 'police cooperation' [K]

The library is $ACQUIS_LIBRARY if set, else libacquis.so.0 from the
system's library path (ldconfig, LD_LIBRARY_PATH)."""
import ctypes
import os
import sys

c_char_p, c_size_t, c_int, c_double = ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_double


class SearchOptions(ctypes.Structure):  # acq_search_options
    _fields_ = [("size", c_size_t), ("k", c_size_t), ("offset", c_size_t),
                ("k1", c_double), ("b", c_double), ("lang", c_char_p),
                ("snippets", c_int), ("count", c_int), ("exhaustive", c_int),
                ("explain", c_int), ("no_fields", c_int)]


class Hit(ctypes.Structure):  # acq_hit
    _fields_ = [("score", c_double), ("docno", ctypes.c_uint64),
                ("id", c_char_p), ("title", c_char_p), ("date", c_char_p), ("type", c_char_p),
                ("lang", c_char_p), ("celex", c_char_p), ("url", c_char_p),
                ("snippet", c_char_p), ("match_offsets", ctypes.POINTER(ctypes.c_uint32)),
                ("match_count", c_size_t), ("explanation", c_char_p)]


def load(path):
    lib = ctypes.CDLL(path)
    p = ctypes.c_void_p  # acq_index *, acq_results *: opaque
    for name, res, args in [
            ("acq_version", c_char_p, []),
            ("acq_strerror", c_char_p, [c_int]),
            ("acq_index_open", c_int, [ctypes.POINTER(p), c_char_p, c_char_p, c_size_t]),
            ("acq_index_close", None, [p]),
            ("acq_search", c_int, [ctypes.POINTER(p), p, c_char_p, ctypes.POINTER(SearchOptions),
                                   c_char_p, c_size_t]),
            ("acq_results_count", c_size_t, [p]),
            ("acq_results_hit", ctypes.POINTER(Hit), [p, c_size_t]),
            ("acq_results_free", None, [p])]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    return lib


def search(lib, index_dir, query, k=10):
    """[(score, id, snippet)] for the query; raises OSError on failure."""
    ix, res = ctypes.c_void_p(), ctypes.c_void_p()
    msg = ctypes.create_string_buffer(512)
    rc = lib.acq_index_open(ctypes.byref(ix), index_dir.encode(), msg, len(msg))
    if rc != 0:
        raise OSError(rc, "%s: %s" % (lib.acq_strerror(rc).decode(), msg.value.decode()))
    try:
        opts = SearchOptions(size=ctypes.sizeof(SearchOptions), k=k, k1=-1.0, b=-1.0, snippets=1)
        rc = lib.acq_search(ctypes.byref(res), ix, query.encode(), ctypes.byref(opts), msg, len(msg))
        if rc != 0:
            raise OSError(rc, "%s: %s" % (lib.acq_strerror(rc).decode(), msg.value.decode()))
        try:
            hits = []
            for i in range(lib.acq_results_count(res)):
                h = lib.acq_results_hit(res, i).contents
                hits.append((h.score, h.id.decode(), (h.snippet or b"").decode()))
            return hits
        finally:
            lib.acq_results_free(res)
    finally:
        lib.acq_index_close(ix)


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write("usage: search.py INDEX_DIR QUERY [K]\n")
        return 2
    lib = load(os.environ.get("ACQUIS_LIBRARY") or "libacquis.so.0")
    try:
        hits = search(lib, argv[1], argv[2], int(argv[3]) if len(argv) == 4 else 10)
    except OSError as e:
        sys.stderr.write("search.py: %s\n" % e.strerror)
        return 1
    for rank, (score, doc_id, snippet) in enumerate(hits, 1):
        print("%d\t%.4f\t%s\t%s" % (rank, score, doc_id, snippet))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
