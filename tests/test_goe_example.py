"""Issue 24's done-when, from ``rmtcheck verify``: the 25-line GOE example (``tests/data/goe_example``, an
outside package registering ``goe.overlap`` in the entry-point group ``rmtcheck.checks``) verifies the right
formula 1 - 1/theta^2 and fails the 3%-wrong one 0.97 (1 - 1/theta^2).

The package is built into a wheel and installed by pip into a temporary directory, as a user would install
it; ``python -m rmtcheck verify goe.overlap --profile ci`` then runs it on the automatic finite-size path
(rmtcheck.asymptotic), with no tolerance or bias bound from the user.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests import plugin_wheels
from tests.plugin_wheels import rmtcheck

SOURCE = plugin_wheels.DATA / "goe_example"
CODE = SOURCE / "goe_example" / "__init__.py"


def test_user_code_is_at_most_25_lines_and_imports_only_rmtcheck_torch_hypothesis() -> None:
    lines = [line for line in CODE.read_text().splitlines() if line.strip() and not line.lstrip().startswith("#")]
    docstring = sum(1 for line in lines if line.startswith('"""Issue'))  # the one-line module docstring
    assert len(lines) - docstring <= 25
    imported = {line.split()[1].split(".")[0] for line in lines if line.startswith(("import ", "from "))}
    assert imported == {"torch", "hypothesis", "rmtcheck"}


def _verify(site: Path, report: Path) -> tuple[int, dict[str, object], str]:
    result = rmtcheck(site, "verify", "goe.overlap", "--profile", "ci", "--report", str(report), module="rmtcheck")
    payload = json.loads((report / "verification.json").read_text())
    assert set(payload["claims"]) == {"goe.overlap"}
    return result.returncode, payload["claims"]["goe.overlap"], result.stdout + result.stderr


def test_rmtcheck_verify_passes_the_formula_and_fails_the_three_percent_wrong_one(tmp_path: Path) -> None:
    good = plugin_wheels.install(SOURCE, tmp_path, "good")
    wrong = plugin_wheels.install(SOURCE, tmp_path, "wrong", "goe_example:WRONG_CHECK")
    with ThreadPoolExecutor(2) as pool:  # two single-threaded subprocesses side by side
        passed, failed = pool.map(_verify, (good, wrong), (tmp_path / "report-good", tmp_path / "report-wrong"))
    code, row, output = passed
    assert code == 0, output
    assert row["status"] == "pass", output
    assert row["origin"] == "goe-example"
    code, row, output = failed
    assert code == 1, output
    assert row["status"] == "fail", output

