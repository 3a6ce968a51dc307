"""Experiments for the one-step and multi-step FB-Adam / GD claims (``adam.*``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from sim import tolerances as tol
from sim.experiments.common import mean_and_error, trend_comparison
from sim.experiments.params import MultiStepParams, OneStepParams, RhoTrendParams
from sim.harness import Comparison
from sim.linalg import top_singular_values
from sim.two_layer import ADAM_EPS, FirstStep, TwoLayerConfig, first_step, train
from theory import adam_step
from theory.claim import Predictor

FloatArray = NDArray[np.float64]
LADDER = (0.3, 2.5)  # the learning-rate ladder spans these multiples of the claim's threshold


def _draw(params: OneStepParams, gen: torch.Generator) -> FirstStep:
    return first_step(params.n, params.h, params.d, params.optimizer, gen, params.replicates,
                      params.noise_std)


@dataclass(frozen=True)
class FrobeniusExperiment:
    """``|Delta W|_F`` of each replicate against the exact eps-corrected value (rounding tolerance)."""

    claim_id: str = "adam.update_frobenius"

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        step = _draw(params, gen)
        norms = torch.linalg.matrix_norm(params.eta * step.direction).cpu().numpy()
        return norms, step.gradient.cpu().numpy()

    def compare(self, sample: tuple[FloatArray, FloatArray], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        norms, grads = sample
        return tuple(
            Comparison(f"|Delta W|_F (replicate {i})", float(norms[i]),
                       float(predict(params.eta, grads[i], ADAM_EPS)),
                       tol.FROBENIUS_REL * float(norms[i]))
            for i in range(norms.size))


@dataclass(frozen=True)
class SpectralExperiment:
    """Mean ``|eta sign(G0)|_2`` over replicates: Z_MC SE + ``B_RHO`` relative (measured scale)."""

    claim_id: str = "adam.update_spectral"

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> FloatArray:
        step = _draw(params, gen)
        sign = torch.sign(step.gradient)
        values: FloatArray = top_singular_values(params.eta * sign, 1)[..., 0].cpu().numpy()
        return values

    def compare(self, sample: FloatArray, params: OneStepParams, predict: Predictor) -> tuple[Comparison, ...]:
        mean, error = mean_and_error(sample)
        predicted = float(predict(params.eta, params.n, params.h, params.d, params.noise_std))
        return (Comparison("mean |Delta W|_2", mean, predicted, tol.monte_carlo(error, tol.B_RHO * mean, mean)),)


@dataclass(frozen=True)
class RhoTrendExperiment:
    """``|sign G0|_2 / sqrt(hd)`` over a grid of ``n/d`` at fixed ``(h, d)``; trend by Spearman."""

    claim_id: str = "adam.rho_trend"

    def simulate(self, params: RhoTrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        ratios, rhos = [], []
        for ratio in params.ratios:
            n = max(2, round(ratio * params.d))
            step = first_step(n, params.h, params.d, "adam", gen, params.replicates)
            spectral = top_singular_values(torch.sign(step.gradient), 1)[..., 0]
            rhos.append((spectral / (params.h * params.d) ** 0.5).cpu().numpy())
            ratios.append(np.full(params.replicates, n / params.d))
        return np.concatenate(ratios), np.concatenate(rhos)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: RhoTrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (trend_comparison("n/d, rho", sample[0], sample[1], int(predict())),)


def separation_level(params: OneStepParams, eta: float) -> float:
    """``s(eta)(sqrt h + sqrt d) + K_SEP`` edge units: above it ``W1`` has an outlier."""
    upd = adam_step.rank_one_update(params.optimizer, params.n, params.h, params.d, params.noise_std)
    edge = upd.bulk_scale(eta) * (math.sqrt(params.h) + math.sqrt(params.d))
    return edge + tol.K_SEP * tol.sv_edge_unit(params.h, params.d)


@dataclass(frozen=True)
class LadderSample:
    """Learning rates of the ladder and the fraction of replicates with an outlier at each."""

    etas: FloatArray
    separated: FloatArray


@dataclass(frozen=True)
class ThresholdExperiment:
    """Which rungs of a learning-rate ladder leave an outlier in ``W1``, against a predicted threshold.

    The ladder spans ``LADDER`` times the claim's own threshold. A rung at or above
    ``threshold (1 + W_ONESTEP m^{-1/3})`` must be separated in a majority of replicates, a rung
    below ``threshold`` in a minority; rungs in between are not judged.
    """

    claim_id: str

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> LadderSample:
        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d,
                                                   params.noise_std)
        etas = centre * np.geomspace(LADDER[0], LADDER[1], params.rungs)
        step = _draw(params, gen)
        fractions = []
        for eta in etas:
            top = top_singular_values(step.W0 - float(eta) * step.direction, 1)[..., 0]
            fractions.append(float((top > separation_level(params, float(eta))).double().mean()))
        return LadderSample(etas, np.asarray(fractions))

    def compare(self, sample: LadderSample, params: OneStepParams, predict: Predictor) -> tuple[Comparison, ...]:
        threshold = float(predict(params.n, params.h, params.d, params.noise_std))
        scale = min(params.h, params.d) ** (-1.0 / 3.0)
        up, down = tol.W_ABOVE[params.optimizer] * scale, tol.W_BELOW[params.optimizer] * scale
        above = sample.etas >= threshold * (1.0 + up)
        below = sample.etas < threshold * (1.0 - down)
        majority = sample.separated >= 0.5
        wrong = int(np.sum(above & ~majority) + np.sum(below & majority))
        return (Comparison(f"rungs on the wrong side of eta = {threshold:.4g} (window -{down:.2f}/+{up:.2f})",
                           float(wrong), 0.0, 0.5),)


@dataclass(frozen=True)
class LocationExperiment:
    """Mean top singular value of ``W1`` at ``eta_factor`` times the refined threshold."""

    claim_id: str = "adam.spike_location"

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[float, FloatArray]:
        eta = params.eta_factor * adam_step.adam_spike_threshold(params.n, params.h, params.d, params.noise_std)
        step = _draw(params, gen)
        values: FloatArray = top_singular_values(step.W0 - eta * step.direction, 1)[..., 0].cpu().numpy()
        return eta, values

    def compare(self, sample: tuple[float, FloatArray], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        eta, values = sample
        mean, error = mean_and_error(values)
        predicted = float(predict(eta, params.n, params.h, params.d, params.noise_std))
        return (Comparison(f"mean sigma_1(W1) at eta = {eta:.4g}", mean, predicted,
                           tol.monte_carlo(error, tol.B_SPIKE * mean, mean)),)


@dataclass(frozen=True)
class MultiStepTrendExperiment:
    """PL_Alpha_Hill of ``W^T W`` after ``steps`` steps over a learning-rate grid (multiples of the
    one-step threshold) and seeds; trend in ``log eta`` by Spearman's rho."""

    claim_id: str

    def simulate(self, params: MultiStepParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d)
        seeds = torch.randint(0, 2**62, (params.seeds,), generator=gen, device=gen.device).tolist()
        etas, alphas = [], []
        for factor in params.factors:
            for seed in seeds:
                config = TwoLayerConfig(params.n, params.h, params.d, params.optimizer, factor * centre,
                                        steps=params.steps)
                run = train(config, int(seed), probe_steps=(params.steps,), device=gen.device)
                etas.append(math.log(factor * centre))
                alphas.append(run.probes[-1].alpha_hill)
        return np.asarray(etas), np.asarray(alphas)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: MultiStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        return (trend_comparison("log eta, PL_Alpha_Hill", sample[0], sample[1], int(predict())),)


EXPERIMENTS = (
    FrobeniusExperiment(),
    SpectralExperiment(),
    RhoTrendExperiment(),
    ThresholdExperiment("adam.spike_threshold"),
    LocationExperiment(),
    ThresholdExperiment("adam.gd_spike_threshold"),
    MultiStepTrendExperiment("adam.multistep_adam_trend"),
    MultiStepTrendExperiment("adam.multistep_gd_flat"),
)
