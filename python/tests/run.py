"""run: the Python suite as ctest's test_python runs it (tests/CMakeLists.txt):
with pytest when this interpreter can import it (Debian: python3-pytest),
else with unittest, which runs the same tests (they are unittest-style, and
pytest collects them as they are). Exit status 0 when every test passed or
was skipped."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

try:
    import pytest
except ImportError:
    pytest = None

if pytest is not None:
    print("running the Python suite with pytest %s (%s)" % (pytest.__version__, sys.executable), flush=True)
    # no cache directory in the source tree; -rs prints why tests skipped
    sys.exit(int(pytest.main(["-p", "no:cacheprovider", "-v", "-rs", HERE])))

print("pytest cannot be imported by %s (Debian: apt-get install python3-pytest): running the Python suite "
      "with unittest" % sys.executable, flush=True)
import unittest  # noqa: E402

sys.path.insert(0, HERE)
prog = unittest.main(module=None, argv=[sys.argv[0], "discover", "-s", HERE, "-p", "test_*.py", "-v"], exit=False)
sys.exit(0 if prog.result.wasSuccessful() else 1)
