"""Symbolic check of the low-rank error (sympy): the relative error of the best rank-one approximation
of the additive spiked model, ``(1 + sqrt c)^2 / lambda_1``, tends to 1 at the threshold
``ell -> (c + sqrt c)+`` and to the fixed-dimension value ``1/(1 + ell)`` as ``c -> 0``
(:func:`theory.lowrank.relative_error`).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import lowrank

ell = sp.symbols("ell", positive=True)
s = sp.symbols("s", positive=True)  # s = sqrt(c)


def lowrank_continuity() -> CheckResult:
    """The relative error tends to 1 as ``ell -> (c + sqrt c)+`` and to ``1/(1 + ell)`` as ``c -> 0``."""
    error = (1 + s) ** 2 / (1 + ell + s**2 / (ell - s**2))
    at_threshold = sp.simplify(sp.limit(error, ell, s**2 + s, dir="+") - 1)
    small_c = sp.simplify(sp.limit(error, s, 0) - 1 / (1 + ell))
    numeric = abs(float(lowrank.relative_error(0.75 + 1e-12, 0.25)) - 1.0)
    holds = at_threshold == 0 and small_c == 0 and numeric < 1e-9
    return CheckResult("lowrank.continuity", "error -> 1 at ell = c + sqrt(c); -> 1/(1 + ell) as c -> 0",
                       holds, f"{at_threshold}, {small_c}; theory just above threshold off by {numeric:.1e}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (lowrank_continuity,)
