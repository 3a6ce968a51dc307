"""The sympy derivation checks of every family (``PROOFS``) hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from proofs_check import proofs
from proofs_check.result import CheckResult

CHECKS = proofs()


@pytest.mark.parametrize("check", CHECKS, ids=[f"{c.__module__.rsplit('.', 1)[-1]}.{c.__name__}" for c in CHECKS])
def test_symbolic_check_holds(check: Callable[[], CheckResult]) -> None:
    result = check()
    assert result.holds, f"{result.name}: {result.statement} ({result.detail})"


def test_every_family_module_is_covered() -> None:
    """Every family but tracy_widom (checked numerically) contributes sympy checks."""
    from rmtcheck.families import family_modules

    families = {c.__module__.rsplit(".", 1)[-1] for c in CHECKS}
    assert families == set(family_modules()) - {"tracy_widom"}
