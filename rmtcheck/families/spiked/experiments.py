"""Experiments for the spiked-model claims (``spiked.*``); the low-rank family reuses
:func:`simulate_additive`, :func:`mean_comparisons` and :func:`spike_names`.

Point claims (outlier locations, overlaps) average ``replicates``
independent draws and compare the mean with the prediction within
``Z_MC`` standard errors plus a stated O(1/size) bias bound (constants and calibration in
:mod:`rmtcheck.families.spiked.tolerances`). Threshold claims estimate, with a standard error, the strength
at which the outlier meets the bulk edge (the inverse outlier curve measured above the edge and
extrapolated with a generic square-root-edge form, ``threshold_estimate``) and compare it with
the predicted threshold like any point statistic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck import tolerances as tol
from rmtcheck.claim import Predictor
from rmtcheck.experiment import Comparison
from rmtcheck.families.spiked.params import RectParams, SpikedParams, ThresholdParams
from rmtcheck.families.spiked.tolerances import (
    B_MULT_THRESHOLD,
    B_RECT,
    B_RECT_OV,
    B_SPIKE_THRESHOLD,
    K_SEP,
    additive_bias,
    outlier_bias,
    overlap_bias,
    variance_tolerance,
)
from sim.spiked import (
    additive_factor,
    gaussian_spike_top_with_controls,
    multiplicative_factor,
    noise,
    orthonormal,
    rectangular,
    spike_control_moments,
    top_singular,
)
from theory import spiked

FloatArray = NDArray[np.float64]

CHUNK = 64

TW1_MEAN = -1.2065335745820  # E TW1 (Bornemann 2010, Table 4; theory.tracy_widom.mean(1))


def _chunks(total: int, chunk: int = CHUNK) -> list[int]:
    sizes = [chunk] * (total // chunk)
    return [*sizes, total % chunk] if total % chunk else sizes


def _descending(ells: tuple[float, ...]) -> FloatArray:
    return np.sort(np.asarray(ells, dtype=np.float64))[::-1].copy()


@dataclass(frozen=True)
class SpikeSample:
    """Per replicate: top eigenvalues ``(R, k)``, squared overlaps ``(R, r)`` with the spikes and
    control variates ``(R, r)`` whose means are known exactly (see ``_control_variate_comparisons``)."""

    eigenvalues: FloatArray
    overlaps: FloatArray
    controls: FloatArray | None = None


def _top_eigenvalues(factor: torch.Tensor, k: int) -> torch.Tensor:
    """Top ``k`` eigenvalues of ``A A^T`` (descending) from the smaller Gram matrix, no vectors."""
    gram = factor @ factor.mT if factor.shape[-2] <= factor.shape[-1] else factor.mT @ factor
    values: torch.Tensor = torch.linalg.eigvalsh(gram)
    return values[:, -k:].flip(-1)


def simulate_multiplicative(params: SpikedParams, gen: torch.Generator, vectors: bool = True) -> SpikeSample:
    """Top ``r`` eigenvalues of ``S`` and overlaps ``<u_j, v_hat_j>^2`` (spikes sorted descending);
    ``vectors=False`` skips the eigenvectors (overlaps left empty; 2-3x cheaper)."""
    ells = _descending(params.ells)
    rank = ells.size
    values, overlaps, controls = [], [], []
    for count in _chunks(params.replicates):
        z = noise(p=params.p, n=params.n, law=params.law, gen=gen, batch=count)
        u = orthonormal(params.p, rank, gen, count)
        factor = multiplicative_factor(z, u, tuple(ells))
        controls.append((factor.mT @ u).square().sum(-2).cpu())
        if not vectors:
            values.append(_top_eigenvalues(factor, rank).cpu())
            continue
        top = top_singular(factor, rank)
        values.append(top.values.square().cpu())
        overlaps.append(torch.diagonal(u.transpose(-1, -2) @ top.left, dim1=-2, dim2=-1).square().cpu())
    vectors_out = torch.cat(overlaps).numpy() if overlaps else np.zeros((params.replicates, 0))
    return SpikeSample(torch.cat(values).numpy(), vectors_out, torch.cat(controls).numpy())


def simulate_additive(params: SpikedParams, gen: torch.Generator) -> SpikeSample:
    """Top two eigenvalues of ``ell u u^T + Z Z^T / n`` (no eigenvectors: no claim uses them)."""
    (ell,) = params.ells
    values, controls = [], []
    for count in _chunks(params.replicates):
        z = noise(p=params.p, n=params.n, law=params.law, gen=gen, batch=count)
        u = orthonormal(params.p, 1, gen, count)
        factor = additive_factor(z, u, ell)
        values.append(_top_eigenvalues(factor, 2).cpu())
        controls.append((factor.mT @ u).square().sum(-2).cpu())
    return SpikeSample(torch.cat(values).numpy(), np.zeros((params.replicates, 0)), torch.cat(controls).numpy())


def simulate_rectangular(params: RectParams, gen: torch.Generator) -> SpikeSample:
    """Top singular value of ``Y`` (as ``eigenvalues``), overlaps ``(left, right)`` and the controls
    (columns, means in :func:`rect_control_means`): ``a^T Y b`` (mean ``theta``), ``|G^T a|^2 / m``,
    ``|G b|^2 / m``, ``(a^T G b)^2 / m``, ``|G G^T a|^2 / m^2`` and ``|G^T G b|^2 / m^2``."""
    values, overlaps, controls = [], [], []
    n, m = params.n, params.m
    for count in _chunks(params.replicates):
        g = torch.randn((count, n, m), generator=gen, device=gen.device, dtype=torch.float64)
        a = orthonormal(n, 1, gen, count)
        b = orthonormal(m, 1, gen, count)
        top = top_singular(rectangular(g, a, b, params.theta), 1)
        left = (a.transpose(-1, -2) @ top.left).reshape(count)
        right = (b.transpose(-1, -2) @ top.right).reshape(count)
        values.append(top.values.cpu())
        overlaps.append(torch.stack([left, right], dim=-1).square().cpu())
        gta, gb = g.mT @ a, g @ b
        cross = (a.mT @ gb).reshape(count)
        controls.append(torch.stack([
            cross / math.sqrt(m) + params.theta,
            gta.square().sum((-2, -1)) / m,
            gb.square().sum((-2, -1)) / m,
            cross.square() / m,
            (g @ gta).square().sum((-2, -1)) / m**2,
            (g.mT @ gb).square().sum((-2, -1)) / m**2,
        ], dim=-1).cpu())
    return SpikeSample(torch.cat(values).numpy(), torch.cat(overlaps).numpy(), torch.cat(controls).numpy())


def rect_control_means(params: RectParams) -> FloatArray:
    """Exact means of the controls of :func:`simulate_rectangular` (``G`` ``n x m`` iid N(0, 1), ``a``, ``b``
    unit vectors independent of ``G``): ``theta``, 1, ``n / m``, ``1 / m``, and from the Wishart moment
    ``E (G G^T)^2 = m (m + n + 1) I_n``: ``(m + n + 1) / m`` and ``n (n + m + 1) / m^2``."""
    n, m = params.n, params.m
    return np.array([params.theta, 1.0, n / m, 1.0 / m, (m + n + 1) / m, n * (n + m + 1) / m**2])


def _regression_comparisons(label: str, samples: FloatArray, controls: FloatArray, expected: FloatArray,
                            predicted: FloatArray, bias: FloatArray, names: list[str]) -> tuple[Comparison, ...]:
    """Mean with several control variates: ``x - (w - E w) beta`` per column of ``samples``, ``E w`` known
    exactly, ``beta`` the least-squares coefficients; the standard error counts the ``k + 1`` fitted
    parameters (``R - k - 1`` degrees of freedom)."""
    count, k = controls.shape
    centred = controls - expected
    design = np.column_stack([np.ones(count), centred])
    out = []
    for j in range(samples.shape[1]):
        x = samples[:, j]
        coefficients = np.linalg.lstsq(design, x, rcond=None)[0]
        adjusted = x - centred @ coefficients[1:]
        residual = x - design @ coefficients
        error = math.sqrt(float(residual @ residual) / (count - k - 1)) / math.sqrt(count)
        out.append(Comparison(f"{label} {names[j]}", float(adjusted.mean()), float(predicted[j]),
                              tol.monte_carlo(error, float(bias[j]), float(predicted[j]))))
    return tuple(out)


def mean_comparisons(label: str, samples: FloatArray, predicted: FloatArray,
                      bias: FloatArray, names: list[str]) -> tuple[Comparison, ...]:
    """``Z_MC`` standard errors of the mean plus the bias bound, per column."""
    count = samples.shape[0]
    means = samples.mean(axis=0)
    errors = samples.std(axis=0, ddof=1) / math.sqrt(count)
    return tuple(
        Comparison(f"{label} {names[j]}", float(means[j]), float(predicted[j]),
                   tol.monte_carlo(float(errors[j]), float(bias[j]), float(predicted[j])))
        for j in range(samples.shape[1])
    )


def _control_variate_comparisons(label: str, samples: FloatArray, controls: FloatArray, expected: FloatArray,
                                 predicted: FloatArray, bias: FloatArray,
                                 names: list[str]) -> tuple[Comparison, ...]:
    """Mean with a control variate: ``x - beta (w - E w)`` per column, ``E w`` known exactly
    (``u^T S u`` has mean ``1 + ell``; ``u^T X u`` mean ``ell + 1``; ``a^T Y b`` mean ``theta``), ``beta``
    the sample regression slope. It removes the part of the outlier's fluctuation carried by the
    quadratic form in the spike direction (standard error 0.3-0.55 times the plain one at correlation
    0.83-0.95, measured at m = 100); the O(1/R) bias of the fitted ``beta`` is negligible."""
    count = samples.shape[0]
    out = []
    for j in range(samples.shape[1]):
        x, w = samples[:, j], controls[:, j]
        covariance = np.cov(x, w)
        beta = covariance[0, 1] / covariance[1, 1] if covariance[1, 1] > 0 else 0.0
        adjusted = x - beta * (w - expected[j])
        error = float(adjusted.std(ddof=2)) / math.sqrt(count)
        out.append(Comparison(f"{label} {names[j]}", float(adjusted.mean()), float(predicted[j]),
                              tol.monte_carlo(error, float(bias[j]), float(predicted[j]))))
    return tuple(out)


def spike_names(ells: FloatArray) -> list[str]:
    return [f"(ell={ell:.4g})" for ell in ells]


@dataclass(frozen=True)
class OutlierExperiment:
    """Mean of the top ``r`` eigenvalues against the outlier of each spike."""

    claim_id: str = "spiked.outlier"

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        return simulate_multiplicative(params, gen, vectors=False)

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        ells = _descending(params.ells)
        predicted = np.asarray(predict(ells, params.c), dtype=np.float64).reshape(-1)
        bias = np.array([outlier_bias(ell, rows=params.p, cols=params.n) for ell in ells])
        assert sample.controls is not None
        return _control_variate_comparisons("mean outlier (control variate u^T S u)", sample.eigenvalues,
                                            sample.controls, 1.0 + ells, predicted, bias, spike_names(ells))


@dataclass(frozen=True)
class OverlapExperiment:
    """Mean squared overlap of each outlier's eigenvector with its spike direction."""

    claim_id: str = "spiked.overlap"

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        return simulate_multiplicative(params, gen)

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        ells = _descending(params.ells)
        predicted = np.asarray(predict(ells, params.c), dtype=np.float64).reshape(-1)
        bias = np.array([overlap_bias(ell / math.sqrt(params.c), params.m) for ell in ells])
        assert sample.controls is not None
        # The control variate u^T S u (mean 1 + ell exactly) carries most of the overlap's fluctuation:
        # per-replicate spread 0.0225-0.0226 against 0.058-0.064 plain (ratio 0.35-0.39; R = 512,
        # p = 320, n = 200, ell = 2.5 sqrt(c), Gaussian and Rademacher entries).
        return _control_variate_comparisons("mean squared overlap (control variate u^T S u)", sample.overlaps,
                                            sample.controls, 1.0 + ells, predicted, bias, spike_names(ells))


