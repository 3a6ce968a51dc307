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
from sim.heavy_tails import heavy_entries, kesten_chains, pareto, sgd_chains, student_t, top_eigenvalues
from sim.statistics import kolmogorov_distance
from theory import kesten
from theory.claim import Predictor
from theory.heavy_tails_claims import EstimatorPrediction
from theory.power_law_fit import alpha_hill_batch, hill_mean

FloatArray = NDArray[np.float64]

#: ``mu`` grid of the moderate-tail trend and step-size fractions of the SGD trend.
MODERATE_GRID = (2.2, 2.6, 3.0, 3.4, 3.8)


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
    """Mean Hill exponent of the top ``k`` eigenvalues against ``hill_mean(prediction, k)``."""

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
    """Hill exponents of the ESD tail over a ``mu`` grid in (2, 4); trend by Spearman's rho."""

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
        return (trend_comparison("mu, exponent", sample[0], sample[1], int(predict())),)


@dataclass(frozen=True)
class LightTailEsdExperiment:
    """Kolmogorov distance between the ESD of one Student-t(mu) matrix and MP with variance mu/(mu-2)."""

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
        sigma2 = params.mu / (params.mu - 2.0)
        c = params.c
        atom = max(0.0, 1.0 - 1.0 / c)

        def cdf(x: FloatArray) -> FloatArray:
            return (np.asarray(predict(x, c, sigma2)) - atom) / (1.0 - atom)

        distance = kolmogorov_distance(sample, cdf, cdf)
        return (Comparison("Kolmogorov distance of the non-zero ESD", distance, 0.0,
                           tol.esd_kolmogorov(params.m, max(params.p, params.n))),)


def _stationary_steps(log_contraction: float) -> int:
    """``ceil(30 / |E log|a||)``: the initial condition's weight is below e^-30."""
    return math.ceil(30.0 / abs(log_contraction))


def kesten_sample(params: KestenParams, gen: torch.Generator) -> FloatArray:
    """Sorted stationary ``|w|`` of ``params.chains`` independent chains."""
    if params.model == "lognormal":
        steps = _stationary_steps(params.m)
        values = kesten_chains(params.m, params.s, params.q, params.chains, steps, gen)
    else:
        steps = _stationary_steps(kesten.sgd_log_contraction(params.eta, params.batch))
        values = sgd_chains(params.eta, params.batch, 1, params.chains, steps, gen)
    result: FloatArray = np.sort(values.cpu().numpy())
    return result


@dataclass(frozen=True)
class KestenExperiment:
    """Hill tail index of the stationary chains against the predicted Kesten index.

    ``alpha_hill`` fits the density exponent, so the tail index is ``alpha_hat - 1``; the
    comparison is through the exact Pareto mean :func:`hill_mean`, tolerance
    ``(Z_MC + B_KESTEN)`` single-estimate standard errors.
    """

    claim_id: str

    def simulate(self, params: KestenParams, gen: torch.Generator) -> float:
        return float(alpha_hill_batch(kesten_sample(params, gen)[None, -params.k:], params.k)[0])

    def compare(self, sample: float, params: KestenParams, predict: Predictor) -> tuple[Comparison, ...]:
        index = float(predict(params.m, params.s, params.q) if params.model == "lognormal"
                      else predict(params.eta, params.batch))
        expected = hill_mean(index + 1.0, params.k) - 1.0
        sigma = (sample - 1.0) / math.sqrt(params.k)  # measured, shared by claim and variants
        return (Comparison("Hill tail index of |w|", sample - 1.0, expected,
                           (tol.Z_MC + tol.B_KESTEN) * sigma),)


@dataclass(frozen=True)
class SgdTrendExperiment:
    """Hill tail indices of ``||u||`` for SGD in dimension ``dim`` over a step-size grid."""

    claim_id: str = "kesten.sgd_trend"
    chains: int = 4096
    k: int = 64
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
        return (trend_comparison("step size, tail index", sample[0], sample[1], int(predict())),)


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
