"""test_install: the package installed the way the README says, into a fresh
virtual environment (python3 -m venv: Debian's python3-venv) with pip and no
network (nothing to download: the build backend is in python/), then used
from there, outside the source tree: it must find the libacquis of the
build it was installed from, index and search."""
import os
import subprocess
import sys
import unittest

from support import PYTHON_DIR, TempDirTest

SCRIPT = r"""
import acquis, sys
assert acquis.__file__.startswith(sys.prefix), acquis.__file__
with acquis.Writer("ix") as w:
    w.add(id="prum", title="Prüm Decision", text="DNA profiles and fingerprints", eurovoc=["police cooperation"])
with acquis.Index("ix") as ix:
    hits = ix.search("fingerprints")
    print(acquis.library_path)
    print(hits[0].docid, ix.doc("prum").fields["eurovoc"][0])
"""


class InstallTest(TempDirTest):
    def test_pip_install_into_a_fresh_venv(self):
        if os.environ.get("ACQUIS_PY_SANITIZED"):
            self.skipTest("the ASan build: pip under a preloaded libasan tests nothing of ours")
        venv = self.tmp / "venv"
        p = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
        if p.returncode != 0:
            self.skipTest("python3 -m venv does not work here (Debian: apt-get install python3-venv): %s"
                          % p.stderr.strip().splitlines()[-1:])
        env = {k: v for k, v in os.environ.items() if k not in ("ACQUIS_LIBRARY", "PYTHONPATH")}
        # No index at all: the install must need nothing from PyPI.
        env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
        lib = os.environ.get("ACQUIS_LIBRARY")
        if lib:
            env["ACQUIS_BUILD_DIR"] = os.path.dirname(lib)
        p = subprocess.run([str(venv / "bin" / "pip"), "install", str(PYTHON_DIR)], capture_output=True, text=True,
                           env=env, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = subprocess.run([str(venv / "bin" / "python"), "-X", "dev", "-c", SCRIPT], capture_output=True,
                           text=True, env=env, cwd=self.tmp)
        self.assertEqual(p.returncode, 0, p.stderr)
        path, hit = p.stdout.splitlines()
        if lib:
            self.assertEqual(os.path.realpath(path), os.path.realpath(lib))
        self.assertEqual(hit, "prum police cooperation")


if __name__ == "__main__":
    unittest.main()
