"""The low-rank approximation error claims (``lowrank.*``) and their wrong variants.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from rmtcheck.claim import Claim, Variant
from theory import lowrank, spiked
from theory._validate import FloatArray, as_output, nonneg_array, positive_finite

_COV = (
    "Z is p x n with iid entries, mean 0, variance 1, finite fourth moment",
    "spike directions delocalised (uniform on the sphere in the simulations)",
)

_PROPORTIONAL = "p, n -> inf with p / n -> c in (0, inf); spike strengths fixed"


def _scaled(value: float | FloatArray, factor: float, like: ArrayLike) -> float | FloatArray:
    """``factor * value``, shaped like ``like``."""
    return as_output(factor * np.asarray(value, dtype=np.float64), like)


def _relative_error_ten_percent_high(ell: ArrayLike, c: float) -> float | FloatArray:
    """1.1 (1 + sqrt c)^2 / (1 + ell + c/(ell - c)): the relative error 10% high."""
    return _scaled(lowrank.relative_error(ell, c), 1.1, ell)


def _relative_error_fixed_dim(ell: ArrayLike, c: float) -> float | FloatArray:
    """1 / (1 + ell): the fixed-p formula used in the proportional regime."""
    positive_finite("c", c)
    return lowrank.relative_error_fixed_dim(ell)


def _relative_error_unit_edge(ell: ArrayLike, c: float) -> float | FloatArray:
    """1 / outlier: lambda_2 taken as the noise level 1 instead of the bulk edge."""
    return as_output(1.0 / np.asarray(spiked.additive_outlier(ell, c), dtype=np.float64), ell)


def _fixed_dim_zero(ell: ArrayLike) -> float | FloatArray:
    """0: the noise-free rank-one matrix is reproduced exactly."""
    return as_output(np.zeros(np.shape(nonneg_array("ell", ell))), ell)


def _fixed_dim_spike_only(ell: ArrayLike) -> float | FloatArray:
    """1 / ell: lambda_1 read as the spike ell alone, the noise's unit eigenvalue left out."""
    spikes = nonneg_array("ell", ell)
    if np.any(spikes <= 0):
        raise ValueError("ell must be > 0 for the 1/ell variant")
    return as_output(1.0 / spikes, ell)


def _fixed_dim_sqrt(ell: ArrayLike) -> float | FloatArray:
    """1 / sqrt(1 + ell): a norm read as a squared norm."""
    return as_output(1.0 / np.sqrt(1.0 + nonneg_array("ell", ell)), ell)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="lowrank.relative_error",
        statement="The best rank-one approximation of ell u u^T + Z Z^T/n has relative spectral error "
        "(1 + sqrt c)^2/(1 + ell + c/(ell - c)) above ell = c + sqrt(c), 1 below.",
        formula=r"\frac{\|X - \hat X\|_2}{\|X\|_2} \to \frac{(1 + \sqrt c)^2}{1 + \ell + c/(\ell - c)}"
        r"\ (\ell > c + \sqrt c),\quad 1\ \text{otherwise}",
        citation="couillet2022",
        source="Source document 001, slide 'Relative spectral error of low-rank approximation' "
        "(its text renders ell - c as 'c - c')",
        assumptions=(*_COV, "X = ell u u^T + Z Z^T / n, c = p / n; X_hat keeps the top eigenpair"),
        regime=_PROPORTIONAL + "; tests: smaller side >= 200, Gaussian or Rademacher entries",
        predict=lowrank.relative_error,
        variants=(
            Variant("fixed_dim", "1/(1 + ell), the fixed-p formula", _relative_error_fixed_dim),
            Variant("unit_edge", "1/outlier: lambda_2 = 1 instead of the bulk edge", _relative_error_unit_edge),
            Variant("ten_percent_high", "1.1 (1 + sqrt c)^2/(1 + ell + c/(ell - c))",
                    _relative_error_ten_percent_high, near_miss=True),
        ),
        resolution_target=0.03,
        resolution_basis="lambda_2 less its stated shift (Johnstone-Ma centring of the (p-1) x n noise, TW1 "
        "mean, kappa4 edge term); bound 0.5 sigma_J/(n lambda_1) <= 0.8% + 4 SE (control variate u^T X u): "
        "verify 2.2-2.4%",
    ),
    Claim(
        id="lowrank.fixed_dim",
        statement="For fixed p and n -> infinity the relative spectral error of the rank-one "
        "approximation tends to 1/(1 + ell).",
        formula=r"\frac{\|X - \hat X\|_2}{\|X\|_2} \to \frac{1}{1 + \ell}\quad (p\ \text{fixed}, n \to \infty)",
        citation="couillet2022",
        source="Source document 001, slide 'Relative spectral error of low-rank approximation'",
        assumptions=(*_COV, "X = ell u u^T + Z Z^T / n"),
        regime="p fixed, n -> inf; at finite n the error is within O(sqrt(p/n)) of the limit; tests: p <= 5, "
        "p/n in [5e-6, 2e-5], ell in [10, 20]",
        predict=lowrank.relative_error_fixed_dim,
        variants=(
            Variant("zero", "0: the rank-one part recovered exactly", _fixed_dim_zero),
            Variant("sqrt", "1/sqrt(1 + ell)", _fixed_dim_sqrt),
            Variant("spike_only", "1/ell: the noise's unit eigenvalue left out of lambda_1 (5-10% high at "
                    "ell in [10, 20])", _fixed_dim_spike_only, near_miss=True),
        ),
        resolution_target=0.03,
        resolution_basis="distance of the fixed-p limit at finite n, 1.5((1 + sqrt(p/n))^2 - 1)/(1 + ell) "
        "<= 1.3% at p/n <= 2e-5 (n up to 10^6): verify 2.1%",
    ),
)
