"""Tolerance constants of the scaling-law family, each with its calibration.

Every tolerance is ``Z_MC`` standard errors (``rmtcheck.tolerances.Z_MC = 4``) plus a bias bound stated
as a function of the sizes; the constants below scale those bounds. Calibration runs: the script
``rmtcheck/families/scaling/calibrate.py`` (numbers quoted from its output, 2026-11-24, CPU).
"""

from __future__ import annotations

import math

from scipy import special

# GD on the power-law quadratic: the remainder of the first-order expansion is bounded by
# B_GD x (|second-order term| + truncation tail C K^{-kappa}/(2 kappa)) wherever the frequency
# scale k* = (2 eta Lambda t)^{1/nu} is >= GD_KSTAR_MIN. Calibration (exact sums, K = 2^18,
# nu in {1.25, 1.5, 1.75, 2}, kappa/nu in {0.75, 1, 1.25, 1.5}, eta Lambda in {0.25, 0.5, 1},
# 25 times in [5, 2000]): max |L - E1| / (|T2| + tail) = 1.98 at k* = 8, 1.68 at k* = 10,
# 1.1 at k* = 12, <= 1.1 for t >= 100; 3.4 at k* = 7, 17 at k* = 3 (discreteness of the sum,
# beyond all orders in 1/t but not small at k* < 8). B_GD = 3 leaves a 1.5x margin at k* >= 8.
B_GD = 3.0
GD_KSTAR_MIN = 8.0
# The first recorded time is the later of k* = GD_KSTAR_MIN and the time where the remainder bound
# B_GD |T2|/L falls to GD_REMAINDER_MAX (T2/L ~ (Gamma(a+4)/32 - Gamma(a+3)/12)/(Gamma(a) t^2)), so the
# worst value comparison resolves 0.5% while the omitted 1/t term is still 4-5% there (near miss).
GD_REMAINDER_MAX = 0.005


def gd_first_time(nu: float, a: float, eta_lambda: float) -> int:
    """``t0 = ceil(max(GD_KSTAR_MIN^nu / (2 eta Lambda), sqrt(B_GD c2 / GD_REMAINDER_MAX)))``."""
    c2 = float(abs(special.gamma(a + 4.0) / 32.0 - special.gamma(a + 3.0) / 12.0) / special.gamma(a))
    first: int = math.ceil(max(GD_KSTAR_MIN**nu / (2.0 * eta_lambda), math.sqrt(B_GD * c2 / GD_REMAINDER_MAX)))
    return first

# Ridge risk against its deterministic equivalent: finite-size bias bound B_RIDGE / (n - df_2) relative
# (n - df_2 the effective sample size; for isotropic ridgeless data the exact bias is 1/(p - n - 1)
# relative on the variance, (n/p) / (n - df_2)). Calibration (calibrate.py, 16 verify draws, 300
# designs each, n in [120, 300]): the simulated mean is above the DE in every draw, by
# (+0.12 ... +0.86) / (n - df_2); (|dev| + 2 SE)(n - df_2) <= 1.27. B_RIDGE = 1.5.
B_RIDGE = 1.5

# Ridgeless isotropic risk against the exact finite-n mean: no bias (the formula is exact), only
# Monte Carlo error; the rounding floor of rmtcheck.tolerances applies.

# Learning-curve exponent: the fitted slope of the simulated curve differs from the asymptotic
# exponent by the deterministic equivalent's own finite-n curvature, |e_DE - e| (e_DE the slope
# fitted to ridge_risk on the same n-grid, with the same weights), plus the DE's finite-size bias
# B_RIDGE / n propagated to the slope (the fitted slope of log(1 + B_RIDGE / n) on the grid; in the
# learning-curve regime df_2 << n, so n - df_2 ~ n).

# GD on Gaussian linear regression (learned version); simulated risks averaged exactly over the label noise and
# the signs of beta (simulate.learned_risks).
# Calibration: python -m rmtcheck.families.scaling.calibrate learned 12 200
# (12 verify crossover draws, n in [150, 250], p = 4n ... 6n, kappa/nu in [0.5, 1.25], 200 designs each).
# Floor: the mean minimum-norm risk against the ridgeless deterministic equivalent, bias bound B_FLOOR / (n - df_2)
# relative (df_2 at kappa_0). The simulated mean is above the DE in every draw, by (+0.19 ... +0.68)/(n - df_2),
# growing with kappa/nu: (+0.19 ... +0.31)/(n - df_2) for kappa/nu <= 0.56, +0.49 ... +0.68 for kappa/nu >= 1
# (an earlier 600-design run: +0.25 ... +0.49 for kappa/nu <= 0.9); (|dev| + 2 SE)(n - df_2) <= 0.93 over all,
# <= 0.6 for kappa/nu <= 0.9 (the floor claim's regime). B_FLOOR = 1.0: a 1.7x margin there.
B_FLOOR = 1.0
# Crossover: the first passage of the mean curve through twice the floor against the deterministic equivalent's,
# bias bound B_CROSS / n in log t. Same run: n log(t_measured / t_predicted) in [-0.25, +0.75] (SE n = 0.17-0.27),
# (|dev| + 2 SE) n <= 1.23. B_CROSS = 1.5 (0.6-1% in log t).
B_CROSS = 1.5
# Whole curve: the mean risk at each time against the two-resolvent deterministic equivalent, bias bound
# B_CURVE / n relative.
# Calibration (python -m rmtcheck.families.scaling.calibrate curve 10 200: 10 verify curve draws,
# n in [200, 300], kappa/nu in [0.5, 0.9], 200 designs, the 13 comparison times of GDCurveExperiment from t = 30):
# the simulated mean is above the equivalent at every time of every draw, by (0.0 ... 1.3)/n; (|dev| + 2 SE) n
# <= 2.08. B_CURVE = 2.5: a 1.2x margin. (An earlier run with kappa/nu up to 1.25 and times from t = 10: up to
# 1.8/n, 2.4/n at kappa/nu = 1.24 in a verify draw, and (|dev| + 2 SE) n up to 3.3 at t = 10: the regime was
# restricted instead of the bound widened.)
B_CURVE = 2.5
