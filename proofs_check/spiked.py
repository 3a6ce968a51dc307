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

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import spiked

c, ell, tau, theta = sp.symbols("c ell tau theta", positive=True)
z, mm = sp.symbols("z m")


s = sp.symbols("s", positive=True)  # s = sqrt(c)

RATIONAL_POINTS = (
    (sp.Rational(1, 10), sp.Rational(3, 2)),
    (sp.Rational(1, 2), sp.Rational(2, 1)),
    (sp.Rational(5, 2), sp.Rational(4, 1)),
    (sp.Rational(8, 1), sp.Rational(7, 1)),
)


def _mp_quadratic(zz: sp.Expr, m_value: sp.Expr, cc: sp.Expr) -> sp.Expr:
    return cc * zz * m_value**2 - (1 - cc - zz) * m_value + 1


def _companion_inverse(mc: sp.Expr, cc: sp.Expr) -> sp.Expr:
    return -1 / mc + cc / (1 + mc)


def companion_inverse() -> CheckResult:
    """``z = -1/mc + c/(1 + mc)`` and ``m = (mc + (1 - c)/z)/c`` solve the MP quadratic."""
    mc = sp.symbols("mc")
    zz = _companion_inverse(mc, c)
    m_value = (mc + (1 - c) / zz) / c
    residual = sp.simplify(sp.together(_mp_quadratic(zz, m_value, c)))
    return CheckResult("spiked.companion_inverse", "MP quadratic holds along z(mc)", residual == 0,
                       f"residual {residual}")


def multiplicative_outlier() -> CheckResult:
    """``psi(1 + ell) = (1 + ell)(1 + c/ell)``, equal to ``theory.spiked.outlier`` above threshold."""
    psi = sp.simplify(_companion_inverse(-1 / (1 + ell), c))
    residual = sp.simplify(psi - (1 + ell) * (1 + c / ell))
    numeric = max(abs(float(psi.subs({c: cc, ell: ll})) - float(spiked.outlier(float(ll), float(cc))))
                  for cc, ll in RATIONAL_POINTS)
    holds = residual == 0 and numeric < 1e-12
    return CheckResult("spiked.multiplicative_outlier", "mc(lambda) = -1/(1 + ell) gives (1 + ell)(1 + c/ell)",
                       holds, f"symbolic residual {residual}; max |theory - sympy| {numeric:.1e}")


def multiplicative_threshold() -> CheckResult:
    """``psi'(tau) = 0`` at ``tau = 1 + sqrt(c)``, where ``psi = (1 + sqrt c)^2``: the outlier meets
    the edge exactly at ``ell = sqrt(c)``."""
    psi = _companion_inverse(-1 / tau, s**2)
    critical = sp.solve(sp.diff(psi, tau), tau)
    above_one = [r for r in critical if sp.simplify(r - 1 - s) == 0]
    at_edge = sp.simplify(psi.subs(tau, 1 + s) - (1 + s) ** 2)
    meets = sp.simplify((1 + ell) * (1 + s**2 / ell) - (1 + s) ** 2).subs(ell, s)
    holds = bool(above_one) and at_edge == 0 and sp.simplify(meets) == 0
    return CheckResult("spiked.multiplicative_threshold",
                       "psi'(1 + sqrt c) = 0 and psi(1 + sqrt c) = (1 + sqrt c)^2", holds,
                       f"critical points {critical}")


def multiplicative_overlap() -> CheckResult:
    """``tau psi'(tau)/psi(tau)`` at ``tau = 1 + ell`` is ``(1 - c/ell^2)/(1 + c/ell)``; 0 at ``sqrt(c)``."""
    psi = _companion_inverse(-1 / tau, c)
    formula = sp.simplify((tau * sp.diff(psi, tau) / psi).subs(tau, 1 + ell))
    residual = sp.simplify(formula - (1 - c / ell**2) / (1 + c / ell))
    at_threshold = sp.simplify(((1 - s**2 / ell**2) / (1 + s**2 / ell)).subs(ell, s))
    numeric = max(abs(float(formula.subs({c: cc, ell: ll})) - float(spiked.overlap(float(ll), float(cc))))
                  for cc, ll in RATIONAL_POINTS)
    holds = residual == 0 and at_threshold == 0 and numeric < 1e-12
    return CheckResult("spiked.multiplicative_overlap", "tau psi'/psi = (1 - c/ell^2)/(1 + c/ell), 0 at sqrt(c)",
                       holds, f"residual {residual}; at threshold {at_threshold}; theory {numeric:.1e}")