@dataclass(frozen=True)
class OutlierVarianceExperiment:
    """``n`` times the sample variance of the top eigenvalue (one spike, Gaussian data)."""

    claim_id: str = "spiked.outlier_variance"

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        """Gaussian data: the tridiagonal sampler ``sim.spiked.gaussian_spike_top_with_controls`` (exact in
        law, O(m) per draw and bisection step); other laws: the full matrix."""
        if params.law != "gaussian" or len(params.ells) != 1:
            # No controls there: the plain sample variance (the u^T S u controls have no known covariance).
            return replace(simulate_multiplicative(params, gen, vectors=False), controls=None)
        top, controls = gaussian_spike_top_with_controls(p=params.p, n=params.n, ell=params.ells[0], gen=gen,
                                                         count=params.replicates, iterations=VARIANCE_BISECTIONS)
        return SpikeSample(top.numpy().reshape(-1, 1), np.zeros((params.replicates, 0)), controls.numpy())

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        (ell,) = params.ells
        top = sample.eigenvalues[:, 0]
        predicted = float(predict(ell, params.c))
        strength = ell / math.sqrt(params.c)
        if sample.controls is None:
            measured = params.n * float(top.var(ddof=1))
            return (Comparison("n Var(outlier)", measured, predicted,
                               variance_tolerance(measured, top.size, params.m, strength)),)
        mean, cov = spike_control_moments(p=params.p, n=params.n)
        measured, error = _controlled_variance(top, sample.controls, mean, cov)
        return (Comparison("n Var(outlier) (3 control variates)", params.n * measured, predicted,
                           variance_tolerance(params.n * measured, top.size, params.m, strength,
                                              standard_error=params.n * error)),)


