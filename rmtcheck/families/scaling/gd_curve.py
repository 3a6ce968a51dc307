"""``scaling.gd_curve``: the whole GD risk curve on Gaussian linear regression against its two-resolvent
deterministic equivalent (docs/scaling.md, section 6).

The claim with its wrong variants, the bias bound ``B_CURVE`` with its calibration, the comparison times, the
experiment, the draw and the check; ``LearnedParams``, ``learned_risks`` and the learned-GD draw are in
``_common``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike, NDArray

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.scaling._common import (
    SIZES,
    FloatArray,
    LearnedParams,
    ScalingSizes,
    learned_params,
    learned_risks,
    mean_se,
)
from theory import scaling

if TYPE_CHECKING:
    import torch

__all__ = ["B_CURVE", "CHECK", "CLAIM", "GDCurveExperiment", "curve_indices", "draws"]


# --- the claim and its wrong variants ----------------------------------------------------------

def _curve_early_law(t: ArrayLike, eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int) -> object:
    """The early-time law: population risk plus the O(1/n) variance sigma^2/n sum (1 - (1 - eta lambda_k)^t)^2
    (no finite-n bias, no floor)."""
    scaling.gd_learned_floor(eigs, beta2, sigma2, n)
    lam = np.asarray(eigs, dtype=np.float64)
    times = np.asarray(t, dtype=np.float64)
    finite = np.where(np.isinf(times), 1e300, times)
    population = 2.0 * np.asarray(scaling.gd_quadratic_loss(finite, eta, lam, np.asarray(beta2, dtype=np.float64)))
    grow = 1.0 - np.power(np.abs(1.0 - eta * lam)[None, :], np.atleast_1d(finite)[:, None])
    return population + sigma2 / n * np.sum(grow * grow, axis=1).reshape(population.shape)


def _curve_ridge_matching(t: ArrayLike, eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float,
                          n: int) -> object:
    """GD at time t read as ridge with lam = 1/(eta t) (the ridgeless risk at t = inf)."""
    times = np.atleast_1d(np.asarray(t, dtype=np.float64))
    return np.asarray([scaling.ridge_risk(eigs, beta2, sigma2, n, 0.0 if math.isinf(s) else 1.0 / (eta * s))
                       for s in times])


def _curve_noiseless(t: ArrayLike, eta: float, eigs: ArrayLike, beta2: ArrayLike, sigma2: float, n: int) -> object:
    """The noise-free curve (label noise ignored: 3-6% low at late times where drawn)."""
    scaling.gd_learned_risk(t, eta, eigs, beta2, sigma2, n)
    return scaling.gd_learned_risk(t, eta, eigs, beta2, 0.0, n)


CLAIM = Claim(
    id="scaling.gd_curve",
    statement="The mean excess risk of GD on Gaussian linear regression (p > n, power-law covariance, label "
    "noise) equals the two-resolvent deterministic equivalent at every time, from the population-law regime "
    "through the crossover to the floor.",
    formula=r"\bar R_n(t) = \Phi(0,0) + 2\oint g_t\frac{\Phi(0,z)}{z}\frac{dz}{2\pi i} + \oint\!\!\oint "
    r"g_tg_t'\frac{\Phi(z,z')}{zz'}\frac{dz\,dz'}{(2\pi i)^2} + \sigma^2\oint\frac{(1-g_t)^2\kappa(z)}{z^2}"
    r"\frac{dz}{2\pi i},\quad \Phi = \frac{\kappa\kappa' B(\kappa,\kappa')}{1-Q(\kappa,\kappa')}",
    citation="bach2024",
    source="derived in docs/scaling.md, section 6 (one- and two-resolvent deterministic equivalents: "
    "Bach 2024, §3; Atanasov, Zavatone-Veth & Pehlevan 2024; filters as contour integrals of resolvents)",
    assumptions=("x ~ N(0, Sigma), y = <beta, x> + sigma eps, p > n; GD from w = 0, eta s_plus < 1",
                 "n, p large and comparable; the mean risk over designs"),
    regime="as scaling.gd_floor (n in [200, 300], p = 4n ... 6n, kappa/nu in [0.5, 0.9]); 12 times from "
    "t = 30 to 100/(eta s_minus) and t = inf; 150 designs, noise and signs of beta averaged exactly",
    predict=scaling.gd_learned_risk,
    variants=(
        Variant("early_law", "population risk + sigma^2/n sum (1 - (1 - eta lambda_k)^t)^2 (no floor)",
                _curve_early_law),
        Variant("ridge_matching", "ridge with lam = 1/(eta t)", _curve_ridge_matching),
        Variant("noiseless", "the noise-free curve (3-6% low at late times where drawn)", _curve_noiseless,
                near_miss=True),
    ),
    resolution_target=0.03,
    resolution_basis="per time Z_MC = 4.6 SE of a mean over 150 designs (0.05-0.2% each from t = 30 on) plus "
    "the calibrated finite-n bias B_CURVE/n = 2.5/n (0.8-1.25%): the equivalent is (0-1.3)/n low at every "
    "time, so 2% is out of reach at CPU sizes (docs/scaling.md, section 6)",
)


# --- tolerance constant ------------------------------------------------------------------------

# Whole curve: the mean risk at each time against the two-resolvent deterministic equivalent, bias bound
# B_CURVE / n relative.
# Calibration (python -m rmtcheck.families.scaling.calibrate curve 10 200: 10 verify curve draws,
# n in [200, 300], kappa/nu in [0.5, 0.9], 200 designs, the 13 comparison times of GDCurveExperiment from t = 30):
# the simulated mean is above the equivalent at every time of every draw, by (0.0 ... 1.3)/n; (|dev| + 2 SE) n
# <= 2.08. B_CURVE = 2.5: a 1.2x margin. (An earlier run with kappa/nu up to 1.25 and times from t = 10: up to
# 1.8/n, 2.4/n at kappa/nu = 1.24 in a verify draw, and (|dev| + 2 SE) n up to 3.3 at t = 10: the regime was
# restricted instead of the bound widened.)
B_CURVE = 2.5


# --- the experiment ----------------------------------------------------------------------------

def curve_indices(params: LearnedParams, points: int = 12, start: float = 30.0) -> NDArray[np.int64]:
    """Indices into ``params.times`` of ``points`` log-spaced comparison times from ``start`` to the end of the
    grid (``span/(eta s_minus)``, past the crossover into the floor)."""
    times = params.times
    targets = np.geomspace(start, float(times[-1]), points)
    return np.unique(np.searchsorted(times, targets).clip(0, times.size - 1))


@dataclass(frozen=True)
class GDCurveExperiment:
    """The mean GD risk curve at 12 log-spaced times from ``t = 30`` through the crossover to
    ``span/(eta s_minus)``, and at ``t = inf``, against ``predict(t, eta, eigs, beta2, sigma2, n)``. Per time:
    tolerance ``Z_MC`` SE + ``B_CURVE / n`` relative (the deterministic equivalent's finite-n bias)."""

    def simulate(self, params: LearnedParams, gen: torch.Generator) -> FloatArray:
        return learned_risks(params, gen)

    def compare(self, sample: FloatArray, params: LearnedParams, predict: Predictor) -> tuple[Comparison, ...]:
        eigs, beta2 = params.population()
        index = curve_indices(params)
        times = np.append(params.times[index], math.inf)
        columns = np.append(index, sample.shape[1] - 1)
        predicted = np.asarray(predict(times, params.eta, eigs, beta2, params.sigma2, params.n), dtype=np.float64)
        out = []
        for t, column, value in zip(times, columns, predicted, strict=True):
            mean, se = mean_se(sample[:, column])
            label = "R_n(inf)" if math.isinf(t) else f"R_n(t = {t:.4g})"
            out.append(Comparison(label, mean, float(value),
                                  tol.monte_carlo(se, B_CURVE / params.n * abs(mean), mean), standard_error=se))
        return tuple(out)


# --- the draw and the check --------------------------------------------------------------------

def draws(sizes: ScalingSizes) -> st.SearchStrategy[LearnedParams]:
    """As the draw of ``scaling.gd_floor`` (``n`` in ``sizes.floor_n``, ``kappa/nu`` in [0.5, 0.9]: the
    equivalent's O(1/n) bias grows with kappa/nu, 2.4/n at kappa/nu = 1.24), noise 3-6% of the floor's bias part
    (the noise-free near miss 2.9-5.7% low at late times); no filter."""
    return learned_params(sizes, sizes.curve_replicates, sizes.floor_n, 0.9)


CHECK = Check(CLAIM, GDCurveExperiment(), draws=draws, sizes=SIZES, examples=0.16)