def additive_outlier() -> CheckResult:
    """``m(lambda) = -1/ell`` in the MP quadratic gives ``ell + 1 + c/(ell - c)``; at ``ell = c + sqrt c``
    this is the edge ``(1 + sqrt c)^2``, where ``m`` takes the value ``-1/(c + sqrt c)``."""
    lam = sp.symbols("lam")
    solution = sp.solve(_mp_quadratic(lam, -1 / ell, c), lam)
    residual = sp.simplify(solution[0] - (ell + 1 + c / (ell - c))) if len(solution) == 1 else None
    edge = (1 + s) ** 2
    at_threshold = sp.simplify((ell + 1 + s**2 / (ell - s**2)).subs(ell, s**2 + s) - edge)
    # m at the upper edge: the square root of the discriminant vanishes there.
    m_edge = sp.simplify((1 - s**2 - edge) / (2 * s**2 * edge))
    branch = sp.simplify(m_edge + 1 / (s**2 + s))
    numeric = max(abs(float((ell + 1 + c / (ell - c)).subs({c: cc, ell: ll + cc + sp.sqrt(cc)}))
                      - float(spiked.additive_outlier(float(ll + cc + sp.sqrt(cc)), float(cc))))
                  for cc, ll in RATIONAL_POINTS)
    holds = residual == 0 and at_threshold == 0 and branch == 0 and numeric < 1e-12
    return CheckResult("spiked.additive_outlier", "m(lambda) = -1/ell gives ell + 1 + c/(ell - c); meets the edge "
                       "at c + sqrt(c)", holds, f"residual {residual}; edge {at_threshold}; branch {branch}")


def _stieltjes_above_edge(w: sp.Expr, cc: sp.Expr) -> sp.Expr:
    """The MP Stieltjes transform at a real point ``w`` above the upper edge (the root ~ -1/w)."""
    disc = (1 - cc - w) ** 2 - 4 * cc * w
    return (1 - cc - w + sp.sqrt(disc)) / (2 * cc * w)


def rect_d_transform() -> CheckResult:
    """``D(sigma) = 1/theta^2`` at ``sigma^2 = (1 + theta^2)(c + theta^2)/theta^2``, and the squared
    overlaps equal ``-2 phi / (theta^2 D')`` (left) and ``-2 phi~ / (theta^2 D')`` (right), exactly at
    rational points above the threshold."""
    sigma = sp.symbols("sigma", positive=True)
    worst = 0.0
    failures = []
    for cc, tt in RATIONAL_POINTS:
        phi = -sigma * _stieltjes_above_edge(sigma**2, cc)
        phi_tilde = cc * phi + (1 - cc) / sigma
        d_transform = phi * phi_tilde
        value = sp.sqrt((1 + tt**2) * (cc + tt**2)) / tt
        residual = sp.nsimplify(sp.simplify(d_transform.subs(sigma, value) - 1 / tt**2))
        derivative = sp.diff(d_transform, sigma).subs(sigma, value)
        left = sp.simplify(-2 * phi.subs(sigma, value) / (tt**2 * derivative))
        right = sp.simplify(-2 * phi_tilde.subs(sigma, value) / (tt**2 * derivative))
        theory_left, theory_right = spiked.rect_overlaps(float(tt), float(cc))
        worst = max(worst, abs(float(left) - float(theory_left)), abs(float(right) - float(theory_right)),
                    abs(float(value) - float(spiked.rect_singular_value(float(tt), float(cc)))))
        if residual != 0:
            failures.append((cc, tt, residual))
    holds = not failures and worst < 1e-12
    return CheckResult("spiked.rect_d_transform", "D(sigma(theta)) = 1/theta^2; overlaps from D'", holds,
                       f"exact residuals {failures or 0}; max |theory - sympy| {worst:.1e}")


def rect_threshold() -> CheckResult:
    """At ``theta = c^{1/4}`` the location equals ``1 + sqrt(c)`` and both overlaps vanish."""
    r = sp.symbols("r", positive=True)  # r = c^{1/4}
    cc = r**4
    location = sp.simplify(sp.sqrt(sp.factor((1 + r**2) * (cc + r**2) / r**2)) - (1 + r**2))
    left = sp.simplify(1 - cc * (1 + r**2) / (r**2 * (r**2 + cc)))
    right = sp.simplify(1 - (cc + r**2) / (r**2 * (r**2 + 1)))
    holds = location == 0 and left == 0 and right == 0
    return CheckResult("spiked.rect_threshold", "sigma(c^{1/4}) = 1 + sqrt(c); overlaps 0 there", holds,
                       f"{location}, {left}, {right}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (
    companion_inverse,
    multiplicative_outlier,
    multiplicative_threshold,
    multiplicative_overlap,
    additive_outlier,
    rect_d_transform,
    rect_threshold,
)
