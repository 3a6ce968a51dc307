"""The sympy derivation checks hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proofs_check.__main__ import proofs
from proofs_check.result import CheckResult

CHECKS = proofs()


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_symbolic_check_holds(check: Callable[[], CheckResult]) -> None:
    result = check()
    assert result.holds, f"{result.name}: {result.statement} ({result.detail})"
