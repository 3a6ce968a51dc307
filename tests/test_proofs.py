"""The sympy derivation checks hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proofs_check import adam_checks, heavy_tails_checks, mp_checks, rff_checks, spiked_checks
from proofs_check.result import CheckResult

CHECKS = (*mp_checks.CHECKS, *spiked_checks.CHECKS, *heavy_tails_checks.CHECKS, *rff_checks.CHECKS,
          *adam_checks.CHECKS)


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_symbolic_check_holds(check: Callable[[], CheckResult]) -> None:
    result = check()
    assert result.holds, f"{result.name}: {result.statement} ({result.detail})"
