"""Tolerance constants of the low-rank approximation error claims, with their calibration.

Shared pieces (``Z_MC``, :func:`sim.tolerances.monte_carlo`, the edge scales, the trend level) are in
:mod:`sim.tolerances`; a constant is never widened to make a claim pass.
"""

from __future__ import annotations

import math

from sim.tolerances import johnstone_scale

# lambda_2 / lambda_1: lambda_2 is the top of the noise bulk, so its mean sits a
# Tracy–Widom mean below the edge (about -1.2 sigma_J / n for Gaussian, -2.2 for Rademacher
# entries); the ratio's bias, in units of sigma_J / (n lambda_1), measured -2.1 at worst
# (Rademacher, c = 0.5, m = 200). B_RATIO = 4 units.
# Issue 12: the experiment now removes the Gaussian shift E TW1 sigma_J / n (E TW1 = -1.2065) from
# lambda_2. Uncorrected errors (verify seed 1, 25 examples, m 100-300, c 0.1-8, three laws, R = 16,
# SE about 0.4 units): -0.19 .. -2.41 units (Gaussian -0.19..-2.41, Rademacher -0.91..-2.34,
# Student-t -0.38..-1.72), so the corrected remainder is -1.2 .. +1.0 -> B_RATIO = 2.5 units.
B_RATIO = 2.5


def ratio_bias(*, p: int, n: int, top: float) -> float:
    """``B_RATIO sigma_J / (n top)`` for the mean of ``lambda_2 / lambda_1``, ``top`` the
    measured mean of ``lambda_1``."""
    return float(B_RATIO * johnstone_scale(n=n, p=p) / (n * top))


# Fixed-dimension low-rank error: the finite-n noise Z Z^T / n has spectrum within
# (1 +- sqrt(p/n))^2, so lambda_2 / lambda_1 - 1/(1 + ell) is at most about
# ((1 + sqrt(p/n))^2 - 1) / (1 + ell); B_FIX = 1.5 times that bound. Checked (issue 12, verify seed 1,
# 25 examples, p in 3..5, p/n in [5e-6, 2e-5], ell in [10, 20], three laws): measured bias 0.25-0.74
# units (0.6 for Gaussian p = 5), so B_FIX is 2 times the largest.
B_FIX = 1.5


def fixed_dim_bias(ell: float, *, p: int, n: int) -> float:
    """``B_FIX ((1 + sqrt(p/n))^2 - 1) / (1 + ell)``: distance of the fixed-p limit at finite n."""
    c = p / n
    return float(B_FIX * ((1.0 + math.sqrt(c)) ** 2 - 1.0) / (1.0 + ell))
