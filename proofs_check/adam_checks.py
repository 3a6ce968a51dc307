"""Symbolic checks of the one-step FB-Adam / GD derivations (sympy).

* Stein's identity behind the alignment ``alpha``: ``E[g erf(k g / sqrt 2)] = sqrt(2/pi) k / sqrt(1 + k^2)``
  for ``g ~ N(0, 1)`` (``d/dg erf(k g/sqrt 2) = 2 k phi(k g)``, integrated symbolically).
* ``rho`` increases with ``n/d``: ``k^2`` is affine in ``n/d`` with positive slope and
  ``arcsin(x/(1+x))`` has a positive derivative for ``x > 0``.
* ``E softplus'(g) = E sigmoid(g) = 1/2``: ``sigmoid(g) + sigmoid(-g) = 1`` (the teacher's slope,
  ``E[x y] = beta / 2``).
* The Marchenko–Pastur Stieltjes transform used in the outlier equation solves
  ``c x g^2 - (x + c - 1) g + 1 = 0``, and with ``alpha = 0`` the outlier equation
  ``theta^2 z g1(z^2) z g2(z^2) = 1`` is solved by the rectangular BBP value
  ``z = sqrt((1 + theta^2)(c + theta^2)) / theta`` (Benaych-Georges & Nadakuditi 2012), checked at
  rational points; at the edge it gives ``theta = c^{1/4}``.
"""

from __future__ import annotations

import itertools

import sympy as sp

from proofs_check.result import CheckResult
from theory import adam_step


def stein_alignment() -> CheckResult:
    g, k = sp.symbols("g k", positive=True)
    phi = sp.exp(-(g**2) / 2) / sp.sqrt(2 * sp.pi)
    # E[g f(g)] = E[f'(g)] with f = erf(k g / sqrt 2): f' = 2 k phi(k g) (even, so integrate on R)
    derivative = sp.diff(sp.erf(k * g / sp.sqrt(2)), g)
    value = sp.simplify(2 * sp.integrate(derivative * phi, (g, 0, sp.oo)))
    target = sp.sqrt(2 / sp.pi) * k / sp.sqrt(1 + k**2)
    holds = sp.simplify(value - target) == 0
    return CheckResult("adam.stein_alignment", "E[g erf(k g/sqrt 2)] = sqrt(2/pi) k / sqrt(1 + k^2)",
                       holds, f"integral {value}")


def rho_monotone() -> CheckResult:
    r, mu, a, t, x = sp.symbols("r mu a tau x", positive=True)
    k2 = mu**2 * (r * (mu**2 + sp.Rational(1, 4)) + a) / t**2
    slope = sp.simplify(sp.diff(k2, r))
    outer = sp.simplify(sp.diff(sp.asin(x / (1 + x)), x))
    holds = bool(slope.is_positive) and bool(sp.simplify(outer).is_positive)
    model = [adam_step.spectral_ratio(n, 100) for n in (50, 100, 400, 1600)]
    holds = holds and all(b > a_ for a_, b in itertools.pairwise(model))
    return CheckResult("adam.rho_monotone", "d k^2 / d(n/d) > 0 and d/dx arcsin(x/(1+x)) > 0",
                       holds, f"dk2/dr = {slope}; d/dx = {outer}")


def teacher_slope() -> CheckResult:
    g = sp.symbols("g", real=True)
    sigmoid = 1 / (1 + sp.exp(-g))
    symmetric = sp.simplify(sigmoid + sigmoid.subs(g, -g) - 1)
    softplus_derivative = sp.simplify(sp.diff(sp.log(1 + sp.exp(g)), g) - sigmoid)
    holds = symmetric == 0 and softplus_derivative == 0
    return CheckResult("adam.teacher_slope", "softplus' = sigmoid and sigmoid(g) + sigmoid(-g) = 1, "
                       "so E softplus'(g) = 1/2", holds, f"residuals {symmetric}, {softplus_derivative}")


def independent_outlier() -> CheckResult:
    x, c, _th = sp.symbols("x c theta", positive=True)
    b = x + c - 1
    g1 = (b - sp.sqrt(b**2 - 4 * c * x)) / (2 * c * x)
    quadratic = sp.simplify(c * x * g1**2 - (x + c - 1) * g1 + 1)
    residuals = []
    for cv, tv in ((sp.Rational(3, 2), 2), (sp.Rational(1, 2), 3), (2, sp.Rational(5, 2))):
        z2 = (1 + tv**2) * (cv + tv**2) / tv**2
        g1v = g1.subs({x: z2, c: cv})
        g2v = cv * g1v + (1 - cv) / z2
        residuals.append(sp.nsimplify(sp.simplify(tv**2 * z2 * g1v * g2v - 1)))
    edge = sp.Rational(9, 4)  # c = 9/4: sqrt c = 3/2, z = 5/2, threshold c^{1/4} = sqrt(3/2)
    ze = 1 + sp.sqrt(edge)
    g1e = g1.subs({x: ze**2, c: edge})
    g2e = edge * g1e + (1 - edge) / ze**2
    edge_value = sp.simplify(ze**2 * g1e * g2e - 1 / sp.sqrt(edge))
    numeric = abs(adam_step.correlated_threshold(2.25) - 2.25**0.25)
    holds = quadratic == 0 and all(r == 0 for r in residuals) and edge_value == 0 and numeric < 1e-12
    return CheckResult("adam.independent_outlier", "alpha = 0: the outlier equation reduces to the rectangular "
                       "BBP law and threshold c^{1/4}", holds, f"residuals {quadratic}, {residuals}, {edge_value}")


CHECKS = (stein_alignment, rho_monotone, teacher_slope, independent_outlier)
