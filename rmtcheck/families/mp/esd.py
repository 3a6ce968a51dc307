"""``mp.esd``: the empirical spectral distribution of ``S = X X^T / n`` converges to the
Marchenko–Pastur law (Kolmogorov distance), universally over entry laws with matched variance.

The claim and its wrong variants, the tolerance with its calibration, the experiment (the pooled ESD
of ``replicates`` draws against the predicted CDF) and the draw. Shared pieces (the parameter record,
the sizes, the draw of ``(p, n)``, the simulation) are in ``rmtcheck.families.mp._common``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.families.mp._common import (
    MP_ASSUMPTIONS,
    PROPORTIONAL,
    SIZES,
    CovarianceParams,
    FloatArray,
    covariance_params,
    eigenvalues,
)
from rmtcheck.families.mp.figures import ESD_FIGURE
from rmtcheck.tolerances import Z_MC
from theory import mp

if TYPE_CHECKING:
    import torch


def cdf_sigma_not_sigma2(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, c, math.sqrt(sigma2))


def cdf_inverted_ratio(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    return mp.cdf(x, 1.0 / c, sigma2)


def _cdf_sigma2_off(x: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    """sigma2 five per cent high: every quantile 5% high; sup-CDF distance 0.05/(pi sqrt c)."""
    return mp.cdf(x, c, 1.05 * sigma2)


CLAIM = Claim(
    id="mp.esd",
    kind="distribution",
    statement="The ESD of S converges to the Marchenko–Pastur law (Kolmogorov distance), "
    "universally over entry laws with matched variance.",
    formula=r"\sup_x |F^{S}_p(x) - F_{\mathrm{MP}}(x; c, \sigma^2)| \to 0,\quad "
    r"\rho(x) = \frac{\sqrt{(\lambda_+ - x)(x - \lambda_-)}}{2\pi\sigma^2 c x}",
    citation="marchenko1967",
    source="Marčenko & Pastur (1967), Theorem 1; Bai & Silverstein (2010), Theorem 3.6",
    assumptions=MP_ASSUMPTIONS,
    regime=PROPORTIONAL + "; Kolmogorov distance O(log p / p) at finite size",
    predict=mp.cdf,
    variants=(
        Variant("sigma_not_sigma2", "scale by sigma instead of sigma^2", cdf_sigma_not_sigma2),
        Variant("inverted_ratio", "aspect ratio n/p instead of p/n", cdf_inverted_ratio),
        Variant("sigma2_off_5pct", "sigma2 five per cent high (every quantile 5% high; sup-CDF "
                "distance 0.05/(pi sqrt c), 0.006-0.05 over the draws)", _cdf_sigma2_off, near_miss=True),
    ),
    resolution_target=0.02,
    resolution_basis="absolute, in Kolmogorov units (the prediction of a distance is 0): 2 points of "
    "CDF, the spirit of 'point <= 2%'; reached with replicates pooled at p >= 100",
)

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


ESD_GRID = 99


@dataclass(frozen=True)
class EsdExperiment:
    """Kolmogorov distance between the pooled ESD of ``replicates`` draws of ``S`` and the
    predicted CDF.

    The prediction of a distance is 0, so the resolution is absolute (``scale = 1``): the
    smallest sup-norm CDF error the check catches. Tolerance: ``Z_MC`` times the largest
    standard error of the mean ESD over 99 pooled quantiles plus ``B_ESD / p``
    (:func:`esd_pooled`).
    """

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> FloatArray:
        return eigenvalues(params, gen)

    def compare(self, sample: FloatArray, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        from sim.statistics import kolmogorov_distance

        def cdf(x: FloatArray) -> FloatArray:
            return np.asarray(predict(x, params.c, params.sigma2))

        def cdf_left(x: FloatArray) -> FloatArray:
            # F(x-) for the atom at 0; elsewhere F is continuous and the 1e-9 offset
            # changes F by at most 1e-9 * max density, far below the tolerance.
            return cdf(x - 1e-9 * (1.0 + np.abs(x)))

        distance = kolmogorov_distance(sample.reshape(-1), cdf, cdf_left)
        grid = np.quantile(sample, np.linspace(0.5, ESD_GRID - 0.5, ESD_GRID) / ESD_GRID)
        per_replicate = (sample[:, :, None] <= grid[None, None, :]).mean(axis=1)
        replicates = sample.shape[0]
        if replicates > 1:
            se = float(per_replicate.std(axis=0, ddof=1).max()) / math.sqrt(replicates)
        else:
            # One draw: the largest standard deviation of one ESD over x, times p, measured
            # 0.88..1.00 (calibration at B_ESD above): 1/p.
            se = 1.0 / params.p
        return (Comparison("Kolmogorov distance of the pooled ESD", distance, 0.0,
                           esd_pooled(params.p, se), scale=1.0),)


CHECK = Check(CLAIM, EsdExperiment(),
              draws=lambda s: covariance_params(m_range=s.mp_m, replicates=s.esd_replicates),
              sizes=SIZES, figures=(ESD_FIGURE,))
