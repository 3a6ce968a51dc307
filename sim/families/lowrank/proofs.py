"""Symbolic checks of the spiked-model derivations (sympy).

Starting point: the Marchenko–Pastur Stieltjes transform ``m(z)`` of ``S = Z Z^T / n``
(``sigma2 = 1``, ``c = p / n``), root of ``c z m^2 - (1 - c - z) m + 1 = 0`` with
``m(z) ~ -1/z`` at infinity, and its companion ``mc(z) = c m(z) - (1 - c) / z`` (the
Stieltjes transform of the ``n x n`` matrix ``Z^T Z / n``).

* Multiplicative spike ``Sigma = I + ell u u^T``: an outlier ``lambda`` solves
  ``mc(lambda) = -1 / (1 + ell)`` (Baik & Silverstein 2006). Inverting the companion
  equation gives ``z(mc) = -1/mc + c / (1 + mc)`` (Silverstein & Choi 1995), so
  ``lambda = psi(1 + ell)`` with ``psi(tau) = z(-1/tau)``; the squared overlap is
  ``tau psi'(tau) / psi(tau)`` (Paul 2007; Benaych-Georges & Nadakuditi 2011).
* Additive spike ``ell u u^T + Z Z^T / n``: ``1 = ell u^T (lambda - W)^{-1} u``, i.e.
  ``m(lambda) = -1 / ell``.
* Rectangular ``G / sqrt(m) + theta a b^T``: the top singular value solves
  ``D(sigma) = 1 / theta^2`` with the D-transform ``D = phi * (c phi + (1 - c)/sigma)``,
  ``phi(sigma) = -sigma m(sigma^2)`` (Benaych-Georges & Nadakuditi 2012, Theorem 2.8).

Where sympy's simplifier cannot close an identity with square roots in general position,
the identity is reduced exactly at rational parameter points (no floating point).
"""

from __future__ import annotations

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


PROOFS = (lowrank_continuity)
