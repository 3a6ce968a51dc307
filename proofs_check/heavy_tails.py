"""Symbolic checks of the heavy-tail derivations (sympy).

* Hill: the Pareto log-likelihood of ``k`` values above ``x_min``,
  ``l(alpha) = k log(alpha - 1) - k log x_min - alpha sum log(x_i / x_min)`` (up to terms
  free of ``alpha``), is strictly concave with its stationary point at
  ``1 + k / sum log(x_i / x_min)`` — :func:`theory.power_law_fit.alpha_hill`'s formula.
* The Hill mean: with ``G ~ Gamma(k - 1, rate alpha - 1)``, ``E[1 + k / G] = 1 + (alpha - 1) k / (k - 2)``
  (:func:`theory.power_law_fit.hill_mean`).
* ESD universality: if ``P(w^2 > t) ~ t^(-mu/2)`` the density of ``w^2`` decays with exponent
  ``mu / 2 + 1`` (:func:`theory.heavy_tails.tail_exponent_from_entries`).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import heavy_tails, power_law_fit

alpha, k, total, x_min = sp.symbols("alpha k S x_min", positive=True)


def hill_is_the_mle() -> CheckResult:
    """d l / d alpha = 0 at 1 + k / S and d^2 l / d alpha^2 < 0 (S = sum log(x_i / x_min))."""
    loglik = k * sp.log(alpha - 1) - k * sp.log(x_min) - alpha * total
    stationary = sp.solve(sp.Eq(sp.diff(loglik, alpha), 0), alpha)
    curvature = sp.simplify(sp.diff(loglik, alpha, 2))
    numeric = power_law_fit.alpha_hill([1.0, 2.0, 5.0, 7.0], k=4).alpha
    expected = 1 + 4 / sum(sp.log(sp.Rational(v)) for v in (2, 5, 7))
    holds = (len(stationary) == 1 and sp.simplify(stationary[0] - (1 + k / total)) == 0
             and sp.simplify(curvature + k / (alpha - 1) ** 2) == 0
             and abs(float(expected) - numeric) < 1e-12)
    return CheckResult("heavy_tails.hill_mle", "Hill's alpha maximises the Pareto likelihood", holds,
                       f"stationary points {stationary}, curvature {curvature}")


def hill_mean() -> CheckResult:
    """E[1 + k / G], G ~ Gamma(k - 1, rate alpha - 1), by integration."""
    g = sp.symbols("g", positive=True)
    shape = sp.Integer(7)  # k - 1 with k = 8; the general case is the same Gamma integral
    rate = alpha - 1
    density = rate**shape * g ** (shape - 1) * sp.exp(-rate * g) / sp.gamma(shape)
    mean = 1 + 8 * sp.integrate(density / g, (g, 0, sp.oo), conds="none")
    target = 1 + (alpha - 1) * sp.Rational(8, 6)
    difference = sp.simplify(mean - target)
    numeric = power_law_fit.hill_mean(3.0, 8) - (1 + 2.0 * 8 / 6)
    return CheckResult("heavy_tails.hill_mean", "E alpha_hat = 1 + (alpha - 1) k / (k - 2) (k = 8)",
                       difference == 0 and abs(numeric) < 1e-12, f"difference {difference}")


def squared_entries_exponent() -> CheckResult:
    """P(w^2 > t) = t^(-mu/2) has density exponent mu/2 + 1."""
    t, mu = sp.symbols("t mu", positive=True)
    density = -sp.diff(t ** (-mu / 2), t)
    exponent = sp.simplify(-t * sp.diff(sp.log(density), t))
    numeric = float(heavy_tails.tail_exponent_from_entries(1.2))
    holds = sp.simplify(exponent - (mu / 2 + 1)) == 0 and abs(numeric - 1.6) < 1e-12
    return CheckResult("heavy_tails.squared_entries", "density of w^2 decays as t^-(mu/2 + 1)", holds,
                       f"exponent {exponent}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (hill_is_the_mle, hill_mean, squared_entries_exponent)
