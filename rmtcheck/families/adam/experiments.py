"""Experiments for the one-step and multi-step FB-Adam / GD claims (``adam.*``).
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
from rmtcheck.families.adam.params import (
    AlignmentParams,
    MultiStepParams,
    OneStepParams,
    OverlapParams,
    RhoTrendParams,
    TrainingTrendParams,
)
from rmtcheck.families.adam.tolerances import (
    B_ALIGNMENT,
    B_OVERLAP,
    B_RHO,
    B_SPIKE,
    B_THRESHOLD,
    FROBENIUS_REL,
    HAAR_LEVEL,
)
from rmtcheck.trends import mean_and_error, trend_comparison
from sim.linalg import top_singular_values
from sim.two_layer import (
    ADAM_EPS,
    FirstStep,
    Metrics,
    TwoLayerConfig,
    adam_direction,
    draw_problem,
    first_step,
    init_student,
    loss_and_gradient,
    train,
)
from theory import adam_alignment, adam_step

FloatArray = NDArray[np.float64]


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
                       FROBENIUS_REL * float(norms[i]))
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
        return (Comparison("mean |Delta W|_2", mean, predicted, tol.monte_carlo(error, B_RHO * mean, mean)),)


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


THRESHOLD_RUNGS = (1.5, 2.0, 3.0)  # rungs of the threshold estimator, in multiples of the claim's threshold


def controlled_mean(values: FloatArray, covariates: FloatArray | None = None) -> tuple[float, float]:
    """Mean of ``values`` and its standard error, with control variates of known mean 0 (columns of
    ``covariates``, one row per value): the intercept of the least-squares fit ``values ~ 1 + covariates``
    and its standard error ``s sqrt((A^T A)^{-1}_{00})`` (no covariates: the plain mean and SE)."""
    if covariates is None:
        return mean_and_error(values)
    design = np.column_stack([np.ones(values.size), covariates])
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    residual = values - design @ coef
    dof = values.size - design.shape[1]
    if dof < 2:
        raise ValueError(f"need more values than covariates + 2; got {values.size} values")
    s2 = float(residual @ residual) / dof
    return float(coef[0]), math.sqrt(s2 * float(np.linalg.inv(design.T @ design)[0, 0]))


def threshold_estimate(etas: FloatArray, tops: FloatArray, optimizer: str, n: int, h: int, d: int,
                       noise_std: float, covariates: FloatArray | None = None) -> tuple[float, float]:
    """Learning-rate threshold read off the measured outlier curve, with its standard error.

    ``tops[r, k]`` is ``sigma_1(W1)`` of replicate ``r`` at ``etas[k]`` (all above the threshold). Each
    value is mapped to the unit bulk, ``z = sigma_1 / (s(eta) sqrt d)``, and inverted through the outlier
    equation (:func:`theory.adam_step.outlier_strength`, explicit in ``z``) to the strength per unit
    learning rate, ``kappa = s theta(z) / eta``; a replicate's ``kappa`` is its mean over the rungs, and
    its threshold is the ``eta`` where ``eta kappa / s(eta)`` meets ``theta*(c, alpha / s, gamma)``, i.e.
    where the fitted outlier curve meets the edge. Returns the mean over replicates and its standard
    error (:func:`controlled_mean` with ``covariates``, control variates of known mean 0). A rung whose
    top value is not above the edge has no outlier to invert and is skipped for that replicate (seen
    once for GD at 1.5 eta*, d = 191, in 36 replicates); a replicate with no outlier at any rung raises."""
    upd = adam_step.rank_one_update(optimizer, n, h, d, noise_std)
    c, edge = h / d, 1.0 + math.sqrt(h / d)
    per_replicate = []
    for row in np.atleast_2d(tops):
        kappas = []
        for eta, top in zip(etas, row, strict=True):
            s = upd.bulk_scale(float(eta))
            z = float(top) / (s * math.sqrt(d))
            if z <= edge:  # this replicate has no outlier at this rung (GD: strength spread 5-8%)
                continue
            kappas.append(s * adam_step.outlier_strength(z, c, upd.alpha / s, upd.gamma) / float(eta))
        if not kappas:
            raise ValueError(f"no outlier at any rung (largest eta = {float(np.max(etas)):.4g})")
        per_replicate.append(adam_step.threshold_from_strength(upd, c, float(np.mean(kappas))))
    return controlled_mean(np.asarray(per_replicate), covariates)


def readout_covariate(step: FirstStep) -> FloatArray | None:
    """``|a|^2 / h - 1`` per replicate (exact mean 0): GD's update is ``a V^T``-shaped, so its strength
    carries ``|a|`` (per-replicate spread ``1/sqrt(2h)``); halves the variance of the GD threshold
    estimate (6.5% -> 4.5% spread of sigma_1 at (600, 300, 300)); no effect for FB-Adam (``sign a``)."""
    if step.a is None:
        return None
    a = step.a.cpu().numpy()
    column: FloatArray = (np.sum(a * a, axis=-1) / a.shape[-1] - 1.0).reshape(-1, 1)
    return column


@dataclass(frozen=True)
class ThresholdExperiment:
    """The learning-rate threshold, estimated from the outlier curve above it, against the claim's.

    ``sigma_1(W1)`` is measured at ``THRESHOLD_RUNGS`` times the claim's own threshold on every replicate
    (one ``W0`` and first-step direction per replicate, common to the rungs) and
    :func:`threshold_estimate` reads off where the fitted curve meets the bulk edge. The estimate is
    compared like a point statistic: ``Z_MC`` standard errors plus ``B_THRESHOLD`` relative. For GD the
    replicate mean is taken with the control variate :func:`readout_covariate`.

    The estimator relies on the shape of the corrected outlier curve (checked by ``adam.spike_location``);
    what it tests is the update's strength per unit learning rate (``rho``, ``|V|``, the rank-one model)
    and the curve's meeting point with the edge, both of which move the threshold.
    """

    claim_id: str

    def simulate(self, params: OneStepParams, gen: torch.Generator) -> tuple[float, float]:
        centre = adam_step.learning_rate_threshold(params.optimizer, params.n, params.h, params.d,
                                                   params.noise_std)
        etas = centre * np.asarray(THRESHOLD_RUNGS)
        step = _draw(params, gen)
        tops = np.stack([top_singular_values(step.W0 - float(eta) * step.direction, 1)[..., 0].cpu().numpy()
                         for eta in etas], axis=1)
        covariates = readout_covariate(step) if params.optimizer == "gd" else None
        return threshold_estimate(etas, tops, params.optimizer, params.n, params.h, params.d, params.noise_std,
                                  covariates)

    def compare(self, sample: tuple[float, float], params: OneStepParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        estimate, error = sample
        threshold = float(predict(params.n, params.h, params.d, params.noise_std))
        return (Comparison("threshold eta* (outlier curve extrapolated to the edge)", estimate, threshold,
                           tol.monte_carlo(error, B_THRESHOLD[params.optimizer] * estimate, estimate)),)


@dataclass(frozen=True)
class LocationExperiment:
    """Mean top singular value of ``W1`` at ``eta_factor`` times the corrected threshold: ``Z_MC`` SE plus
    ``B_SPIKE`` relative."""

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
                           tol.monte_carlo(error, B_SPIKE * mean, mean)),)


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


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

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
                                  tol.monte_carlo(error, B_ALIGNMENT * mean, mean)))
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
        bound = adam_alignment.haar_overlap_bound(params.k, params.h, HAAR_LEVEL)
        fraction = float(np.mean(sample.below > bound))
        expected = 1.0 if below > bound else HAAR_LEVEL
        reps = sample.below.size
        spread = math.sqrt(max(expected * (1.0 - expected), HAAR_LEVEL) / reps)
        return (
            Comparison(f"mean max overlap at eta = {sample.eta_above:.4g}", mean, above,
                       tol.monte_carlo(error, B_OVERLAP * mean, mean)),
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

