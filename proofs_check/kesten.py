"""Symbolic checks of the Kesten-recursion derivations (sympy).

* Kesten, log-normal: ``E|a|^alpha = E exp(alpha Y)`` with ``Y ~ N(m, s^2)`` integrates to
  ``exp(alpha m + alpha^2 s^2 / 2)``, whose positive root of ``= 1`` is ``-2 m / s^2``
  (:func:`theory.kesten.tail_index_lognormal`).
* SGD, ``a = 1 - (eta / B) chi^2_B``: ``E a^2 = 1`` exactly at ``eta = 2 B / (B + 2)``, so the
  tail index equals 2 at the mean-square stability limit.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import kesten

alpha, k, total, x_min = sp.symbols("alpha k S x_min", positive=True)


def kesten_lognormal() -> CheckResult:
    """E exp(alpha Y), Y ~ N(m, s^2) = exp(alpha m + alpha^2 s^2 / 2); root -2m / s^2."""
    y = sp.symbols("y", real=True)
    m = sp.symbols("m", negative=True)
    s = sp.symbols("s", positive=True)
    density = sp.exp(-((y - m) ** 2) / (2 * s**2)) / sp.sqrt(2 * sp.pi * s**2)
    moment = sp.simplify(sp.integrate(sp.exp(alpha * y) * density, (y, -sp.oo, sp.oo), conds="none"))
    closed = sp.exp(alpha * m + alpha**2 * s**2 / 2)
    roots = sp.solve(sp.Eq(alpha * m + alpha**2 * s**2 / 2, 0), alpha)
    numeric = kesten.tail_index_lognormal(-0.3, 0.6) - 0.6 / 0.36
    holds = sp.simplify(moment - closed) == 0 and roots == [-2 * m / s**2] and abs(numeric) < 1e-12
    return CheckResult("kesten.lognormal", "E|a|^alpha = exp(alpha m + alpha^2 s^2/2) = 1 at -2m/s^2",
                       holds, f"moment {moment}, positive roots {roots}")


def sgd_mean_square_limit() -> CheckResult:
    """E (1 - (eta/B) chi2_B)^2 = 1 - 2 eta + eta^2 (B + 2) / B: equal to 1 at eta = 2B/(B + 2)."""
    eta, b = sp.symbols("eta B", positive=True)
    mean, second = b, b**2 + 2 * b  # E chi2_B and E (chi2_B)^2
    expansion = sp.expand(1 - 2 * eta / b * mean + eta**2 / b**2 * second)
    roots = sp.solve(sp.Eq(expansion, 1), eta)
    numeric = kesten.sgd_tail_index(4.0 / 3.0, 4) - 2.0
    holds = roots == [2 * b / (b + 2)] and abs(numeric) < 1e-8
    return CheckResult("kesten.sgd_mean_square", "tail index 2 exactly at eta = 2B/(B + 2)", holds,
                       f"E a^2 = {expansion}, E a^2 = 1 at eta = {roots}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (kesten_lognormal, sgd_mean_square_limit)
