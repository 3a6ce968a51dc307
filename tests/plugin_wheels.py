"""Build an example plugin package (``tests/data/<name>``) into a wheel and install it as a user would.

Shared by the outside-package tests (``tests/test_plugin_example.py``: the Wigner outlier;
``tests/test_goe_example.py``: the GOE overlap on the automatic path). The wheel is written by hand
(py3-none-any, pure Python) so that no build backend or network is needed; pip installs it with
``--no-index --target`` into a temporary directory, and ``rmtcheck`` then runs with that directory on
``PYTHONPATH``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[1]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(source: Path, directory: Path, entry_point: str | None = None) -> Path:
    """A py3-none-any wheel of the example package in ``source`` (its ``pyproject.toml`` and the
    import package of the same name, ``-`` read as ``_``); ``entry_point`` replaces the value of its
    ``rmtcheck.checks`` entry points (e.g. ``wigner_example:WRONG_CHECK``)."""
    meta = tomllib.loads((source / "pyproject.toml").read_text())["project"]
    name, version = meta["name"], meta["version"]
    package = name.replace("-", "_")
    points = dict(meta["entry-points"]["rmtcheck.checks"])
    if entry_point is not None:
        points = {key: entry_point for key in points}
    dist = f"{package}-{version}"
    files: dict[str, bytes] = {
        path.relative_to(source).as_posix(): path.read_bytes() for path in sorted((source / package).rglob("*.py"))
    }
    if not files:
        raise ValueError(f"source must hold the import package {package!r}; got {source}")
    files[f"{dist}.dist-info/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    files[f"{dist}.dist-info/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: rmtcheck-tests\n"
                                        b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{dist}.dist-info/entry_points.txt"] = ("[rmtcheck.checks]\n" + "".join(
        f"{key} = {value}\n" for key, value in points.items())).encode()
    record = [_record_line(path, data) for path, data in files.items()] + [f"{dist}.dist-info/RECORD,,"]
    files[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = directory / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel


def install(source: Path, tmp: Path, label: str, entry_point: str | None = None) -> Path:
    """pip-install the wheel of ``source`` into ``tmp/site-LABEL`` (``--target``, no index, no deps)."""
    target = tmp / f"site-{label}"
    wheel_dir = tmp / f"wheel-{label}"
    wheel_dir.mkdir()
    wheel = build_wheel(source, wheel_dir, entry_point)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--disable-pip-version-check", "--target", str(target), str(wheel)], check=True)
    return target


def rmtcheck(site: Path, *args: str, module: str = "rmtcheck.cli", **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m MODULE ARGS`` with the example installed in ``site`` (on PYTHONPATH, as pip --target)."""
    path = os.pathsep.join(p for p in (str(site), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1", **env},
                          timeout=600, check=False)
