"""Tolerance constants of the Marchenko–Pastur claims, with their calibration.

Shared pieces (``Z_MC``, :func:`rmtcheck.tolerances.monte_carlo`, the edge scales, the trend level) are in
:mod:`rmtcheck.tolerances`; a constant is never widened to make a claim pass.
"""

from __future__ import annotations

from rmtcheck.tolerances import Z_MC

# Pooled ESD of R replicates against the MP CDF: the mean ESD differs from F_MP by O(1/p)
# (Götze & Tikhomirov 2004). Calibration (R = 200 replicates per point, p in {100, ..., 2400},
# c in {0.1, 0.625, 1.6, 8}, m = min(p, n) in {100, 300}, Gaussian): p * KS(pooled) = 0.30..0.41
# (with ~0.06 of it Monte Carlo noise); the largest standard deviation over x of one replicate's
# ESD, times p, 0.88..1.00. The tolerance is Z_MC times the largest standard error over a grid of
# 99 pooled quantiles plus B_ESD / p; B_ESD = 0.6 is 1.5 times the largest measured p * KS.
B_ESD = 0.6


def esd_pooled(p: int, standard_error: float) -> float:
    """Tolerance for ``sup|mean ESD - F_MP|``: ``Z_MC * SE + B_ESD / p``."""
    return float(Z_MC * standard_error + B_ESD / p)


# Mean of lambda_max / lambda_min over R replicates against the edges, after the Tracy–Widom
# mean shift: E lambda_max ~ sigma2 / n (mu + s (E TW1 + o_law)), E lambda_min ~
# sigma2 / n (mu_- - s_- (E TW1 + o_law)), with Ma's (2012) centring and scaling
# mu_± = (sqrt(n - 1/2) ± sqrt(p - 1/2))^2, s_± = |sqrt(n - 1/2) ± sqrt(p - 1/2)|
# |1/sqrt(n - 1/2) ± 1/sqrt(p - 1/2)|^{1/3} (lower edge: differences). o_law is the
# finite-size offset of non-Gaussian entries (a fourth-cumulant effect, decaying slowly with n).
# Calibration (R = 800 per point, c in {0.1, 0.25, 4, 8}, m in {50, 100, 200}, SE 0.045 units):
# mean of the standardised edge minus E TW1 (upper | lower), in TW units:
#   Gaussian   -0.03..+0.12 | -0.10..+0.03  -> o = 0,                  B = 0.2
#   Rademacher -0.56..-0.37 | -0.45..-0.25  -> o = -0.46 | -0.35,      B = 0.2
#   Student-t8 +0.24..+0.64 | +0.10..+0.28  -> o = +0.44 | +0.19,      B = 0.3 | 0.2
# (o the mid-range; B = half-range plus two standard errors, rounded up).
EDGE_OFFSET = {"gaussian": (0.0, 0.0), "rademacher": (-0.46, -0.35), "student_t": (0.44, 0.19)}

B_EDGE = {"gaussian": (0.2, 0.2), "rademacher": (0.2, 0.2), "student_t": (0.3, 0.2)}

# tr(S^k)/p, k = 1..4, mean over R replicates with the control variate tr(S)/p (exact mean
# sigma2) and the leading 1/n bias (m4 - 2) k(k-1)/2 m_{k-1} sigma2^k / n subtracted (exact at
# k = 2; Gaussian k = 3 exact, k = 4 off by c/n). Calibration (R = 800, c in {0.25, 0.625, 1.6,
# 4}, n in {50, ..., 400}, three laws): remainder n (mean - m_k) / (k(k-1)/2 m_{k-1}) - (m4 - 2)
# for k = 3, 4 within -0.43..+0.26 (SE 0.07-0.22; the extremes at n = 50-200: Rademacher k = 4
# +0.26 +- 0.07, Student-t k = 3 -0.43 +- 0.20); k = 2 is exact (its remainders, -0.77..+0.18,
# are within 2.7 SE of 0). B_MOMENT = 0.5 in those units, for k = 3, 4 only.
B_MOMENT = 0.5
