"""Experiments of the issue-16 claims: teacher alignment of the one-step spike and the overlap outliers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from sim import tolerances as tol
from sim.experiments.adam_experiments import controlled_mean
from sim.experiments.common import trend_comparison
from sim.families.adam_extra import tolerances as xtol
from sim.families.adam_extra.params import AlignmentParams, OverlapParams, TrainingTrendParams
from sim.harness import Comparison
from sim.two_layer import (
    Metrics,
    TwoLayerConfig,
    adam_direction,
    draw_problem,
    init_student,
    loss_and_gradient,
    train,
)
from theory import adam_alignment, adam_step
from theory.claim import Predictor

FloatArray = NDArray[np.float64]

ALIGNMENT_RUNGS = (1.5, 3.0)  # multiples of the corrected threshold at which the alignment is measured
CHUNK = 100  # replicates drawn per batch (memory: 3 n d + h d doubles each)


@dataclass(frozen=True)
class TeacherDraw:
    """``W0``, the first-step direction ``D`` (``W1 = W0 - eta D``), the teacher ``beta`` and the control
    variate ``beta^T X^T y / n - 1/2`` (exact mean 0: ``E[x y] = beta / 2``), batched."""

    W0: torch.Tensor
    direction: torch.Tensor
    beta: torch.Tensor
    covariate: torch.Tensor


def draw_with_teacher(n: int, h: int, d: int, optimizer: str, replicates: int, noise_std: float,
                      gen: torch.Generator) -> TeacherDraw:
    """One step's ingredients for ``replicates`` independent teachers, data sets and students."""
    problem = draw_problem(n, d, 1, noise_std, gen, replicates)
    student = init_student(h, d, gen, "ntk", replicates)
    _, grad = loss_and_gradient(student, student.W, problem.X, problem.y)
    direction = adam_direction(grad, None)[0] if optimizer == "adam" else grad
    covariate = torch.einsum("rnd,rn,rd->r", problem.X, problem.y, problem.beta) / n - 0.5
    return TeacherDraw(student.W, direction, problem.beta, covariate)


def top_right_vector(W: torch.Tensor) -> torch.Tensor:
    """The top right singular vector of each ``h x d`` matrix of a batch (eigh of the smaller Gram matrix)."""
    h, d = W.shape[-2], W.shape[-1]
    if d <= h:
        vectors: torch.Tensor = torch.linalg.eigh(W.transpose(-1, -2) @ W)[1][..., -1]
        return vectors
    left = torch.linalg.eigh(W @ W.transpose(-1, -2))[1][..., -1]
    right = torch.einsum("rhd,rh->rd", W, left)
    unit: torch.Tensor = right / torch.linalg.vector_norm(right, dim=-1, keepdim=True)
    return unit


@dataclass(frozen=True)
class AlignmentSample:
    """Per rung: learning rate, ``|cos(v1(W1), beta)|`` per replicate; the control variate per replicate."""

    etas: tuple[float, ...]
    cosines: tuple[FloatArray, ...]
    covariate: FloatArray


