"""``scaling.ridge_risk``: the ridge deterministic equivalent for general spectra (docs/scaling.md).

The claim with its wrong variants, the experiment (the simulation ``ridge_risks`` and the bias bound ``B_RIDGE``
with its calibration are in ``_common``, shared with ``scaling.ridge_exponent``), the draw and the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.scaling._common import (
    B_RIDGE,
    SIZES,
    FloatArray,
    RidgeParams,
    ScalingSizes,
    Spectrum,
    mean_se,
    ridge_isotropic,
    ridge_parts,
    ridge_risks,
)
from theory import scaling
from theory.scaling import effective_ridge, ridge_risk

if TYPE_CHECKING:
    import torch

__all__ = ["CHECK", "CLAIM", "RidgeRiskExperiment", "draws"]


# --- the claim and its wrong variants ----------------------------------------------------------

def _ridge_kappa_is_lambda(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, lam: float) -> float:
    """kappa = lam in the risk formula (no self-consistent effective ridge)."""
    scaling.ridge_risk(eigs, beta2, sigma2, n, lam)
    bias, variance, inflation = ridge_parts(eigs, beta2, sigma2, n, lam)
    return (bias + variance) / (1.0 - inflation)


def _ridge_uninflated_bias(eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int, lam: float) -> float:
    """The 1/(1 - df_2/n) inflation applied to the variance only (near miss: 2-10% where drawn)."""
    scaling.ridge_risk(eigs, beta2, sigma2, n, lam)
    bias, variance, inflation = ridge_parts(eigs, beta2, sigma2, n, scaling.effective_ridge(eigs, n, lam))
    return bias + variance / (1.0 - inflation)


CLAIM = Claim(
    id="scaling.ridge_risk",
    statement="The excess test risk of ridge regression on Gaussian data equals its deterministic equivalent "
    "with "
    "the self-consistent effective ridge kappa, for general spectra and lam >= 0.",
    formula=r"\kappa - \lambda = \frac{\kappa}{n}\sum_i\frac{\lambda_i}{\lambda_i+\kappa},\quad "
    r"R = \frac{\kappa^2\sum_i \lambda_i\beta_i^2/(\lambda_i+\kappa)^2 + \sigma^2 \mathrm{df}_2/n}"
    r"{1 - \mathrm{df}_2/n},\quad \mathrm{df}_2 = \sum_i \frac{\lambda_i^2}{(\lambda_i+\kappa)^2}",
    citation="hastie2022",
    source="Hastie, Montanari, Rosset & Tibshirani (2022), Thm 5 (general Sigma, lam -> 0 limit); "
    "Bach (2024), "
    "§3 (finite lam); Simon et al. (2021) (eigenlearning form)",
    assumptions=("x ~ N(0, Sigma), y = <beta, x> + sigma eps; estimator (X^T X/n + lam I)^{-1} X^T y / n",
                 "n, p large and comparable; lam >= 0 (lam = 0 needs p != n)"),
    regime="power law lambda_i = i^{-alpha} (alpha in [1.25, 2], source r in [0.25, 1]) or two-level spectra, "
    "p in [150, 600], n in [250, 400], lam in {0} U [1e-3, 0.1] (lam = 0 for p >= 2n); drawn where the "
    "uninflated-bias near miss is 3-10% off and n - df_2 >= 150; risk conditioned on X averaged over the "
    "noise exactly",
    predict=scaling.ridge_risk,
    variants=(
        Variant("isotropic", "the Sigma = (tr Sigma/p) I formula with the same signal power",
                ridge_isotropic),
        Variant("kappa_is_lambda", "kappa = lam (no self-consistency)", _ridge_kappa_is_lambda),
        Variant("uninflated_bias", "the 1/(1 - df_2/n) inflation on the variance only (3-10% where drawn)",
                _ridge_uninflated_bias, near_miss=True),
    ),
    resolution_target=0.02,
    resolution_basis="Z_MC = 4 SE of a mean over 300 designs (0.05-0.15% each) plus the calibrated finite-n "
    "bias bound 1.5/(n - df_2) <= 1% (the DE is 0.12-0.86/(n - df_2) low in every draw), drawn "
    "n - df_2 >= 150",
)


# --- the experiment ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RidgeRiskExperiment:
    """Mean excess risk over ``replicates`` Gaussian designs (noise averaged exactly) against the
    prediction ``predict(eigs, beta2, sigma2, n, lam)``: tolerance ``Z_MC`` SE + ``B_RIDGE / (n - df_2)``
    relative (``df_2`` of the deterministic equivalent: the effective sample size; ``B_RIDGE`` in ``_common``)."""

    def simulate(self, params: RidgeParams, gen: torch.Generator) -> FloatArray:
        return ridge_risks(params, gen)

    def compare(self, sample: FloatArray, params: RidgeParams, predict: Predictor) -> tuple[Comparison, ...]:
        eigs, beta2 = params.population()
        mean, se = mean_se(sample)
        value = float(predict(eigs, beta2, params.sigma2, params.n, params.lam))
        kappa = effective_ridge(eigs, params.n, params.lam)
        effective_n = params.n - float(np.sum((eigs / (eigs + kappa)) ** 2))
        return (Comparison("mean excess risk", mean, value,
                           tol.monte_carlo(se, B_RIDGE / effective_n * abs(mean), mean), standard_error=se),)


# --- the draw and the check --------------------------------------------------------------------

def _near_miss_gap(params: RidgeParams) -> float:
    eigs, beta2 = params.population()
    claim = ridge_risk(eigs, beta2, params.sigma2, params.n, params.lam)
    return abs(_ridge_uninflated_bias(eigs, beta2, params.sigma2, params.n, params.lam) / claim - 1.0)


@st.composite
def _ridge(draw: st.DrawFn, sizes: ScalingSizes) -> RidgeParams:
    spectrum: Spectrum = draw(st.sampled_from(("power", "two_level")))
    n = draw(st.integers(*sizes.ridge_n))
    p = draw(st.integers(max(150, n // 2), sizes.ridge_p_max).filter(lambda q: abs(q - n) >= 40))
    # lam = 0 only for p >= 2n: the ridgeless deterministic equivalent is O(1/|p - n|) off near the peak
    lam = draw(st.one_of(st.just(0.0), st.floats(1e-3, 0.1))) if p >= 2 * n else draw(st.floats(1e-3, 0.1))
    return RidgeParams(spectrum, p, n, lam, draw(st.floats(0.05, 1.0)), sizes.ridge_replicates,
                       alpha=draw(st.floats(1.25, 2.0)), r=draw(st.floats(0.25, 1.0)),
                       high=draw(st.floats(5.0, 10.0)),
                       frac=draw(st.floats(0.1, 0.3)))


def _isotropic_gap(params: RidgeParams) -> float:
    eigs, beta2 = params.population()
    claim = ridge_risk(eigs, beta2, params.sigma2, params.n, params.lam)
    return abs(ridge_isotropic(eigs, beta2, params.sigma2, params.n, params.lam) / claim - 1.0)


def _kappa_gap(params: RidgeParams) -> float:
    eigs, beta2 = params.population()
    claim = ridge_risk(eigs, beta2, params.sigma2, params.n, params.lam)
    return abs(_ridge_kappa_is_lambda(eigs, beta2, params.sigma2, params.n, params.lam) / claim - 1.0)


def _effective_n(params: RidgeParams) -> float:
    eigs, _ = params.population()
    kappa = effective_ridge(eigs, params.n, params.lam)
    return params.n - float(np.sum((eigs / (eigs + kappa)) ** 2))


# Power of the near miss by design (docs/error_budget.md): the variant's tolerance is the claim's (Z_MC SE +
# B_RIDGE / (n - df_2) of the same mean), so a gap of two tolerances rejects it whenever the claim agrees. The
# planned tolerance takes a per-design relative spread of SPREAD_MAX: measured 0.37-1.5% over 40 verify
# examples and 0.75-4.3% over 36 ci ones (commits 868bf52-f608244). The ci run at root seed 2460297126 drew a
# point (p, n = 159, 203, lambda = 0.055, r = 0.71) where the near miss was 3.0% off and the tolerance 2.6%: "no
# power". The ci profile now runs 480 designs (was 120).
SPREAD_MAX = 0.05


def planned_tolerance(params: RidgeParams) -> float:
    """The largest relative tolerance of a draw: ``Z_MC SPREAD_MAX / sqrt(R) + B_RIDGE / (n - df_2)``."""
    return tol.planned_relative(SPREAD_MAX, params.replicates, B_RIDGE / _effective_n(params))


def draws(sizes: ScalingSizes) -> st.SearchStrategy[RidgeParams]:
    """Power-law or two-level spectra; kept where the near miss is 3-10% off and at least two planned
    tolerances (:func:`planned_tolerance`), the gross variants (isotropic, kappa = lambda) >= 5% off and the
    effective sample size n - df_2 >= ``sizes.ridge_effective_n`` (the bias bound 1.5/(n - df_2)). The
    kappa = lambda condition was added after a verify run (root seed 3590299973) drew p = 162, n = 317,
    lambda = 0.0726, where that variant is 0.15% from the claim and went unrejected ("no power", issue 28)."""
    return _ridge(sizes).filter(lambda q: _effective_n(q) >= sizes.ridge_effective_n
                                and 0.03 <= _near_miss_gap(q) <= 0.10
                                and _near_miss_gap(q) >= 2.0 * planned_tolerance(q)
                                and _isotropic_gap(q) >= 0.05 and _kappa_gap(q) >= 0.05)


CHECK = Check(CLAIM, RidgeRiskExperiment(), draws=draws, sizes=SIZES, examples=0.32)
