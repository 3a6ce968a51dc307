"""Agreement and power: every built-in check (``rmtcheck.check.discover``), run by rmtcheck's own pytest
plugin exactly as ``rmtcheck verify`` runs it — Hypothesis draws of sizes and parameters under the
session's profile, each claim's draws seeded from the root seed and its id; every example must
agree with the claim within its size-derived tolerance, reject every registered wrong variant on
the same sample, and meet the resolution target (times the profile's factor).

Options (from the plugin): ``--rmtcheck-profile``, ``--rmtcheck-seed``, ``--rmtcheck-report``.
"""

from __future__ import annotations

from rmtcheck.plugins import discover
from rmtcheck.testing import check_test

CHECKS = discover(plugins=False)

for _check in CHECKS:
    globals()["test_" + _check.id.replace(".", "_")] = check_test(_check)


def test_every_check_is_unique_and_complete() -> None:
    assert CHECKS.ids()
    assert len(set(CHECKS.ids())) == len(CHECKS)
    for c in CHECKS:
        assert callable(c.experiment.simulate)
        assert callable(c.experiment.compare)
