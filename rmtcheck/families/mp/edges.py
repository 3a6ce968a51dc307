"""``mp.edges``: the extreme non-zero eigenvalues of ``S`` sit at the Marchenko–Pastur edges within
the Tracy–Widom scale ``O(n^{-2/3})``.

The claim and its wrong variants, the edge offsets and bias bounds with their calibration, the
experiment (the mean extreme eigenvalues less the Tracy–Widom mean shift) and the draw (``c`` far
from 1). Shared pieces are in ``rmtcheck.families.mp._common``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hypothesis import strategies as st

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.mp._common import (
    CHUNK,
    MP_ASSUMPTIONS,
    PROPORTIONAL,
    SIZES,
    CovarianceParams,
    FloatArray,
    covariance_params,
    matrices,
)
from rmtcheck.families.mp.figures import EDGES_FIGURE
from theory import mp

if TYPE_CHECKING:
    import torch


def _edges_missing_sqrt(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return sigma2 * (1.0 - c) ** 2, sigma2 * (1.0 + c) ** 2


def _edges_sigma_not_sigma2(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    return mp.edges(c, math.sqrt(sigma2))


def _edges_linearised(c: float, sigma2: float = 1.0) -> tuple[float, float]:
    """First order in sqrt(min(c, 1/c)): sigma2 (1 +- 2 sqrt c) for c <= 1, sigma2 (c +- 2 sqrt c)
    for c > 1 (the term min(1, c) dropped)."""
    mp.edges(c, sigma2)
    root = math.sqrt(c)
    big = max(1.0, c)
    return sigma2 * (big - 2.0 * root), sigma2 * (big + 2.0 * root)


CLAIM = Claim(
    id="mp.edges",
    statement="The extreme non-zero eigenvalues of S sit at the MP edges within the "
    "Tracy–Widom scale O(n^{-2/3}).",
    formula=r"\lambda_{\pm} = \sigma^2 (1 \pm \sqrt{c})^2,\quad "
    r"|\lambda_{\max}(S) - \lambda_+| = O_P(n^{-2/3})",
    citation="johnstone2001",
    source="Marčenko & Pastur (1967); Johnstone (2001), Theorem 1.1 (edge scale); "
    "source document 001, 'MP law' slide",
    assumptions=(*MP_ASSUMPTIONS, "edge scale: c bounded away from 1 for the lower edge"),
    regime=PROPORTIONAL + "; checked on the mean over replicates less the Tracy-Widom mean shift "
    "(Ma 2012 centring), c <= 0.15 or c >= 6.67 so that the lower edge is soft",
    predict=mp.edges,
    variants=(
        Variant("missing_sqrt", "sigma^2 (1 ± c)^2: the square root dropped", _edges_missing_sqrt),
        Variant("sigma_not_sigma2", "sigma (1 ± sqrt c)^2", _edges_sigma_not_sigma2),
        Variant("linearised", "first order in sqrt(min(c, 1/c)): the term min(1, c) dropped "
                "(upper edge 4.9-7.8% off over the draws)", _edges_linearised, near_miss=True),
    ),
    resolution_target=0.03,
    resolution_basis="relative to each edge; above 2% because the lower edge is small: one "
    "Tracy-Widom unit is 1.25-2.2% of lambda_- at the affordable sizes (docs/mp.md)",
)

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

EDGE_TW_MEAN = -1.2065335745820  # E TW1 (Tracy & Widom 1996; theory.tracy_widom.mean(1))


def edge_shifts(params: CovarianceParams) -> tuple[float, float, float, float]:
    """Finite-size shifts of ``E lambda_max`` and ``E lambda_min`` from the MP edges, and the
    Tracy–Widom units ``sigma2 s_± / n`` (see :data:`EDGE_OFFSET`)."""
    n, p, s2 = params.n, params.p, params.sigma2
    mu_up, s_up, mu_lo, s_lo = tol.ma_edge_scaling(n=n, p=p)
    o_up, o_lo = EDGE_OFFSET[params.law]
    root_n, root_p = math.sqrt(n), math.sqrt(p)
    shift_up = s2 / n * (mu_up - (root_n + root_p) ** 2 + s_up * (EDGE_TW_MEAN + o_up))
    shift_lo = s2 / n * (mu_lo - (root_n - root_p) ** 2 - s_lo * (EDGE_TW_MEAN + o_lo))
    return shift_up, shift_lo, s2 * s_up / n, s2 * s_lo / n


@dataclass(frozen=True)
class EdgesExperiment:
    """Mean over replicates of the extreme non-zero eigenvalues, less the Tracy–Widom mean shift
    (:func:`edge_shifts`), against the predicted edges; tolerance ``Z_MC`` standard errors plus
    ``B_EDGE`` Tracy–Widom units. Resolution relative to each edge."""

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> FloatArray:
        import torch

        from sim.spectra import nonzero_extremes

        lows, highs = [], []
        remaining = params.replicates
        while remaining > 0:
            count = min(CHUNK, remaining)
            lo, hi = nonzero_extremes(matrices(params, gen, count))
            lows.append(lo.cpu())
            highs.append(hi.cpu())
            remaining -= count
        values: FloatArray = torch.stack([torch.cat(lows), torch.cat(highs)], dim=1).numpy()
        return values

    def compare(self, sample: FloatArray, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        lower, upper = predict(params.c, params.sigma2)
        shift_up, shift_lo, unit_up, unit_lo = edge_shifts(params)
        b_up, b_lo = B_EDGE[params.law]
        count = sample.shape[0]
        se_lo, se_up = (float(v) for v in sample.std(axis=0, ddof=1) / math.sqrt(count))
        return (
            Comparison("mean largest eigenvalue - TW shift", float(sample[:, 1].mean()) - shift_up,
                       float(upper), tol.monte_carlo(se_up, b_up * unit_up, float(upper)), standard_error=se_up),
            Comparison("mean smallest non-zero eigenvalue - TW shift",
                       float(sample[:, 0].mean()) - shift_lo, float(lower),
                       tol.monte_carlo(se_lo, b_lo * unit_lo, float(lower)), standard_error=se_lo),
        )


# c far from 1, where the lower edge is soft and one Tracy–Widom unit is at most
# 2.2% of lambda_- at m >= 120 (c <= 0.15 or c >= 6.67), and where the linearised edges (near-miss variant)
# are 4.9-7.8% off at the upper edge.
EDGE_RATIOS = st.one_of(st.floats(0.08, 0.15), st.floats(6.67, 12.5))

CHECK = Check(CLAIM, EdgesExperiment(),
              draws=lambda s: covariance_params(ratios=EDGE_RATIOS, m_range=s.edge_m,
                                                replicates=s.edge_replicates),
              sizes=SIZES, figures=(EDGES_FIGURE,))