@dataclass(frozen=True)
class TeacherAlignmentExperiment:
    """Mean ``|cos(v1(W1), beta)|`` at ``ALIGNMENT_RUNGS`` times the corrected threshold (common draws), with
    the control variate ``beta^T X^T y / n - 1/2``; each rung compared like a point statistic: ``Z_MC`` SE
    plus ``B_ALIGNMENT`` relative."""

    claim_id: str = "adam.teacher_alignment"

    def simulate(self, params: AlignmentParams, gen: torch.Generator) -> AlignmentSample:
        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d,
                                                   params.noise_std)
        etas = tuple(f * centre for f in ALIGNMENT_RUNGS)
        cosines: list[list[FloatArray]] = [[] for _ in etas]
        covariates = []
        done = 0
        while done < params.replicates:
            size = min(CHUNK, params.replicates - done)
            draw = draw_with_teacher(params.n, params.h, params.d, params.optimizer, size, params.noise_std, gen)
            for k, eta in enumerate(etas):
                v1 = top_right_vector(draw.W0 - eta * draw.direction)
                cosines[k].append(torch.abs(torch.einsum("rd,rd->r", v1, draw.beta)).cpu().numpy())
            covariates.append(draw.covariate.cpu().numpy())
            done += size
        return AlignmentSample(etas, tuple(np.concatenate(c) for c in cosines), np.concatenate(covariates))

    def compare(self, sample: AlignmentSample, params: AlignmentParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        out = []
        for eta, values in zip(sample.etas, sample.cosines, strict=True):
            mean, error = controlled_mean(values, sample.covariate.reshape(-1, 1))
            predicted = float(predict(eta, params.optimizer, params.n, params.h, params.d, params.noise_std))
            out.append(Comparison(f"mean |cos(v1(W1), beta)| at eta = {eta:.4g}", mean, predicted,
                                  tol.monte_carlo(error, xtol.B_ALIGNMENT * mean, mean)))
        return tuple(out)


def top_left_vectors(W: torch.Tensor, k: int) -> torch.Tensor:
    """The top ``k`` left singular vectors of each matrix of a batch (``R x h x k``, descending)."""
    vectors = torch.linalg.eigh(W @ W.transpose(-1, -2))[1]
    flipped: torch.Tensor = torch.flip(vectors[..., -k:], dims=(-1,))
    return flipped


@dataclass(frozen=True)
class OverlapSample:
    """Largest entry of the ``k x k`` left overlap matrix of ``W1`` and the update, per replicate, above
    (``eta_above``) and below (``eta_below``) the threshold."""

    eta_above: float
    above: FloatArray
    eta_below: float
    below: FloatArray


@dataclass(frozen=True)
class OverlapOutlierExperiment:
    """Appendix C's overlap matrix ``|<u_i(W1), u_j(Delta W)>|`` (``i, j <= k``). Above the threshold: the
    mean largest entry against the prediction (``Z_MC`` SE plus ``B_OVERLAP`` relative). Below: the fraction
    of replicates whose largest entry exceeds the level-``HAAR_LEVEL`` Haar bound, against the fraction the
    prediction implies (``HAAR_LEVEL`` when it predicts no outlier above the bound, 1 when it predicts one),
    with a binomial tolerance; its resolution is stated on the absolute scale 1 (a fraction)."""

    claim_id: str = "adam.overlap_outlier"

    def simulate(self, params: OverlapParams, gen: torch.Generator) -> OverlapSample:
        centre = adam_step.learning_rate_threshold("adam", params.n, params.h, params.d, params.noise_std)
        draw = draw_with_teacher(params.n, params.h, params.d, "adam", params.replicates, params.noise_std, gen)
        update_vectors = torch.linalg.svd(draw.direction, full_matrices=False)[0][..., : params.k]
        values = []
        for factor in (params.eta_factor, params.below_factor):
            w1_vectors = top_left_vectors(draw.W0 - factor * centre * draw.direction, params.k)
            overlap = torch.abs(w1_vectors.transpose(-1, -2) @ update_vectors)
            values.append(torch.amax(overlap, dim=(-2, -1)).cpu().numpy())
        return OverlapSample(params.eta_factor * centre, values[0], params.below_factor * centre, values[1])

    def compare(self, sample: OverlapSample, params: OverlapParams, predict: Predictor) -> tuple[Comparison, ...]:
        mean = float(np.mean(sample.above))
        error = float(np.std(sample.above, ddof=1)) / math.sqrt(sample.above.size)
        above = float(predict(sample.eta_above, params.n, params.h, params.d, params.k, params.noise_std))
        below = float(predict(sample.eta_below, params.n, params.h, params.d, params.k, params.noise_std))
        bound = adam_alignment.haar_overlap_bound(params.k, params.h, xtol.HAAR_LEVEL)
        fraction = float(np.mean(sample.below > bound))
        expected = 1.0 if below > bound else xtol.HAAR_LEVEL
        reps = sample.below.size
        spread = math.sqrt(max(expected * (1.0 - expected), xtol.HAAR_LEVEL) / reps)
        return (
            Comparison(f"mean max overlap at eta = {sample.eta_above:.4g}", mean, above,
                       tol.monte_carlo(error, xtol.B_OVERLAP * mean, mean)),
            Comparison(f"fraction of max overlap > Haar bound {bound:.3g} at eta = {sample.eta_below:.4g}",
                       fraction, expected, tol.Z_MC * spread + 1.0 / reps, scale=1.0),
        )


@dataclass(frozen=True)
class TrainingTrendExperiment:
    """Trend of a training metric over a grid (``TrainingTrendParams.kind``), by Spearman's rho at one-sided
    level ``TREND_LEVEL`` (``sim.experiments.common.trend_comparison``; resolution: its ``min_effect``)."""

    claim_id: str

    def simulate(self, params: TrainingTrendParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
        centre = adam_step.learning_rate_threshold("adam", params.n, params.h, params.d)
        seeds = torch.randint(0, 2**62, (params.seeds,), generator=gen, device=gen.device).tolist()
        xs, ys = [], []

        def final(config: TwoLayerConfig, seed: int) -> Metrics:
            return train(config, int(seed), probe_steps=(params.steps,), device=gen.device).probes[-1]

        for value in params.grid:
            for seed in seeds:
                if params.kind == "steplr":
                    config = TwoLayerConfig(params.n, params.h, params.d, "adam", params.factor * centre,
                                            steps=params.steps, lr_decay=value)
                    xs.append(value)
                    ys.append(final(config, seed).alpha_hill)
                    continue
                config = TwoLayerConfig(params.n, params.h, params.d, "adam", value * centre, steps=params.steps)
                xs.append(math.log(value * centre))
                if params.kind == "test_loss":
                    ys.append(final(config, seed).test_loss)
                else:
                    normed = TwoLayerConfig(params.n, params.h, params.d, "adam", value * centre,
                                            steps=params.steps, weight_norm=True)
                    ys.append(final(normed, seed).alpha_hill - final(config, seed).alpha_hill)
        return np.asarray(xs), np.asarray(ys)

    def compare(self, sample: tuple[FloatArray, FloatArray], params: TrainingTrendParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        label = {"test_loss": "log eta, test loss", "weight_norm": "log eta, Hill(WN) - Hill(no WN)",
                 "steplr": "StepLR gamma, PL_Alpha_Hill"}[params.kind]
        return (trend_comparison(label, sample[0], sample[1], int(predict())),)


EXPERIMENTS = (TeacherAlignmentExperiment(), OverlapOutlierExperiment(),
               TrainingTrendExperiment("adam.test_loss_trend"), TrainingTrendExperiment("adam.weight_norm_trend"),
               TrainingTrendExperiment("adam.steplr_trend"))
