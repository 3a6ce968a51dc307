"""Experiments for the Kesten and SGD tail claims (``kesten.*``): tail indices of 131072 chains
continued under a splitting weight window (:func:`kesten_split`), and the SGD step-size trend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck import tolerances as tol
from rmtcheck.claim import Predictor
from rmtcheck.experiment import Comparison
from rmtcheck.families.kesten.params import KestenParams
from rmtcheck.families.kesten.tolerances import B_KESTEN
from rmtcheck.trends import TrendParams, sample_trend
from sim.heavy_tails import (
    kesten_chains,
    kesten_step,
    sgd_chains,
    sgd_step,
    split_tail,
)
from theory import kesten
from theory.power_law_fit import alpha_hill_batch

FloatArray = NDArray[np.float64]


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
                           tol.monte_carlo(sample.standard_error, B_KESTEN * abs(index), index)),)


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
        return (sample_trend("step size, tail index", sample, int(predict())),)
