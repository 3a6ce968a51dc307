"""``heavy_tails.levy_exponent``: for iid entries with tail index ``mu`` in (0, 2) the ESD of ``X X^T``
has a power tail with density exponent ``mu / 2 + 1`` (Martin & Mahoney 2021, Table 3; Ben Arous &
Guionnet 2008).

The claim record with its wrong variants, the bias bound ``B_LEVY`` with its calibration, the
experiment (Hill on the top eigenvalues), the draw and the check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.draws import sides
from rmtcheck.families.heavy_tails._common import (
    HT_MATRIX_ASSUMPTIONS,
    NEAR_MISS_SHIFT,
    SIZES,
    TAIL_LAWS,
    HeavyMatrixParams,
    HeavyTailsSizes,
    heavy_matrix_tops,
)
from rmtcheck.families.heavy_tails.figures import ESD_LOGLOG_FIGURE
from theory import heavy_tails
from theory._validate import FloatArray, finite_array
from theory.power_law_fit import alpha_hill_batch, hill_mean

if TYPE_CHECKING:
    import torch

# ESD tail exponent: Hill on the top k = max(10, m/10) eigenvalues of X X^T, compared with
# hill_mean(mu/2 + 1, k) (the exact Pareto bias factor k/(k - 2)).
# Calibration (R = 24, Pareto and Student-t entries, (p, n) in {(80, 200), (200, 200),
# (100, 800), (300, 300), (400, 100)}, mu in {0.5, 1.0, 1.3, 1.6}): residual bias within
# +-0.66 SE for mu <= 1.3 (SE = (alpha - 1)/sqrt(k) of one fit); it grows as mu -> 2 (1.64 SE at
# mu = 1.6, 200 x 200), where the law crosses over to the moderate regime.
# Recalibration for the drawn regime (R = 64 each, mu in {0.4, 0.7, 1.0}, both laws, (p, n) in
# {(300, 600), (400, 400), (600, 300)}, /tmp/levy_cal.py): bias/SE from -0.48 +- 0.13 (Student-t,
# 400 x 400) to +0.12 +- 0.15; single-fit spread 0.99-1.22 SE. B_LEVY = 0.8 (was 1.5).
B_LEVY = 0.8


def _levy_mu_plus_one(mu: ArrayLike) -> float | FloatArray:
    """mu + 1: the entries' own density exponent carried over to the ESD."""
    return _shift(mu, lambda m: m + 1.0)


def _levy_ccdf(mu: ArrayLike) -> float | FloatArray:
    """mu / 2: the ESD's CCDF exponent reported as its density exponent."""
    return _shift(mu, lambda m: m / 2.0)


def _levy_seven_percent(mu: ArrayLike) -> float | FloatArray:
    """(mu / 2 + 1)(1 + 7%): the exponent with an uncorrected upward bias (the finite-size bend)."""
    return _shift(mu, lambda m: (m / 2.0 + 1.0) * (1.0 + NEAR_MISS_SHIFT))


def _shift(mu: ArrayLike, rule: Callable[[FloatArray], FloatArray]) -> float | FloatArray:
    heavy_tails.tail_exponent_from_entries(mu)
    result = rule(finite_array("mu", mu))
    return float(result) if np.ndim(mu) == 0 else result


CLAIM = Claim(
    id="heavy_tails.levy_exponent",
    statement="For iid entries with tail index mu in (0, 2) the ESD of X X^T has a power tail "
    "with density exponent mu / 2 + 1.",
    formula=r"P(|w| > x) \sim x^{-\mu},\ 0 < \mu < 2 \Rightarrow \rho(\lambda) \sim \lambda^{-(\mu/2 + 1)}",
    citation="martin2021",
    source="Martin & Mahoney (2021), Table 3; source document 001, universality table; "
    "Ben Arous & Guionnet (2008)",
    assumptions=HT_MATRIX_ASSUMPTIONS,
    regime="finite and infinite size; fitted by Hill on the top k = m / 10 eigenvalues (m in [500, 600]), "
    "mean over R matrices, mu in [0.3, 0.45]",
    predict=heavy_tails.tail_exponent_from_entries,
    variants=(
        Variant("mu_plus_one", "mu + 1: the entries' density exponent", _levy_mu_plus_one),
        Variant("ccdf_exponent", "mu / 2: the CCDF exponent", _levy_ccdf),
        Variant("seven_percent_high", "(mu/2 + 1)(1 + 7%): the finite-size upward bend left uncorrected",
                _levy_seven_percent, near_miss=True),
    ),
    resolution_target=0.05,
    resolution_basis="Hill on k = 55-60 eigenvalues: one fit SE is 1.7-2.5% of the exponent and the "
    "finite-size bias is bounded by 0.8 of it; R = 48 matrices give 3-4.5% (docs/heavy_tails.md)",
)


@dataclass(frozen=True)
class LevyExponentExperiment:
    """Mean Hill exponent of the top ``k`` eigenvalues against ``hill_mean(prediction, k)``.

    Tolerance: ``Z_MC`` standard errors of the mean over the ``R`` matrices plus ``B_LEVY`` single-fit
    standard errors ``(alpha_hat - 1) / sqrt(k)`` (the finite-size bias bound).
    """

    def simulate(self, params: HeavyMatrixParams, gen: torch.Generator) -> FloatArray:
        return alpha_hill_batch(heavy_matrix_tops(params, gen), params.k)

    def compare(self, sample: FloatArray, params: HeavyMatrixParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        exponent = float(predict(params.mu))
        # A density exponent <= 1 is no power-law density (only wrong variants predict one):
        # it is compared as it is.
        expected = hill_mean(exponent, params.k) if exponent > 1.0 else exponent
        spread = float(np.std(sample, ddof=1)) / math.sqrt(sample.size)
        # The scale comes from the measurement, so the claim and its variants share the tolerance.
        bias = B_LEVY * float(np.mean(sample) - 1.0) / math.sqrt(params.k)
        return (Comparison("mean Hill exponent of the ESD tail", float(np.mean(sample)), expected,
                           tol.monte_carlo(spread, bias, expected), standard_error=spread),)


@st.composite
def heavy_matrix_params(draw: st.DrawFn, scale: HeavyTailsSizes) -> HeavyMatrixParams:
    """mu in [0.3, 0.45] (the relative SE of the exponent grows with mu / (mu + 2): 5% resolution at
    mu = 0.5, m = 500; at mu = 1.5 the measured bias brought the mu + 1 variant inside the
    tolerance), c in [1/2, 2], m in [heavy_m_max - 50, heavy_m_max] (k = m/10 eigenvalues per fit),
    48 matrices."""
    m = draw(st.integers(scale.heavy_m_max - 50, scale.heavy_m_max))
    p, n = sides(draw(st.floats(0.5, 2.0)), m)
    return HeavyMatrixParams(mu=draw(st.floats(0.3, 0.45)), law=draw(TAIL_LAWS), p=p, n=n, replicates=48)


# Seconds per example (48 heavy-tailed matrices of m <= 600): a fraction of the profile's examples.
CHECK = Check(CLAIM, LevyExponentExperiment(), draws=heavy_matrix_params, sizes=SIZES, examples=0.32,
              figures=(ESD_LOGLOG_FIGURE,))
