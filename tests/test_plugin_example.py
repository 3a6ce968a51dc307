"""Issue 13's worked example: an outside package registers its own claim through the entry-point
group ``rmtcheck.checks``; ``rmtcheck list`` shows it, ``verify`` passes it, ``cite`` and ``diff``
work on its report, a wrong formula fails and a check whose variants equal the claim has no power.

The package (``tests/data/wigner_example``: the spiked Wigner outlier theta + 1/theta) is built
into a wheel here and installed by pip into a temporary directory, as a user would install it;
nothing in this repository refers to it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent / "data" / "wigner_example"
ROOT = Path(__file__).resolve().parents[1]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(directory: Path, entry_point: str | None = None) -> Path:
    """A py3-none-any wheel of the example package; ``entry_point`` replaces the value of its
    ``rmtcheck.checks`` entry point (e.g. ``wigner_example:WRONG_CHECK``)."""
    meta = tomllib.loads((SOURCE / "pyproject.toml").read_text())["project"]
    name, version = meta["name"], meta["version"]
    points = dict(meta["entry-points"]["rmtcheck.checks"])
    if entry_point is not None:
        points = {key: entry_point for key in points}
    dist = f"{name.replace('-', '_')}-{version}"
    files: dict[str, bytes] = {
        str(path.relative_to(SOURCE)): path.read_bytes()
        for path in sorted((SOURCE / "wigner_example").rglob("*.py"))
    }
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


def install(tmp: Path, label: str, entry_point: str | None = None) -> Path:
    target = tmp / f"site-{label}"
    wheel_dir = tmp / f"wheel-{label}"
    wheel_dir.mkdir()
    wheel = build_wheel(wheel_dir, entry_point)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--disable-pip-version-check", "--target", str(target), str(wheel)], check=True)
    return target


def rmtcheck(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``rmtcheck ARGS`` with the example installed in ``site`` (on PYTHONPATH, as pip --target)."""
    path = os.pathsep.join(p for p in (str(site), str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "rmtcheck.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": path, "OMP_NUM_THREADS": "1", **env},
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plugin")


def test_outside_package_is_listed_verified_cited_and_diffed(tmp: Path) -> None:
    site = install(tmp, "good")
    listed = rmtcheck(site, "list")
    assert listed.returncode == 0, listed.stderr
    assert "wigner.outlier" in listed.stdout
    assert "from: wigner-example" in listed.stdout
    assert "mp.edges" in listed.stdout  # the built-in claims are discovered alongside
    hidden = rmtcheck(site, "list", RMTCHECK_NO_PLUGINS="1")
    assert "wigner.outlier" not in hidden.stdout

    report = tmp / "report-good"
    verified = rmtcheck(site, "verify", "wigner.outlier", "--report", str(report))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    payload = json.loads((report / "verification.json").read_text())
    row = payload["claims"]["wigner.outlier"]
    assert row["status"] == "pass"
    assert row["origin"] == "wigner-example"
    assert set(payload["claims"]) == {"wigner.outlier"}

    cited = rmtcheck(site, "cite", "wigner.outlier", "--report", str(report))
    assert cited.returncode == 0, cited.stderr
    assert "@article{peche2006," in cited.stdout  # the plugin's own BibTeX entry
    assert "@software{rmtcheck," in cited.stdout
    same = rmtcheck(site, "diff", str(report / "verification.json"), str(report / "verification.json"))
    assert same.returncode == 0

    wrong_site = install(tmp, "wrong", "wigner_example:WRONG_CHECK")
    wrong_report = tmp / "report-wrong"
    failed = rmtcheck(wrong_site, "verify", "wigner.outlier", "--report", str(wrong_report))
    assert failed.returncode == 1
    assert json.loads((wrong_report / "verification.json").read_text())["claims"]["wigner.outlier"][
        "status"] == "fail"
    regressed = rmtcheck(site, "diff", str(report / "verification.json"), str(wrong_report / "verification.json"))
    assert regressed.returncode == 1
    assert "REGRESSION" in regressed.stdout


def test_check_without_power_and_broken_plugins_are_reported(tmp: Path) -> None:
    site = install(tmp, "powerless", "wigner_example:POWERLESS_CHECK")
    report = tmp / "report-powerless"
    result = rmtcheck(site, "verify", "wigner.outlier", "--report", str(report))
    assert result.returncode == 1
    row = json.loads((report / "verification.json").read_text())["claims"]["wigner.outlier"]
    assert row["status"] == "no power"

    broken = install(tmp, "broken", "wigner_example:NOT_THERE")
    listed = rmtcheck(broken, "list")
    assert listed.returncode == 0
    assert "mp.edges" in listed.stdout
    assert "plugin 'wigner'" in listed.stderr
    assert "NOT_THERE" in listed.stderr
