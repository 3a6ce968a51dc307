"""Experiments for the heavy-tail claims (``heavy_tails.*``): estimator means, ESD tail exponents, the
moderate-tail trend and the light-tail Marchenko–Pastur limit.
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
from rmtcheck.families.heavy_tails.claims import EstimatorPrediction
from rmtcheck.families.heavy_tails.params import HeavyMatrixParams, TailSampleParams, TrendParams
from rmtcheck.families.heavy_tails.tolerances import B_LEVY
from rmtcheck.trends import sample_trend
from sim.heavy_tails import (
    heavy_entries,
    pareto,
    student_t,
    top_eigenvalues,
)
from sim.statistics import kolmogorov_distance
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
    """Mean Hill exponent of the top ``k`` eigenvalues against ``hill_mean(prediction, k)``.

    Tolerance: ``Z_MC`` standard errors of the mean over the ``R`` matrices plus ``B_LEVY`` single-fit
    standard errors ``(alpha_hat - 1) / sqrt(k)`` (the finite-size bias bound).
    """

    claim_id: str = "heavy_tails.levy_exponent"

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
                           tol.monte_carlo(spread, bias, expected)),)


@dataclass(frozen=True)
class ModerateTrendExperiment:
    """Hill exponents of the ESD tail over a ``mu`` grid in (2, 4); trend by Spearman's rho.

    Resolution: ``min_effect`` (:func:`trend_min_effect`), the smallest change of the mean exponent
    across the grid, relative to its mean, that the test detects at its level.
    """

    claim_id: str = "heavy_tails.moderate_trend"

    def simulate(self, params: TrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        values, estimates = [], []
        for mu in params.grid:
            matrix = HeavyMatrixParams(mu=mu, law=params.law, p=params.p, n=params.n, replicates=params.replicates)
            estimates.append(alpha_hill_batch(heavy_matrix_tops(matrix, gen), matrix.k))
            values.append(np.full(params.replicates, mu))
        return np.concatenate(values), np.concatenate(estimates)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (sample_trend("mu, exponent", sample, int(predict())),)


@dataclass(frozen=True)
class LightTailEsdExperiment:
    """The non-zero ESD of one Student-t(mu) matrix against MP with variance mu/(mu - 2).

    Two statistics: the Kolmogorov distance (prediction 0, tolerance
    :func:`rmtcheck.tolerances.esd_kolmogorov`; its resolution is in absolute form, ``scale = 1``, the
    Kolmogorov distance being a probability) and the mean non-zero eigenvalue against the mean of
    the predicted law (``Z_MC`` standard errors: the mean is ``sum w^2 / (n m)``, whose variance
    ``p n Var(w^2) / (n m)^2`` follows from ``E w^4 = 3 mu^2 / ((mu - 2)(mu - 4))``).
    """

    claim_id: str = "heavy_tails.mp_light_tails"

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
                           tol.esd_kolmogorov(p=params.m, n=max(params.p, params.n)), scale=1.0),
                Comparison("mean non-zero eigenvalue", float(np.mean(sample)), law_mean,
                           tol.monte_carlo(error, 0.0, law_mean)))
