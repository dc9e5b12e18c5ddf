"""acquis_build: a PEP 517 build backend for the acquis Python package,
written with the standard library only, so that ``pip install ./python``
works on a machine without network access and without setuptools or wheel
(pip's build isolation installs what ``requires`` lists: nothing).

The package is pure Python (acquis/*.py and py.typed); the wheel also gets
acquis/_build_info.py, which records the acquis build tree the package was
installed from ($ACQUIS_BUILD_DIR, else build/ beside this python/ folder),
so that the installed package finds the libacquis built there before it
looks in the system. Editable installs (pip install -e) put a .pth file
pointing at this folder.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent.parent  # python/
PACKAGE = "acquis"


def _project() -> Dict[str, str]:
    text = (HERE / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python 3.11+
        p = tomllib.loads(text)["project"]
        return {k: p[k] for k in ("name", "version", "description", "requires-python")}
    except ImportError:  # older Pythons: the few plain keys this backend needs
        section = text.split("[project]", 1)[1].split("\n[", 1)[0]
        return dict(re.findall(r'^([a-z-]+)\s*=\s*"([^"]*)"', section, re.M))


def _metadata() -> str:
    p = _project()
    readme = (HERE / "README.md").read_text(encoding="utf-8") if (HERE / "README.md").exists() else ""
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\nRequires-Python: %s\n"
            "Provides-Extra: pandas\nRequires-Dist: pandas; extra == \"pandas\"\n"
            "Description-Content-Type: text/markdown\n\n%s"
            % (p["name"], p["version"], p["description"], p["requires-python"], readme))


def _dist_info() -> str:
    p = _project()
    return "%s-%s.dist-info" % (p["name"], p["version"])


def _wheel_name() -> str:
    p = _project()
    return "%s-%s-py3-none-any.whl" % (p["name"], p["version"])


def _build_dirs() -> List[str]:
    env = os.environ.get("ACQUIS_BUILD_DIR")
    if env:
        return [str(Path(env).resolve())]
    repo = HERE.parent
    return [str(repo / "build")] if (repo / "include" / "acquis.h").is_file() else []


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def _write_wheel(wheel_directory: str, files: List[Tuple[str, bytes]]) -> str:
    info = _dist_info()
    files = files + [
        (info + "/METADATA", _metadata().encode("utf-8")),
        (info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: acquis_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        (info + "/top_level.txt", (PACKAGE + "\n").encode()),
    ]
    record = "\n".join([_record_line(n, d) for n, d in files] + [info + "/RECORD,,", ""])
    name = _wheel_name()
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in files + [(info + "/RECORD", record.encode())]:
            zi = zipfile.ZipInfo(n, date_time=(2026, 1, 1, 0, 0, 0))
            zi.external_attr = 0o644 << 16
            z.writestr(zi, d, zipfile.ZIP_DEFLATED)
    return name


def _package_files() -> List[Tuple[str, bytes]]:
    out = []
    for f in sorted((HERE / PACKAGE).iterdir()):
        if f.suffix == ".py" and f.name != "_build_info.py" or f.name == "py.typed":
            out.append(("%s/%s" % (PACKAGE, f.name), f.read_bytes()))
    info = ('"""Written by the build backend: where the acquis build tree was."""\nBUILD_DIRS = %r\n'
            % (_build_dirs(),))
    out.append((PACKAGE + "/_build_info.py", info.encode()))
    return out


# ---- PEP 517 / PEP 660 hooks --------------------------------------------------------

def get_requires_for_build_wheel(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[dict] = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: Optional[dict] = None) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str, config_settings: Optional[dict] = None) -> str:
    info = Path(metadata_directory) / _dist_info()
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(_metadata(), encoding="utf-8")
    return info.name


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory: str, config_settings: Optional[dict] = None,
                metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, _package_files())


def build_editable(wheel_directory: str, config_settings: Optional[dict] = None,
                   metadata_directory: Optional[str] = None) -> str:
    return _write_wheel(wheel_directory, [("acquis_editable.pth", (str(HERE) + "\n").encode())])


def build_sdist(sdist_directory: str, config_settings: Optional[dict] = None) -> str:
    p = _project()
    base = "%s-%s" % (p["name"], p["version"])
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        def add(rel: str, data: bytes) -> None:
            ti = tarfile.TarInfo(base + "/" + rel)
            ti.size, ti.mode, ti.mtime = len(data), 0o644, 1767225600
            tar.addfile(ti, io.BytesIO(data))
        for rel in ["pyproject.toml", "README.md", "build_backend/acquis_build.py"]:
            if (HERE / rel).exists():
                add(rel, (HERE / rel).read_bytes())
        for n, d in _package_files():
            if not n.endswith("_build_info.py"):
                add(n, d)
        add("PKG-INFO", _metadata().encode("utf-8"))
    return name