VARIANCE_GROUPS = 100

# Bisection steps of the variance sampler: the Sturm bracket [max diagonal, Gershgorin bound] is at most
# 2 max |T_{i,i+1}| ~ 2 sqrt(c) wide (below 4 in the drawn range), so 32 halvings leave under 1e-9, far below
# the outlier's spread (sd above 0.1): the variance moves by less than 1e-8 of itself.
VARIANCE_BISECTIONS = 32


def _controlled_variance(x: FloatArray, controls: FloatArray, mean: FloatArray,
                         cov: FloatArray) -> tuple[float, float]:
    """``Var x`` as ``beta^T C beta + Var(residual)``: ``beta`` the regression of ``x`` on controls whose
    covariance ``C`` is known exactly (the explained part then carries only the error of ``beta``), and a
    grouped jackknife standard error (``VARIANCE_GROUPS`` groups)."""

    def estimate(keep: NDArray[np.bool_]) -> float:
        centred = controls[keep] - mean
        design = np.column_stack([np.ones(int(keep.sum())), centred])
        coefficients = np.linalg.lstsq(design, x[keep], rcond=None)[0]
        residual = x[keep] - design @ coefficients
        beta = coefficients[1:]
        return float(beta @ cov @ beta + residual @ residual / (residual.size - beta.size - 1))

    count = x.size
    groups = np.arange(count) % VARIANCE_GROUPS
    full = estimate(np.ones(count, dtype=bool))
    leave = np.array([estimate(groups != g) for g in range(VARIANCE_GROUPS)])
    error = math.sqrt((VARIANCE_GROUPS - 1) / VARIANCE_GROUPS * float(np.sum((leave - leave.mean()) ** 2)))
    return full, error


