"""Experiments of the scaling-law family (``scaling.*``): simulate once, compare any predictor.

Each experiment follows ``rmtcheck.experiment.Experiment``: ``simulate(params, gen)`` draws with ``gen`` only
(torch float64 on ``gen.device``), ``compare(sample, params, predict)`` returns ``Comparison``s whose
tolerances are stated functions of the sizes (``tolerances.py`` of this family)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck import tolerances as tol
from rmtcheck.claim import Predictor
from rmtcheck.experiment import Comparison
from rmtcheck.families.scaling import tolerances as stol
from rmtcheck.families.scaling.params import ExponentParams, GDParams, LearnedParams, PeakParams, RidgeParams
from rmtcheck.families.scaling.simulate import (
    gd_losses,
    learned_risks,
    peak_risks,
    ridge_risks,
    ridge_risks_and_controls,
)
from theory.scaling import effective_ridge, gd_power_law_expansion, ridge_risk

FloatArray = NDArray[np.float64]


def _mean_se(values: FloatArray) -> tuple[float, float]:
    return float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(values.size)


def loglog_slope(x: FloatArray, y: FloatArray, rel_se: FloatArray | None = None) -> tuple[float, float]:
    """Weighted least-squares slope of ``log y`` on ``log x`` and its standard error.

    With ``rel_se`` (the relative standard errors of ``y``) the weights are ``1/rel_se^2`` and the
    standard error is the sampling one, ``(sum w (u - u_w)^2)^{-1/2}``; without, unit weights and the
    residual standard error of the fit (a deterministic curve's departure from a straight line)."""
    u, v = np.log(x), np.log(y)
    w = np.ones_like(u) if rel_se is None else 1.0 / rel_se**2
    ubar = float(np.sum(w * u) / np.sum(w))
    vbar = float(np.sum(w * v) / np.sum(w))
    sxx = float(np.sum(w * (u - ubar) ** 2))
    slope = float(np.sum(w * (u - ubar) * (v - vbar)) / sxx)
    if rel_se is not None:
        return slope, 1.0 / math.sqrt(sxx)
    residual = v - vbar - slope * (u - ubar)
    dof = max(1, u.size - 2)
    return slope, math.sqrt(float(np.sum(residual**2)) / dof / sxx)


@dataclass(frozen=True)
class GDLossExperiment:
    """Exact GD losses at log-spaced times against the predicted curve, and the fitted late exponent.

    ``simulate`` iterates GD (no sampling noise: the loss is a deterministic function of ``t``).
    Per time: tolerance ``B_GD (|T2(t)| + C K^{-kappa}/(2 kappa))`` with ``T2`` the second-order term
    of the expansion (the first one the claim omits) and the truncation tail of the ``K`` simulated
    coordinates. Exponent: the slope of ``log L`` on ``log t`` over the last ``fit_points`` times,
    measured and predicted fitted alike; tolerance ``Z_MC`` residual standard errors plus twice the
    largest relative value tolerance in the window over ``ln(t_b/t_a)``."""

    claim_id: str = "scaling.gd_loss"

    def simulate(self, params: GDParams, gen: torch.Generator) -> FloatArray:
        return gd_losses(params, gen)

    def compare(self, sample: FloatArray, params: GDParams, predict: Predictor) -> tuple[Comparison, ...]:
        times = params.times
        args = (params.eta, params.Lambda, params.nu, params.C, params.kappa)
        predicted = np.asarray(predict(times, *args), dtype=np.float64)
        first = np.asarray(gd_power_law_expansion(times, *args, order=1))
        second = np.asarray(gd_power_law_expansion(times, *args, order=2))
        tail = params.C * params.K ** (-params.kappa) / (2.0 * params.kappa)
        bound = stol.B_GD * (np.abs(second - first) + tail)
        out = [Comparison(f"L(t = {int(t)})", float(m), float(p), float(b + tol.ROUNDING * abs(m)))
               for t, m, p, b in zip(times, sample, predicted, bound, strict=True)]
        window = slice(times.size - params.fit_points, times.size)
        slope, se = loglog_slope(times[window], sample[window])
        predicted_slope, _ = loglog_slope(times[window], np.abs(predicted[window]) + 1e-300)
        rel = float(np.max(bound[window] / sample[window]))
        spread = math.log(float(times[window][-1] / times[window][0]))
        out.append(Comparison(f"fitted exponent, t in [{int(times[window][0])}, {int(times[window][-1])}]",
                              -slope, -predicted_slope, tol.Z_MC * se + 2.0 * rel / spread + 1e-12))
        return tuple(out)


@dataclass(frozen=True)
class RidgeRiskExperiment:
    """Mean excess risk over ``replicates`` Gaussian designs (noise averaged exactly) against the
    prediction ``predict(eigs, beta2, sigma2, n, lam)``: tolerance ``Z_MC`` SE + ``B_RIDGE / (n - df_2)``
    relative (``df_2`` of the deterministic equivalent: the effective sample size; tolerances.py)."""

    claim_id: str = "scaling.ridge_risk"

    def simulate(self, params: RidgeParams, gen: torch.Generator) -> FloatArray:
        return ridge_risks(params, gen)

    def compare(self, sample: FloatArray, params: RidgeParams, predict: Predictor) -> tuple[Comparison, ...]:
        eigs, beta2 = params.population()
        mean, se = _mean_se(sample)
        value = float(predict(eigs, beta2, params.sigma2, params.n, params.lam))
        kappa = effective_ridge(eigs, params.n, params.lam)
        effective_n = params.n - float(np.sum((eigs / (eigs + kappa)) ** 2))
        return (Comparison("mean excess risk", mean, value,
                           tol.monte_carlo(se, stol.B_RIDGE / effective_n * abs(mean), mean)),)


@dataclass(frozen=True)
class RidgelessPeakExperiment:
    """Mean ridgeless risk at ``p = n - gap`` and ``p = n + gap`` (isotropic) against
    ``predict(p=, n=, beta_norm2=1, sigma2=)``: tolerance ``Z_MC`` SE (the claimed formula is exact)."""

    claim_id: str = "scaling.ridgeless_peak"

    def simulate(self, params: PeakParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        return peak_risks(params, gen)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: PeakParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        out = []
        sides = (("under", params.n - params.gap, sample[0]), ("over", params.n + params.gap, sample[1]))
        for label, p, values in sides:
            mean, se = _mean_se(values)
            value = float(predict(p=p, n=params.n, beta_norm2=1.0, sigma2=params.sigma2))
            out.append(Comparison(f"mean ridgeless risk, p = {p} ({label}parameterised)", mean, value,
                                  tol.monte_carlo(se, 0.0, mean)))
        return tuple(out)


# Control variates of the learning curves: the diagonal of the sample covariance in the eigenbasis,
# (X^T X / n)_ii / lambda_i - 1 (mean 0 exactly), summed over the blocks {1}, {2}, {3, 4}, {5, ..., 8}, ...
# By the sign symmetry of the sign-averaged risk the first-order fluctuation of the risk in Sigma_hat
# is a combination of these diagonal entries. Measured (alpha = 2, r = 0.55, p = 256, 96 designs per n,
# n = 128 ... 2048): variance of the mean 0.02-0.05 times the plain one in the bias phase (ell = 0.3) and
# 0.06-0.21 in the variance phase (ell = 0.8); slope SE 0.0019 -> 0.0003 and 0.0004 -> 0.0001.
def control_variate_mean(values: FloatArray, controls: FloatArray) -> tuple[float, float]:
    """Mean of ``values`` with the mean-zero ``controls`` ``(R, K)`` as control variates and its standard error.

    The estimate is the intercept of the least-squares fit of ``values`` on ``[1, controls]`` (the
    controls' means are known to be 0), the standard error that of the intercept,
    ``s sqrt((A^T A)^{-1}_00)`` with ``s`` the residual standard deviation on ``R - K - 1`` degrees of
    freedom; needs ``R > K + 2``.
    """
    count, k = controls.shape
    if count <= k + 2:
        raise ValueError(f"control_variate_mean needs more than K + 2 = {k + 2} replicates; got {count}")
    design = np.column_stack([np.ones(count), controls])
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    residual = values - design @ coef
    scale2 = float(residual @ residual) / (count - k - 1)
    cov = np.linalg.inv(design.T @ design)
    return float(coef[0]), math.sqrt(scale2 * float(cov[0, 0]))


def dyadic_blocks(controls: FloatArray) -> FloatArray:
    """Sums of the columns of ``controls`` ``(R, p)`` over the blocks of 1-based indices ``{1}, {2}, {3, 4},
    {5, ..., 8}, ..., {2^j + 1, ..., p}``."""
    p = controls.shape[1]
    edges = [0, *(2**j for j in range(p.bit_length()) if 2**j < p), p]
    return np.column_stack([controls[:, a:b].sum(axis=1) for a, b in itertools.pairwise(edges)])


def _exponent(value: Any) -> float:
    return float(getattr(value, "exponent", value))


@dataclass(frozen=True)
class ExponentSample:
    """Per schedule ``ell``: the mean risks and their standard errors at ``params.ns``."""

    ells: tuple[float, ...]
    means: tuple[FloatArray, ...]
    errors: tuple[FloatArray, ...]


@dataclass(frozen=True)
class RidgeExponentExperiment:
    """Learning curves ``R(n)`` for two ridge schedules ``lam = lam0 n^{-ell}`` (bias- and
    variance-dominated) on the power-law model, each mean with the dyadic-block control variates of
    :func:`control_variate_mean`; fitted exponent (weighted log-log slope, sampling SE)
    against ``predict(alpha, r, ell)``. Tolerance: ``Z_MC`` SE + ``|e_DE - e_claim|`` (the deterministic
    equivalent's own finite-n curvature on this grid, e_DE fitted with the same weights) + the slope of the
    DE's finite-size bias bound, ``|slope of log(1 + B_RIDGE/n)|`` on the grid with the same weights."""

    claim_id: str = "scaling.ridge_exponent"

    def simulate(self, params: ExponentParams, gen: torch.Generator) -> ExponentSample:
        ells = (params.ell, params.ell_variance)
        means, errors = [], []
        for ell in ells:
            m, e = [], []
            for n in params.ns:
                risks, controls = ridge_risks_and_controls(params.ridge(n, ell), gen)
                mean, se = control_variate_mean(risks, dyadic_blocks(controls))
                m.append(mean)
                e.append(se)
            means.append(np.asarray(m))
            errors.append(np.asarray(e))
        return ExponentSample(ells, tuple(means), tuple(errors))

    def compare(self, sample: ExponentSample, params: ExponentParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        ns = np.asarray(params.ns, dtype=np.float64)
        out = []
        for ell, means, errors in zip(sample.ells, sample.means, sample.errors, strict=True):
            rel = errors / means
            slope, se = loglog_slope(ns, means, rel)
            exact = _exponent(predict(params.alpha, params.r, ell))
            claim = params.claimed_exponent(ell)
            de = np.asarray([_de_risk(params, int(n), ell) for n in params.ns])
            de_slope, _ = loglog_slope(ns, de, rel)
            curvature = abs(-de_slope - claim)
            finite = abs(loglog_slope(ns, 1.0 + stol.B_RIDGE / ns, rel)[0])
            out.append(Comparison(f"fitted exponent, lam = {params.lam0:g} n^-{ell:g}", -slope, exact,
                                  tol.Z_MC * se + curvature + finite))
        return tuple(out)


def _de_risk(params: ExponentParams, n: int, ell: float) -> float:
    ridge = params.ridge(n, ell)
    eigs, beta2 = ridge.population()
    return ridge_risk(eigs, beta2, ridge.sigma2, n, ridge.lam)




def crossing(times: FloatArray, risks: FloatArray, factor: float = 2.0) -> tuple[float, float]:
    """First passage of the mean risk through ``factor`` times the mean floor, and its standard error in ``log t``.

    ``risks``: designs x (``times`` + the floor ``t = inf``). Per design ``D(t) = R(t) - factor R(inf)`` (paired:
    the same design and signs); the crossing is the first sign change of the mean ``D`` on the grid, linearly
    interpolated in ``log t``; its SE is the SE of the mean ``D`` there over the local slope ``|dD/d log t|``
    (delta method). ``nan`` when the mean never crosses on the grid."""
    excess = risks[:, : times.size] - factor * risks[:, times.size: times.size + 1]
    mean = excess.mean(axis=0)
    below = np.nonzero(mean <= 0.0)[0]
    if below.size == 0 or below[0] == 0:
        return math.nan, math.nan
    i = int(below[0])
    u0, u1 = math.log(times[i - 1]), math.log(times[i])
    f0, f1 = float(mean[i - 1]), float(mean[i])
    root = u0 + (u1 - u0) * f0 / (f0 - f1)
    w = (root - u0) / (u1 - u0)
    local = (1.0 - w) * excess[:, i - 1] + w * excess[:, i]
    se = float(np.std(local, ddof=1)) / math.sqrt(local.size) / abs((f1 - f0) / (u1 - u0))
    return math.exp(root), se


@dataclass(frozen=True)
class GDFloorExperiment:
    """The floor of GD on Gaussian linear regression: the mean over designs of ``R_n(inf)`` (minimum-norm
    interpolator; noise and the signs of ``beta`` averaged exactly) against ``predict(eigs, beta2, sigma2, n)``.
    Tolerance ``Z_MC`` SE + ``B_FLOOR / (n - df_2)`` relative (``df_2`` at the ridgeless ``kappa_0``;
    tolerances.py)."""

    claim_id: str = "scaling.gd_floor"

    def simulate(self, params: LearnedParams, gen: torch.Generator) -> FloatArray:
        return learned_risks(params, gen, curve=False)

    def compare(self, sample: FloatArray, params: LearnedParams, predict: Predictor) -> tuple[Comparison, ...]:
        eigs, beta2 = params.population()
        mean, se = _mean_se(sample[:, -1])
        value = float(predict(eigs, beta2, params.sigma2, params.n))
        kappa = effective_ridge(eigs, params.n, 0.0)
        effective_n = params.n - float(np.sum((eigs / (eigs + kappa)) ** 2))
        return (Comparison("mean floor R_n(inf)", mean, value,
                           tol.monte_carlo(se, stol.B_FLOOR / effective_n * abs(mean), mean)),)


@dataclass(frozen=True)
class GDCrossoverExperiment:
    """The crossover time ``t_x = min{t: R_n(t) <= 2 R_n(inf)}`` of the mean GD risk curve (``crossing``) against
    ``predict(eta, eigs, beta2, sigma2, n)``. Tolerance ``t_x (exp(Z_MC SE_log + B_CROSS/n) - 1)`` (the SE of
    ``log t_x`` by the delta method; ``B_CROSS/n`` the calibrated finite-n bias of the deterministic equivalent in
    ``log t``, tolerances.py). A curve that never crosses on the grid is measured as ``t = inf``."""

    claim_id: str = "scaling.gd_crossover"

    def simulate(self, params: LearnedParams, gen: torch.Generator) -> FloatArray:
        return learned_risks(params, gen)

    def compare(self, sample: FloatArray, params: LearnedParams, predict: Predictor) -> tuple[Comparison, ...]:
        eigs, beta2 = params.population()
        times = params.times
        measured, se_log = crossing(times, sample)
        value = float(predict(params.eta, eigs, beta2, params.sigma2, params.n))
        if not math.isfinite(measured):
            return (Comparison("crossover time t_x", math.inf, value, 0.0),)
        tolerance = measured * math.expm1(tol.Z_MC * se_log + stol.B_CROSS / params.n)
        return (Comparison("crossover time t_x (R = 2 R_inf)", measured, value, tolerance),)


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
    tolerance ``Z_MC`` SE + ``B_CURVE / n`` relative (the deterministic equivalent's finite-n bias,
    tolerances.py)."""

    claim_id: str = "scaling.gd_curve"

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
            mean, se = _mean_se(sample[:, column])
            label = "R_n(inf)" if math.isinf(t) else f"R_n(t = {t:.4g})"
            out.append(Comparison(label, mean, float(value),
                                  tol.monte_carlo(se, stol.B_CURVE / params.n * abs(mean), mean)))
        return tuple(out)


EXPERIMENTS = (GDLossExperiment(), RidgeRiskExperiment(), RidgelessPeakExperiment(), RidgeExponentExperiment(),
               GDFloorExperiment(), GDCrossoverExperiment(), GDCurveExperiment())
