"""Symbolic checks of the random-Fourier-feature derivations (sympy).

* ``K_cos + K_sin`` is the Gaussian kernel: ``e^{-a}(cosh t + sinh t) = e^{t - a}`` and
  ``t - a = <x, y> - (|x|^2 + |y|^2)/2 = -|x - y|^2 / 2``; and ``E_w[cos(w^T x) cos(w^T y)]``
  for ``w ~ N(0, 1)`` in one dimension equals ``e^{-(x^2 + y^2)/2} cosh(x y)`` (the kernel's
  definition, integrated symbolically).
* The fixed-point map ``g_a(d) = tr(K_a Q_bar(d)) / n`` is monotone increasing in each ``d_b``:
  ``dg_a/dd_b = (N/n) tr(Q_bar K_a Q_bar K_b) / (n (1 + d_b)^2) >= 0`` since a trace of a product
  of two PSD matrices is ``>= 0``. Sympy checks the derivative identity for a diagonal 2 x 2
  instance (commuting kernels); the general statement is the trace identity
  ``d(M^{-1}) = -M^{-1} dM M^{-1}``, and ``tests/test_rff.py`` checks numerically that the plain
  iteration from 0 and from far above reach the same point (uniqueness).
* At ``X_test = X`` the test-MSE variance factor reduces to ``Theta_a = lam^2 tr(Q_bar K_a Q_bar) / N``
  (scalar instance with commuting symbols: `1 - (N/n) phi q = lam q`).
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from proofs_check.result import CheckResult
from theory import rff


def gaussian_kernel_sum() -> CheckResult:
    x, y, w, t = sp.symbols("x y w t", real=True)
    a = (x**2 + y**2) / 2
    total = sp.simplify(sp.exp(-a) * (sp.cosh(x * y) + sp.sinh(x * y)) - sp.exp(-((x - y) ** 2) / 2))
    density = sp.exp(-(w**2) / 2) / sp.sqrt(2 * sp.pi)
    characteristic = sp.simplify(sp.integrate(sp.cos(w * t) * density, (w, -sp.oo, sp.oo)))  # e^{-t^2/2}
    # cos(wx) cos(wy) = (cos(w(x - y)) + cos(w(x + y))) / 2
    expectation = (characteristic.subs(t, x - y) + characteristic.subs(t, x + y)) / 2
    definition = sp.simplify((expectation - sp.exp(-a) * sp.cosh(x * y)).rewrite(sp.exp))
    kc, ks = rff.kernels([[0.3, -0.2]], [[0.1, 0.4]])
    numeric = abs(kc[0, 0] + ks[0, 0] - float(sp.exp(-(sp.Rational(2, 10) ** 2 + sp.Rational(6, 10) ** 2) / 2)))
    holds = total == 0 and definition == 0 and numeric < 1e-15
    return CheckResult("rff.gaussian_kernel", "K_cos + K_sin = exp(-|x - y|^2/2); E cos cos = K_cos",
                       holds, f"differences {total}, {definition}; E cos(wt) = {characteristic}")


def fixed_point_monotone() -> CheckResult:
    """Diagonal instance: g_a = sum_i k_ai / (r (k_ci/(1+d_c) + k_si/(1+d_s)) + lam) / n."""
    dc, ds, r, lam = sp.symbols("d_c d_s r lam", positive=True)
    k = sp.symbols("kc1 ks1 kc2 ks2", positive=True)
    pairs = ((k[0], k[1]), (k[2], k[3]))
    n = len(pairs)
    inverse = [1 / (r * (c / (1 + dc) + s / (1 + ds)) + lam) for c, s in pairs]
    g_cos = sum(c * q for (c, _), q in zip(pairs, inverse, strict=True)) / n
    claimed = r * sum(c * q * q * s for (c, s), q in zip(pairs, inverse, strict=True)) / (n * (1 + ds) ** 2)
    difference = sp.simplify(sp.diff(g_cos, ds) - claimed)
    return CheckResult("rff.fixed_point_monotone", "dg_cos/dd_sin = (N/n) tr(Q K_c Q K_s)/(n (1 + d_s)^2) >= 0",
                       difference == 0, f"difference {difference}")


def test_equals_train_on_training_set() -> CheckResult:
    """Commuting (scalar) instance: K_a -> k, Phi -> phi, Q_bar -> q = 1 / ((N/n) phi + lam)."""
    k, phi, lam, big_n, n = sp.symbols("k phi lam N n", positive=True)
    q = 1 / (big_n / n * phi + lam)
    theta = k / big_n + big_n / n**2 * q * phi * phi * q * k - 2 / n * phi * q * k
    difference = sp.simplify(theta - lam**2 * q * k * q / big_n)
    return CheckResult("rff.test_reduces_to_train", "Theta_a = lam^2 tr(Q K_a Q)/N at X_test = X",
                       difference == 0, f"difference {difference}")


PROOFS: tuple[Callable[[], CheckResult], ...] = (
    gaussian_kernel_sum,
    fixed_point_monotone,
    test_equals_train_on_training_set,
)