@dataclass(frozen=True)
class AdditiveOutlierExperiment:
    """Mean top eigenvalue of ``ell u u^T + Z Z^T / n`` against the additive outlier."""

    claim_id: str = "spiked.additive_outlier"

    def simulate(self, params: SpikedParams, gen: torch.Generator) -> SpikeSample:
        return simulate_additive(params, gen)

    def compare(self, sample: SpikeSample, params: SpikedParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        (ell,) = params.ells
        predicted = np.array([float(predict(ell, params.c))])
        bias = np.array([additive_bias(p=params.p, n=params.n)])
        assert sample.controls is not None
        return _control_variate_comparisons("mean top eigenvalue (control variate u^T X u)",
                                            sample.eigenvalues[:, :1], sample.controls, np.array([ell + 1.0]),
                                            predicted, bias, spike_names(np.array([ell])))


@dataclass(frozen=True)
class RectSingularValueExperiment:
    """Mean top singular value of ``G / sqrt(m) + theta a b^T``."""

    claim_id: str = "spiked.rect_singular_value"

    def simulate(self, params: RectParams, gen: torch.Generator) -> SpikeSample:
        return simulate_rectangular(params, gen)

    def compare(self, sample: SpikeSample, params: RectParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        predicted = np.array([float(predict(params.theta, params.c))])
        bias = np.array([outlier_bias(params.theta, rows=params.n, cols=params.m, constant=B_RECT)])
        assert sample.controls is not None
        return _control_variate_comparisons("mean top singular value (control variate a^T Y b)",
                                            sample.eigenvalues, sample.controls[:, :1], np.array([params.theta]),
                                            predicted, bias, [f"(theta={params.theta:.4g})"])


@dataclass(frozen=True)
class RectOverlapsExperiment:
    """Mean squared left and right singular-vector overlaps."""

    claim_id: str = "spiked.rect_overlaps"

    def simulate(self, params: RectParams, gen: torch.Generator) -> SpikeSample:
        return simulate_rectangular(params, gen)

    def compare(self, sample: SpikeSample, params: RectParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        left, right = predict(params.theta, params.c)
        predicted = np.array([float(left), float(right)])
        relative = params.theta / spiked.rect_threshold(params.c)
        bias = np.full(2, overlap_bias(relative, min(params.n, params.m), B_RECT_OV))
        assert sample.controls is not None
        # Six controls with exact means (simulate_rectangular): per-replicate spread 0.56 (left) and 0.34
        # (right) times the plain one (R = 1024, n = 100, m = 400, theta = 1.86 c^{1/4}); the cross term
        # a^T G b and its square carry most of it.
        return _regression_comparisons("mean squared overlap (6 control variates)", sample.overlaps,
                                       sample.controls, rect_control_means(params), predicted, bias,
                                       ["left <a, u>^2", "right <b, v>^2"])


def separation_level(params: ThresholdParams) -> float:
    """Edge plus ``K_SEP`` edge-fluctuation units: above it the top value has left the bulk."""
    c = params.c
    if params.model == "rectangular":
        unit = tol.johnstone_scale(n=params.cols, p=params.rows) / params.cols / (2.0 * (1.0 + math.sqrt(c)))
        return 1.0 + math.sqrt(c) + K_SEP * unit
    unit = tol.johnstone_scale(n=params.cols, p=params.rows) / params.cols
    return (1.0 + math.sqrt(c)) ** 2 + K_SEP * unit


# Threshold estimator: the inverse outlier curve, extrapolated to the edge. For one noise draw the
# strength that puts the top eigenvalue (singular value) at a level lambda above the noise's top
# eigenvalue is exact linear algebra (a secular equation); averaging its linear spectral statistics
# over the uniform spike direction (conditioning) leaves only the noise spectrum. The measured
# curve ell(lambda) is then fitted with the generic square-root-edge form
# ell = t + a1 rho^{1/2} + a2 rho + a3 rho^{3/2} (rho = lambda / edge - 1) and read off at the edge.
THRESHOLD_LEVELS = 26

THRESHOLD_RANGE = {"multiplicative": (0.1, 0.6), "additive": (0.1, 0.6), "rectangular": (0.05, 0.3)}


def threshold_levels(params: ThresholdParams) -> FloatArray:
    """Relative distances ``rho`` above the bulk edge at which the inverse curve is measured."""
    low, high = THRESHOLD_RANGE[params.model]
    return np.linspace(low, high, THRESHOLD_LEVELS)


def _edge(params: ThresholdParams) -> float:
    root = math.sqrt(params.c)
    return 1.0 + root if params.model == "rectangular" else (1.0 + root) ** 2


@dataclass(frozen=True)
class ThresholdSample:
    """Per replicate and level: the linear spectral statistics of the secular equation.

    ``stats`` is ``(R, L, k)``: one statistic (multiplicative, additive) or three (rectangular:
    ``E g_ee``, ``E g_ff``, ``E g_ef^2`` over the spike directions); ``rho`` the levels.
    """

    rho: FloatArray
    stats: FloatArray
    edge: float
    model: str
    top_over_edge: float
    lower_edge: float = 0.0


def _strength_curve(mean_stats: FloatArray, model: str) -> FloatArray:
    """Spike strength that puts the top value at each level, from the averaged statistics."""
    if model == "rectangular":
        determinant = mean_stats[:, 0] * mean_stats[:, 1] - mean_stats[:, 2]
        return np.asarray(1.0 / np.sqrt(determinant), dtype=np.float64)
    return np.asarray(1.0 / mean_stats[:, 0], dtype=np.float64)


def _extrapolate(rho: FloatArray, strengths: FloatArray) -> float:
    root = np.sqrt(rho)
    design = np.stack([np.ones_like(root), root, rho, rho * root], axis=1)
    coefficients = np.linalg.lstsq(design, strengths, rcond=None)[0]
    return float(coefficients[0])


def _two_edge_strength(rho: FloatArray, mean_stats: FloatArray, edge: float, lower: float) -> float:
    """Multiplicative model: fit the averaged statistic ``F(lambda)`` itself with
    ``alpha + beta lambda + (gamma + delta lambda) sqrt((lambda - lower)(lambda - edge))`` (a density with
    square-root edges at ``lower`` and ``edge`` has a Stieltjes transform of this form near its support;
    MP's is the case ``delta = 0``) and return ``1 / F(edge) = 1 / (alpha + beta edge)``."""
    level = edge * (1.0 + rho)
    root = np.sqrt((level - lower) * (level - edge))
    design = np.stack([np.ones_like(level), level, root, level * root], axis=1)
    coefficients = np.linalg.lstsq(design, mean_stats[:, 0], rcond=None)[0]
    return float(1.0 / (coefficients[0] + coefficients[1] * edge))


def _curve_estimate(sample: ThresholdSample, rho: FloatArray, mean_stats: FloatArray) -> float:
    if sample.model == "multiplicative":
        return _two_edge_strength(rho, mean_stats, sample.edge, sample.lower_edge)
    return _extrapolate(rho, _strength_curve(mean_stats, sample.model))


def threshold_estimate(sample: ThresholdSample) -> tuple[float, float]:
    """``(estimate, jackknife standard error)`` of the strength at which the outlier meets the edge."""
    # Levels below the largest noise top value (plus 2%) are dropped: the statistics have a pole there.
    keep = sample.rho > sample.top_over_edge - 1.0 + 0.02
    if int(keep.sum()) < 8:
        raise RuntimeError(f"only {int(keep.sum())} levels above the noise's top value; widen the range")
    rho, stats = sample.rho[keep], sample.stats[:, keep]
    count = stats.shape[0]
    estimate = _curve_estimate(sample, rho, stats.mean(axis=0))
    total = stats.sum(axis=0)
    leave_one = np.array([_curve_estimate(sample, rho, (total - stats[i]) / (count - 1)) for i in range(count)])
    error = math.sqrt((count - 1) / count * float(np.sum((leave_one - leave_one.mean()) ** 2)))
    return estimate, error


def _secular_statistics(params: ThresholdParams, values: torch.Tensor, levels: FloatArray) -> FloatArray:
    """Statistics of the noise singular values ``values`` ``(R, k)`` at the levels ``(L,)``."""
    rows, cols = params.rows, params.cols
    k = values.shape[-1]
    level = torch.as_tensor(levels, dtype=values.dtype, device=values.device).reshape(1, -1, 1)
    if params.model == "rectangular":
        s2 = values.square().unsqueeze(1)
        gap = level.square() - s2
        inverse = (1.0 / gap).sum(-1)
        sigma = level[..., 0]
        ee = sigma / rows * (inverse + (rows - k) / sigma**2)
        ff = sigma / cols * (inverse + (cols - k) / sigma**2)
        ef2 = (s2 / gap.square()).sum(-1) / (rows * cols)
        return torch.stack([ee, ff, ef2], dim=-1).cpu().numpy()
    d = values.square().unsqueeze(1)
    if params.model == "multiplicative":
        stat = (d / (level - d)).sum(-1) / rows
    else:
        stat = ((1.0 / (level - d)).sum(-1) + (rows - k) / level[..., 0]) / rows
    return stat.unsqueeze(-1).cpu().numpy()


@dataclass(frozen=True)
class ThresholdExperiment:
    """Strength at which the outlier meets the bulk edge, extrapolated from the measured inverse
    outlier curve (see ``threshold_estimate``), against the predicted threshold."""

    claim_id: str
    model: str

    def simulate(self, params: ThresholdParams, gen: torch.Generator) -> ThresholdSample:
        edge = _edge(params)
        rho = threshold_levels(params)
        levels = edge * (1.0 + rho)
        stats, tops = [], []
        for count in _chunks(params.replicates):
            z = torch.randn((count, params.rows, params.cols), generator=gen, device=gen.device,
                            dtype=torch.float64) / math.sqrt(params.cols)
            gram = z @ z.mT if params.rows <= params.cols else z.mT @ z
            values = torch.linalg.eigvalsh(gram).flip(-1).clamp_min(0.0).sqrt()
            top = float(values[:, 0].max()) if params.model == "rectangular" else float(values[:, 0].max()) ** 2
            tops.append(top)
            stats.append(_secular_statistics(params, values, levels))
        lower = (1.0 - math.sqrt(params.c)) ** 2 if params.model == "multiplicative" else 0.0
        return ThresholdSample(rho, np.concatenate(stats), edge, params.model, max(tops) / edge, lower)

    def compare(self, sample: ThresholdSample, params: ThresholdParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        threshold = float(predict(params.c))
        estimate, error = threshold_estimate(sample)
        relative = (B_MULT_THRESHOLD / params.m if params.model == "multiplicative"
                    else B_SPIKE_THRESHOLD[params.model])
        return (Comparison("strength at which the outlier meets the edge", estimate, threshold,
                           tol.monte_carlo(error, relative * abs(estimate), threshold)),)
