"""Experiments for the heavy-tail claims (``ht.*``, ``kesten.*``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from sim import tolerances as tol
from sim.experiments.common import trend_comparison
from sim.experiments.params import HeavyMatrixParams, KestenParams, TailSampleParams, TrendParams
from sim.harness import Comparison
from sim.heavy_tails import (
    heavy_entries,
    kesten_chains,
    kesten_step,
    pareto,
    sgd_chains,
    sgd_step,
    split_tail,
    student_t,
    top_eigenvalues,
)
from sim.statistics import kolmogorov_distance
from theory import kesten
from theory.claim import Predictor
from theory.heavy_tails_claims import EstimatorPrediction
from theory.power_law_fit import alpha_hill_batch, hill_mean

FloatArray = NDArray[np.float64]

#: ``mu`` grid of the moderate-tail trend and step-size fractions of the SGD trend.
MODERATE_GRID = (2.2, 2.6, 3.0, 3.4, 3.8)


def _trend(label: str, sample: tuple[FloatArray, FloatArray], direction: int) -> Comparison:
    return trend_comparison(label, sample[0], sample[1], direction)


def tail_samples(params: TailSampleParams, gen: torch.Generator) -> FloatArray:
    """``(replicates, n)`` samples of the law in ``params`` (see :class:`TailSampleParams`)."""
    shape = (params.replicates, params.n)
    if params.law == "pareto":
        values = pareto(params.alpha, shape, gen)
    elif params.law == "pareto_body":
        body = 0.2 + 0.8 * torch.rand(shape, generator=gen, device=gen.device, dtype=torch.float64)
        tail = pareto(params.alpha, shape, gen)
        pick = torch.rand(shape, generator=gen, device=gen.device, dtype=torch.float64) < 0.5
        values = torch.where(pick, tail, body)
    else:
        values = student_t(params.alpha - 1.0, shape, gen).abs()
    result: FloatArray = values.cpu().numpy()
    return result


@dataclass(frozen=True)
class EstimatorExperiment:
    """Mean of an estimator over replicates against its predicted mean.

    Tolerance: ``Z_MC`` standard errors of the mean (the replicates' spread) plus
    ``bias_units`` single-estimate standard errors (the estimator's finite-size bias; 0 for the
    exact Hill mean on Pareto data).
    """

    claim_id: str
    bias_units: float
    fixed_k: bool = False  # the prediction depends on Hill's k (params.k)

    def simulate(self, params: TailSampleParams, gen: torch.Generator) -> FloatArray:
        return tail_samples(params, gen)

    def compare(self, sample: FloatArray, params: TailSampleParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        arguments = (params.alpha, params.k) if self.fixed_k else (params.alpha,)
        prediction: EstimatorPrediction = predict(*arguments)
        estimates, sizes = prediction.estimator(sample)
        spread = float(np.std(estimates, ddof=1)) / math.sqrt(estimates.size)
        sigma = float(np.mean((estimates - 1.0) / np.sqrt(sizes)))
        return (Comparison(f"mean {prediction.description}", float(np.mean(estimates)), prediction.expected,
                           tol.monte_carlo(spread, self.bias_units * sigma, prediction.expected)),)


def heavy_matrix_tops(params: HeavyMatrixParams, gen: torch.Generator) -> FloatArray:
    """``(replicates, k)`` top eigenvalues of ``X X^T`` for matrices of heavy-tailed entries."""
    x = heavy_entries(params.mu, params.law, (params.replicates, params.p, params.n), gen)  # type: ignore[arg-type]
    tops: FloatArray = top_eigenvalues(x, params.k).cpu().numpy()
    return tops


@dataclass(frozen=True)
class LevyExponentExperiment:
    """Mean Hill exponent of the top ``k`` eigenvalues against ``hill_mean(prediction, k)``.

    Tolerance: ``Z_MC`` standard errors of the mean over the ``R`` matrices plus ``B_LEVY`` single-fit
    standard errors ``(alpha_hat - 1) / sqrt(k)`` (the finite-size bias bound).
    """

    claim_id: str = "ht.levy_exponent"

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
        bias = tol.B_LEVY * float(np.mean(sample) - 1.0) / math.sqrt(params.k)
        return (Comparison("mean Hill exponent of the ESD tail", float(np.mean(sample)), expected,
                           tol.monte_carlo(spread, bias, expected)),)


@dataclass(frozen=True)
class ModerateTrendExperiment:
    """Hill exponents of the ESD tail over a ``mu`` grid in (2, 4); trend by Spearman's rho.

    Resolution: ``min_effect`` (:func:`trend_min_effect`), the smallest change of the mean exponent
    across the grid, relative to its mean, that the test detects at its level.
    """

    claim_id: str = "ht.moderate_trend"

    def simulate(self, params: TrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        values, estimates = [], []
        for mu in params.grid:
            matrix = HeavyMatrixParams(mu, params.law, params.p, params.n, params.replicates)
            estimates.append(alpha_hill_batch(heavy_matrix_tops(matrix, gen), matrix.k))
            values.append(np.full(params.replicates, mu))
        return np.concatenate(values), np.concatenate(estimates)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (_trend("mu, exponent", sample, int(predict())),)


@dataclass(frozen=True)
class LightTailEsdExperiment:
    """The non-zero ESD of one Student-t(mu) matrix against MP with variance mu/(mu - 2).

    Two statistics: the Kolmogorov distance (prediction 0, tolerance
    :func:`sim.tolerances.esd_kolmogorov`; its resolution is in absolute form, ``scale = 1``, the
    Kolmogorov distance being a probability) and the mean non-zero eigenvalue against the mean of
    the predicted law (``Z_MC`` standard errors: the mean is ``sum w^2 / (n m)``, whose variance
    ``p n Var(w^2) / (n m)^2`` follows from ``E w^4 = 3 mu^2 / ((mu - 2)(mu - 4))``).
    """

    claim_id: str = "ht.mp_light_tails"

    def simulate(self, params: HeavyMatrixParams, gen: torch.Generator) -> FloatArray:
        x = student_t(params.mu, (params.p, params.n), gen)
        gram = x @ x.T / params.n if params.p <= params.n else x.T @ x / params.n
        values: FloatArray = torch.linalg.eigvalsh(gram).cpu().numpy()
        return values

    def compare(self, sample: FloatArray, params: HeavyMatrixParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        # The non-zero eigenvalues: for p > n compare with the MP law of X^T X / n rescaled,
        # i.e. the law of S conditioned on being non-zero.
        mu = params.mu
        sigma2 = mu / (mu - 2.0)
        c = params.c
        atom = max(0.0, 1.0 - 1.0 / c)

        def cdf(x: FloatArray) -> FloatArray:
            return (np.asarray(predict(x, c, sigma2)) - atom) / (1.0 - atom)

        distance = kolmogorov_distance(sample, cdf, cdf)
        # Mean of the predicted law: the integral of 1 - F over [0, 3 x the largest edge in play].
        upper = 3.0 * float(max(np.max(sample), sigma2 * (1.0 + math.sqrt(max(c, 1.0 / c))) ** 2 * max(c, 1.0)))
        grid = np.linspace(0.0, upper, 40_001)
        survival = 1.0 - np.clip(cdf(grid), 0.0, 1.0)
        law_mean = float(np.sum((survival[1:] + survival[:-1]) * 0.5) * (grid[1] - grid[0]))
        fourth = 3.0 * mu * mu / ((mu - 2.0) * (mu - 4.0))
        error = math.sqrt(params.p * params.n * (fourth - sigma2 * sigma2)) / (params.n * params.m)
        return (Comparison("Kolmogorov distance of the non-zero ESD", distance, 0.0,
                           tol.esd_kolmogorov(params.m, max(params.p, params.n)), scale=1.0),
                Comparison("mean non-zero eigenvalue", float(np.mean(sample)), law_mean,
                           tol.monte_carlo(error, 0.0, law_mean)))


def _stationary_steps(log_contraction: float) -> int:
    """``ceil(30 / |E log|a||)``: the initial condition's weight is below e^-30."""
    return math.ceil(30.0 / abs(log_contraction))


def kesten_sample(params: KestenParams, gen: torch.Generator) -> FloatArray:
    """Stationary ``|w|`` of ``params.runs`` independent runs of ``params.chains`` chains, ``(runs, chains)``,
    each row sorted."""
    total = params.chains * params.runs
    if params.model == "lognormal":
        steps = _stationary_steps(params.m)
        values = kesten_chains(params.m, params.s, params.q, total, steps, gen)
    else:
        steps = _stationary_steps(kesten.sgd_log_contraction(params.eta, params.batch))
        values = sgd_chains(params.eta, params.batch, 1, total, steps, gen)
    result: FloatArray = np.sort(values.cpu().numpy().reshape(params.runs, params.chains), axis=1)
    return result


@dataclass(frozen=True)
class SplitTailSample:
    """Weighted tail probabilities of the stationary law, per independent group of chains.

    ``low[g]``, ``high[g]``: the weighted counts of ``|w| > x_lo`` and ``|w| > x_hi`` in group
    ``g`` divided by the group's initial number of chains (unbiased for ``P(|w| > x)``);
    ``span = log(x_hi / x_lo)``; ``pilot``: the Hill index that set the levels.
    """

    low: FloatArray
    high: FloatArray
    span: float
    pilot: float

    @property
    def index(self) -> float:
        """``log(P(|w| > x_lo) / P(|w| > x_hi)) / log(x_hi / x_lo)``: the local tail index."""
        return math.log(float(np.mean(self.low)) / float(np.mean(self.high))) / self.span

    @property
    def standard_error(self) -> float:
        """Delta-method SE of :attr:`index` from the spread over the independent groups."""
        groups = self.low.size
        cov = np.cov(self.low, self.high) / groups
        lo, hi = float(np.mean(self.low)), float(np.mean(self.high))
        var = cov[0, 0] / lo**2 + cov[1, 1] / hi**2 - 2.0 * cov[0, 1] / (lo * hi)
        return math.sqrt(max(float(var), 0.0)) / self.span


# Splitting design (docs/kesten.md): PILOT_HORIZON / |E log|a|| steps from 0 before a pilot Hill index
# of the top SPLIT_TOP of the chains sets the levels, then (SPLIT_HIGH log 2 / pilot + SPLIT_MARGIN) /
# |E log|a|| steps under the weight window: the alpha-tilted walk of log|a| climbs 0.85-1 times
# |E log|a|| per step, so particles reach the top level log(x_hi / base) = SPLIT_HIGH log 2 / pilot
# with 17-20 units of log|w| to spare. The level-0 boundary is
# the pilot's top 1% point, each of SPLIT_LEVELS levels halves the tail probability (spacing
# log 2 / pilot index in log|w|), and the index is read between levels SPLIT_LOW and SPLIT_HIGH (P about
# 6e-4 and 4e-17).
PILOT_HORIZON = 15.0
SPLIT_MARGIN = 20.0
SPLIT_TOP = 0.01
SPLIT_LEVELS = 52
SPLIT_LOW = 4
SPLIT_HIGH = 48
SPLIT_GROUPS = 64


def kesten_split(params: KestenParams, gen: torch.Generator) -> SplitTailSample:
    """``chains * runs`` chains from 0, ``PILOT_HORIZON / |E log|a||`` steps plain, then
    ``(SPLIT_HIGH log 2 / pilot + SPLIT_MARGIN) / |E log|a||`` steps under the weight window of
    :func:`sim.heavy_tails.split_tail`."""
    total = params.chains * params.runs
    if params.model == "lognormal":
        step = kesten_step(params.m, params.s, params.q)
        contraction = abs(params.m)
    else:
        step = sgd_step(params.eta, params.batch)
        contraction = abs(kesten.sgd_log_contraction(params.eta, params.batch))
    w = torch.zeros(total, dtype=torch.float64, device=gen.device)
    for _ in range(math.ceil(PILOT_HORIZON / contraction)):
        w = step(w, gen)
    top = torch.sort(w.abs()).values[-int(SPLIT_TOP * total) - 1:]
    base = float(top[0])
    pilot = 1.0 / float(torch.log(top[1:] / base).mean())
    horizon = math.ceil((SPLIT_HIGH * math.log(2.0) / pilot + SPLIT_MARGIN) / contraction)
    values, weights, groups = split_tail(step, w, horizon, base, pilot, SPLIT_LEVELS, SPLIT_GROUPS, gen)
    x_lo, x_hi = base * 2.0 ** (SPLIT_LOW / pilot), base * 2.0 ** (SPLIT_HIGH / pilot)
    per_group = total / SPLIT_GROUPS
    index = groups.cpu().numpy()

    def counts(x: float) -> FloatArray:
        tail = (weights * (values > x)).cpu().numpy()
        result: FloatArray = np.bincount(index, weights=tail, minlength=SPLIT_GROUPS) / per_group
        return result

    return SplitTailSample(counts(x_lo), counts(x_hi), math.log(x_hi / x_lo), pilot)


@dataclass(frozen=True)
class KestenExperiment:
    """Local tail index of the stationary ``|w|`` between tail probabilities about 6e-4 and 4e-17,
    estimated by splitting, against the predicted Kesten index.

    The weighted particles of :func:`kesten_split` estimate ``P(|w| > x)`` without bias at two levels
    ``x_lo < x_hi``; the index is ``log(P_lo / P_hi) / log(x_hi / x_lo)`` with a delta-method standard
    error from 64 independent groups of chains. Tolerance: ``Z_MC`` standard errors plus ``B_KESTEN``
    of the predicted index (the calibrated bias bound: the power law's second-order term).
    """

    claim_id: str

    def simulate(self, params: KestenParams, gen: torch.Generator) -> SplitTailSample:
        return kesten_split(params, gen)

    def compare(self, sample: SplitTailSample, params: KestenParams, predict: Predictor) -> tuple[Comparison, ...]:
        index = float(predict(params.m, params.s, params.q) if params.model == "lognormal"
                      else predict(params.eta, params.batch))
        return (Comparison("local tail index of |w| (splitting, P from 6e-4 to 4e-17)", sample.index, index,
                           tol.monte_carlo(sample.standard_error, tol.B_KESTEN * abs(index), index)),)


@dataclass(frozen=True)
class SgdTrendExperiment:
    """Hill tail indices of ``||u||`` for SGD in dimension ``dim`` over a step-size grid.

    Resolution: ``min_effect`` (:func:`trend_min_effect`), the smallest change of the mean tail
    index across the grid, relative to its mean, that the test detects at its level.
    """

    claim_id: str = "kesten.sgd_trend"
    chains: int = 8192
    k: int = 128
    steps: int = 100

    def simulate(self, params: TrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        values, estimates = [], []
        for eta in params.grid:
            for _ in range(params.replicates):
                norms = sgd_chains(eta, params.batch, params.dim, self.chains, self.steps, gen).cpu().numpy()
                estimates.append(float(alpha_hill_batch(np.sort(norms)[None, -self.k:], self.k)[0]) - 1.0)
                values.append(eta)
        return np.asarray(values), np.asarray(estimates)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (_trend("step size, tail index", sample, int(predict())),)


EXPERIMENTS = (
    EstimatorExperiment("ht.hill_pareto", bias_units=0.0, fixed_k=True),
    EstimatorExperiment("ht.ks_pareto", bias_units=tol.B_KS_PARETO),
    EstimatorExperiment("ht.ks_student_t", bias_units=tol.B_KS_T),
    LevyExponentExperiment(),
    ModerateTrendExperiment(),
    LightTailEsdExperiment(),
    KestenExperiment("kesten.lognormal"),
    KestenExperiment("kesten.sgd_1d"),
    SgdTrendExperiment(),
)
