"""Experiments for the Marchenko–Pastur claims (``mp.*``).
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
from rmtcheck.families.mp.params import CovarianceParams
from rmtcheck.families.mp.tolerances import B_EDGE, B_MOMENT, EDGE_OFFSET, esd_pooled
from sim.ensembles import data_matrix, fourth_moment
from sim.spectra import covariance_eigenvalues, nonzero_extremes
from sim.statistics import kolmogorov_distance
from theory import mp

FloatArray = NDArray[np.float64]

CHUNK = 64


def _matrices(params: CovarianceParams, gen: torch.Generator, count: int) -> torch.Tensor:
    return data_matrix(p=params.p, n=params.n, sigma2=params.sigma2, law=params.law,
                       generator=gen, batch=count)


def _eigenvalues(params: CovarianceParams, gen: torch.Generator, *, full: bool = False) -> FloatArray:
    """``(replicates, p)`` eigenvalues of ``S``, simulated in chunks to bound memory."""
    parts = []
    remaining = params.replicates
    while remaining > 0:
        count = min(CHUNK, remaining)
        parts.append(covariance_eigenvalues(_matrices(params, gen, count), full=full).cpu())
        remaining -= count
    values: FloatArray = torch.cat(parts).numpy()
    return values


ESD_GRID = 99


@dataclass(frozen=True)
class EsdExperiment:
    """Kolmogorov distance between the pooled ESD of ``replicates`` draws of ``S`` and the
    predicted CDF.

    The prediction of a distance is 0, so the resolution is absolute (``scale = 1``): the
    smallest sup-norm CDF error the check catches. Tolerance: ``Z_MC`` times the largest
    standard error of the mean ESD over 99 pooled quantiles plus ``B_ESD / p``
    (:func:`rmtcheck.tolerances.esd_pooled`).
    """

    claim_id: str = "mp.esd"

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> FloatArray:
        return _eigenvalues(params, gen)

    def compare(self, sample: FloatArray, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        def cdf(x: FloatArray) -> FloatArray:
            return np.asarray(predict(x, params.c, params.sigma2))

        def cdf_left(x: FloatArray) -> FloatArray:
            # F(x-) for the atom at 0; elsewhere F is continuous and the 1e-9 offset
            # changes F by at most 1e-9 * max density, far below the tolerance.
            return cdf(x - 1e-9 * (1.0 + np.abs(x)))

        distance = kolmogorov_distance(sample.reshape(-1), cdf, cdf_left)
        grid = np.quantile(sample, np.linspace(0.5, ESD_GRID - 0.5, ESD_GRID) / ESD_GRID)
        per_replicate = (sample[:, :, None] <= grid[None, None, :]).mean(axis=1)
        replicates = sample.shape[0]
        if replicates > 1:
            se = float(per_replicate.std(axis=0, ddof=1).max()) / math.sqrt(replicates)
        else:
            # One draw: the largest standard deviation of one ESD over x, times p, measured
            # 0.88..1.00 (calibration at rmtcheck.tolerances.B_ESD): 1/p.
            se = 1.0 / params.p
        return (Comparison("Kolmogorov distance of the pooled ESD", distance, 0.0,
                           esd_pooled(params.p, se), scale=1.0),)


EDGE_TW_MEAN = -1.2065335745820  # E TW1 (Tracy & Widom 1996; theory.tracy_widom.mean(1))


def edge_shifts(params: CovarianceParams) -> tuple[float, float, float, float]:
    """Finite-size shifts of ``E lambda_max`` and ``E lambda_min`` from the MP edges, and the
    Tracy–Widom units ``sigma2 s_± / n`` (see :data:`rmtcheck.tolerances.EDGE_OFFSET`)."""
    n, p, s2 = params.n, params.p, params.sigma2
    mu_up, s_up, mu_lo, s_lo = tol.ma_edge_scaling(n=n, p=p)
    o_up, o_lo = EDGE_OFFSET[params.law]
    root_n, root_p = math.sqrt(n), math.sqrt(p)
    shift_up = s2 / n * (mu_up - (root_n + root_p) ** 2 + s_up * (EDGE_TW_MEAN + o_up))
    shift_lo = s2 / n * (mu_lo - (root_n - root_p) ** 2 - s_lo * (EDGE_TW_MEAN + o_lo))
    return shift_up, shift_lo, s2 * s_up / n, s2 * s_lo / n


@dataclass(frozen=True)
class EdgesExperiment:
    """Mean over replicates of the extreme non-zero eigenvalues, less the Tracy–Widom mean shift
    (:func:`edge_shifts`), against the predicted edges; tolerance ``Z_MC`` standard errors plus
    ``B_EDGE`` Tracy–Widom units. Resolution relative to each edge."""

    claim_id: str = "mp.edges"

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> FloatArray:
        lows, highs = [], []
        remaining = params.replicates
        while remaining > 0:
            count = min(CHUNK, remaining)
            lo, hi = nonzero_extremes(_matrices(params, gen, count))
            lows.append(lo.cpu())
            highs.append(hi.cpu())
            remaining -= count
        values: FloatArray = torch.stack([torch.cat(lows), torch.cat(highs)], dim=1).numpy()
        return values

    def compare(self, sample: FloatArray, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        lower, upper = predict(params.c, params.sigma2)
        shift_up, shift_lo, unit_up, unit_lo = edge_shifts(params)
        b_up, b_lo = B_EDGE[params.law]
        count = sample.shape[0]
        se_lo, se_up = (float(v) for v in sample.std(axis=0, ddof=1) / math.sqrt(count))
        return (
            Comparison("mean largest eigenvalue - TW shift", float(sample[:, 1].mean()) - shift_up,
                       float(upper), tol.monte_carlo(se_up, b_up * unit_up, float(upper))),
            Comparison("mean smallest non-zero eigenvalue - TW shift",
                       float(sample[:, 0].mean()) - shift_lo, float(lower),
                       tol.monte_carlo(se_lo, b_lo * unit_lo, float(lower))),
        )


@dataclass(frozen=True)
class AtomExperiment:
    """Fraction of eigenvalues of the full ``p x p`` matrix ``S`` below ``lambda_- / 2``.

    Resolution relative to ``1 - 1/c``: the count is exact, so half a count, ``0.5 / (p - n)``.
    """

    claim_id: str = "mp.atom"

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> float:
        values = _eigenvalues(params, gen, full=True)[0]
        threshold = 0.5 * mp.edges(params.c, params.sigma2)[0]
        return float(np.mean(values < threshold))

    def compare(self, sample: float, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        # The count is an integer: half a count is the resolution (exact statement).
        return (Comparison("fraction of zero eigenvalues", sample,
                           float(predict(params.c, n=params.n)), 0.5 / params.p),)


MOMENT_ORDERS = (1, 2, 3, 4)


def moment_leading_bias(k: int, params: CovarianceParams) -> float:
    """Leading finite-n bias of ``E tr(S^k)/p``: ``(m4 - 2) k(k-1)/2 m_{k-1} sigma2 / n``.

    ``m_{k-1}`` is the MP moment of order ``k - 1`` with ``sigma2`` and ``m4 = E x^4``. Exact
    for ``k = 2`` (expand ``E tr (X X^T)^2``: ``sigma2^2 (1 + c + (m4 - 2)/n)``) and for Gaussian
    ``k = 3`` (``E tr W^3`` of a real Wishart matrix); for ``k = 4`` the Gaussian 1/n term is
    ``6 + 17c + 6c^2`` against ``6 + 18c + 6c^2`` here. See :data:`rmtcheck.tolerances.B_MOMENT`.
    """
    m4 = fourth_moment(params.law)
    return k * (k - 1) / 2 * mp.moment(k - 1, params.c, params.sigma2) * params.sigma2 * (m4 - 2.0) / params.n


def moment_bias_bound(k: int, params: CovarianceParams) -> float:
    """Bound on the bias left after :func:`moment_leading_bias`: 0 for ``k <= 2`` (exact),
    ``B_MOMENT k(k-1)/2 m_{k-1} sigma2 / n`` for ``k = 3, 4``."""
    if k <= 2:
        return 0.0
    return B_MOMENT * k * (k - 1) / 2 * mp.moment(k - 1, params.c, params.sigma2) * params.sigma2 / params.n


def control_variate_mean(values: FloatArray, controls: FloatArray,
                         control_means: FloatArray) -> tuple[float, float]:
    """Mean of ``values`` with control variates ``controls`` (``(R, q)``, exact means
    ``control_means``): ``mean(v) - beta . (mean(C) - control_means)`` with ``beta`` the
    least-squares regression of ``v`` on ``C``; returns the estimate and its standard error
    (residual spread, ``R - q - 1`` degrees of freedom). Controls that are constant up to rounding
    (Rademacher entries make ``tr(S)/p`` exact) are dropped."""
    count = values.shape[0]
    centred = controls - controls.mean(axis=0)
    spread = centred.std(axis=0)
    keep = spread > 1e-10 * np.maximum(1.0, np.abs(control_means))
    design = centred[:, keep]
    if design.shape[1] == 0 or count <= design.shape[1] + 2:
        return float(values.mean()), float(values.std(ddof=1)) / math.sqrt(count)
    beta, *_ = np.linalg.lstsq(design, values - values.mean(), rcond=None)
    shift = (controls.mean(axis=0) - control_means)[keep]
    estimate = float(values.mean() - beta @ shift)
    residual = values - values.mean() - design @ beta
    dof = count - design.shape[1] - 1
    return estimate, float(np.sqrt(residual @ residual / dof)) / math.sqrt(count)


def exact_trace_means(params: CovarianceParams) -> FloatArray:
    """Exact finite-size means of ``tr(S)/p`` and ``tr(S^2)/p``: ``sigma2`` and
    ``sigma2^2 (1 + c + (m4 - 2)/n)`` (expand ``E tr (X X^T)^2``), the control variates."""
    s2 = params.sigma2
    second = s2 * s2 * (1.0 + params.c + (fourth_moment(params.law) - 2.0) / params.n)
    return np.array([s2, second])


@dataclass(frozen=True)
class MomentsExperiment:
    """Mean over replicates of ``tr(S^k)/p`` for ``k = 1..4``, with the control variates
    ``tr(S)/p`` and ``tr(S^2)/p`` (exact means, :func:`exact_trace_means`) for ``k >= 2`` and
    the leading 1/n bias subtracted
    (:func:`moment_leading_bias`). Resolution relative to ``m_k``."""

    claim_id: str = "mp.moments"

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> FloatArray:
        values = _eigenvalues(params, gen)
        return np.stack([np.mean(values**k, axis=1) for k in MOMENT_ORDERS], axis=1)

    def compare(self, sample: FloatArray, params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        out = []
        exact = exact_trace_means(params)
        for i, k in enumerate(MOMENT_ORDERS):
            predicted = float(predict(k, params.c, params.sigma2, n=params.n))
            if k == 1:
                column = sample[:, 0]
                mean, se = float(column.mean()), float(column.std(ddof=1)) / math.sqrt(column.shape[0])
            else:
                q = min(k - 1, 2)  # k = 2: tr(S)/p; k = 3, 4: tr(S)/p and tr(S^2)/p
                mean, se = control_variate_mean(sample[:, i], sample[:, :q], exact[:q])
            measured = mean - moment_leading_bias(k, params)
            bound = tol.monte_carlo(se, moment_bias_bound(k, params), predicted)
            out.append(Comparison(f"moment k={k} (1/n bias removed)", measured, predicted, bound))
        return tuple(out)


def stieltjes_points(params: CovarianceParams) -> NDArray[np.complex128]:
    """Evaluation points ``z = x + i eta`` with ``eta = sigma2 / 2`` at the lower edge,
    the mean ``sigma2`` and the upper edge of the bulk."""
    lower, upper = mp.edges(params.c, params.sigma2)
    eta = 0.5 * params.sigma2
    return np.array([lower, params.sigma2, upper]) + 1j * eta


# Calibration (R = 800 per point, p in [50, 400], c in {0.25, 0.625, 1.6, 4}, the three points
# above, sigma2 = 1): p eta |bias| of Re and Im at most 0.17 (Gaussian), 0.21 (Rademacher), 0.35
# (Student-t(8)), SE 0.02; the bias has the same sign pattern at every size (a 1/p term).
# B_STIELTJES per law is about 1.5 times the largest (was 0.5 (|m4 - 3| + 1) from p in [20, 60]).
B_STIELTJES = {"gaussian": 0.25, "rademacher": 0.3, "student_t": 0.5}


def stieltjes_bias_bound(params: CovarianceParams) -> float:
    """Bound on ``|E m_p(z) - m(z)|`` at the points above: ``B_law / (p eta_1 sigma2)``.

    The finite-p correction of the Stieltjes transform is O(1/p) (Bai & Silverstein 2004),
    its leading term a beta = 1 part plus a part proportional to ``m4 - 3``. In units of
    ``sigma2`` the points sit at ``eta_1 = 1/2`` and ``m_{sigma2}(z) = m_1(z / sigma2) / sigma2``,
    so the bias scales as ``1 / sigma2``. (The earlier bound divided by ``sigma2`` twice: too
    tight for ``sigma2 > 1``, too loose below.)
    """
    return B_STIELTJES[params.law] / (params.p * 0.5) / params.sigma2


@dataclass(frozen=True)
class StieltjesExperiment:
    """Mean over replicates of ``tr(S - z)^{-1}/p`` at :func:`stieltjes_points`, with the
    control variates ``tr(S)/p`` and ``tr(S^2)/p`` (exact means, :func:`exact_trace_means`).
    Re and Im are compared separately; their resolution is relative to ``|m(z)|`` (declared
    ``scale``: Re m vanishes inside the bulk)."""

    claim_id: str = "mp.stieltjes"

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> NDArray[np.complex128]:
        values = _eigenvalues(params, gen)
        z = stieltjes_points(params)
        resolvent: NDArray[np.complex128] = np.mean(
            1.0 / (values[:, :, None] - z[None, None, :]), axis=1)
        traces = np.stack([values.mean(axis=1), (values**2).mean(axis=1)], axis=1)
        return np.concatenate([resolvent, traces.astype(np.complex128)], axis=1)

    def compare(self, sample: NDArray[np.complex128], params: CovarianceParams,
                predict: Predictor) -> tuple[Comparison, ...]:
        z = stieltjes_points(params)
        predicted = np.asarray(predict(z, params.c, params.sigma2, n=params.n))
        control = sample[:, -2:].real
        exact = exact_trace_means(params)
        bias = stieltjes_bias_bound(params)
        out = []
        for j, zj in enumerate(z):
            modulus = float(abs(predicted[j]))
            for part, fn in (("Re", np.real), ("Im", np.imag)):
                mean, se = control_variate_mean(np.asarray(fn(sample[:, j]), dtype=np.float64),
                                                control, exact)
                out.append(Comparison(f"{part} m at z={zj:.3g}", mean, float(fn(predicted[j])),
                                      tol.monte_carlo(se, bias), scale=modulus))
        return tuple(out)
