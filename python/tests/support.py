"""support: what the Python tests share: where the repository, the command
line and the shared data are, temporary directories, and an index of the
bundled corpus built through the package itself.

Environment (set by the ctest entry, tests/CMakeLists.txt; defaults for a
run from the repository with build/ beside it):
  ACQUIS_LIBRARY   the libacquis.so.0 under test
  ACQUIS_CLI       the acquis command line of the same build
  ACQ_TEST_SHARED_DIR  ../shared (the Cranfield tests skip without it)
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parent.parent
REPO = PYTHON_DIR.parent
CORPUS = REPO / "corpus" / "jha.jsonl"
CLI = os.environ.get("ACQUIS_CLI") or str(REPO / "build" / "acquis")
SHARED = Path(os.environ.get("ACQ_TEST_SHARED_DIR") or REPO.parent / "shared")

try:  # the package under test: PYTHONPATH, installed, or else this checkout's
    import acquis
except ModuleNotFoundError:
    import sys
    sys.path.insert(0, str(PYTHON_DIR))
    import acquis


def corpus_docs():
    with open(CORPUS, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cli(*args, check=True):
    """Runs the acquis command line; returns its standard output."""
    if not os.path.exists(CLI):
        raise unittest.SkipTest("the acquis command line is not built (%s); set ACQUIS_CLI" % CLI)
    p = subprocess.run([CLI, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError("acquis %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


class TempDirTest(unittest.TestCase):
    """A fresh temporary directory per test (self.tmp)."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="acquis-py-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)


_corpus_index = None


def corpus_index():
    """An index of corpus/jha.jsonl written through acquis.Writer (once per
    process; removed at exit)."""
    global _corpus_index
    if _corpus_index is None:
        d = tempfile.mkdtemp(prefix="acquis-py-corpus-")
        import atexit
        atexit.register(shutil.rmtree, d, True)
        with acquis.Writer(d) as w:
            w.add_many(corpus_docs())
        _corpus_index = d
    return _corpus_index
