"""Issue 13's worked example: an outside package registers its own claim through the entry-point
group ``rmtcheck.checks``; ``rmtcheck list`` shows it, ``verify`` passes it, ``cite`` and ``diff``
work on its report, a wrong formula fails and a check whose variants equal the claim has no power.

The package (``tests/data/wigner_example``: the spiked Wigner outlier theta + 1/theta) is built
into a wheel here and installed by pip into a temporary directory, as a user would install it;
nothing in this repository refers to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import plugin_wheels
from tests.plugin_wheels import rmtcheck

SOURCE = plugin_wheels.DATA / "wigner_example"


def install(tmp: Path, label: str, entry_point: str | None = None) -> Path:
    return plugin_wheels.install(SOURCE, tmp, label, entry_point)


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
