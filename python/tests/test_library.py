"""test_library: how the package finds libacquis and what it says when it
cannot, and the ctypes structs against the C compiler's layout."""
import os
import shutil
import subprocess
import sys
import unittest

from support import acquis, PYTHON_DIR, TempDirTest
from acquis import _native


def _python(code, env, cwd):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


class LibraryTest(TempDirTest):
    def test_loaded_library(self):
        self.assertTrue(os.path.exists(acquis.library_path) or "/" not in acquis.library_path)
        self.assertRegex(acquis.library_version, r"^\d+\.\d+\.\d+")

    def test_bad_acquis_library(self):
        env = dict(os.environ, ACQUIS_LIBRARY=str(self.tmp / "libacquis.so.0"), PYTHONPATH=str(PYTHON_DIR))
        p = _python("import acquis", env, self.tmp)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("LibraryNotFoundError", p.stderr)
        self.assertIn("ACQUIS_LIBRARY=%s cannot be loaded" % (self.tmp / "libacquis.so.0"), p.stderr)
        self.assertIn("cmake --build build", p.stderr)

    def test_not_found_anywhere(self):
        # The package alone, outside any checkout and without a build record.
        pkg = self.tmp / "site" / "acquis"
        shutil.copytree(PYTHON_DIR / "acquis", pkg, ignore=shutil.ignore_patterns("_build_info.py", "__pycache__"))
        env = {k: v for k, v in os.environ.items() if k not in ("ACQUIS_LIBRARY", "LD_LIBRARY_PATH")}
        env.update(PYTHONPATH=str(self.tmp / "site"), PATH="/nonexistent")  # no pkg-config either
        p = _python("import acquis; print(acquis.library_path)", env, self.tmp)
        if p.returncode == 0:
            self.skipTest("libacquis is installed on this system (%s): nothing to miss" % p.stdout.strip())
        self.assertIn("LibraryNotFoundError", p.stderr)
        for words in ("was not found", "libacquis.so.0", "cmake --install build", "ACQUIS_LIBRARY"):
            self.assertIn(words, p.stderr)
        self.assertTrue(issubclass(acquis.LibraryNotFoundError, ImportError))

    def test_struct_layout_matches_the_header(self):
        probe = os.environ.get("ACQUIS_LAYOUT_PROBE")
        if not probe:
            self.skipTest("ACQUIS_LAYOUT_PROBE (python/tests/layout.c, built by CMake) is not set")
        lines = subprocess.run([probe], capture_output=True, text=True, check=True).stdout.splitlines()
        c = {}
        for line in lines:
            key, value = line.rsplit(" ", 1)
            c[key] = int(value)
        for name, cls in _native.STRUCTS.items():
            self.assertEqual(ctypes_size(cls), c["%s size" % name], name)
            for field, _ in cls._fields_:
                self.assertEqual(getattr(cls, field).offset, c["%s.%s" % (name, field)], "%s.%s" % (name, field))
            declared = {k.split(".", 1)[1] for k in c if k.startswith(name + ".")}
            self.assertEqual(declared, {f for f, _ in cls._fields_}, name)


def ctypes_size(cls):
    import ctypes
    return ctypes.sizeof(cls)


if __name__ == "__main__":
    unittest.main()
