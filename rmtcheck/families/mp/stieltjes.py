"""``mp.stieltjes``: the normalised resolvent trace ``tr(S - z)^{-1}/p`` converges to the
Marchenko–Pastur Stieltjes transform (deterministic equivalent).

The claim and its wrong variants, the bias bound with its calibration, the experiment (the mean
resolvent trace at three points with control variates) and the draw. Shared pieces (the
control-variate mean, the exact trace means) are in ``rmtcheck.families.mp._common``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck import tolerances as tol
from rmtcheck.families.mp._common import (
    MOMENT_RATIOS,
    MP_ASSUMPTIONS,
    PROPORTIONAL,
    SIZES,
    CovarianceParams,
    control_variate_mean,
    covariance_params,
    eigenvalues,
    exact_trace_means,
)
from theory import mp

if TYPE_CHECKING:
    import torch


def _stieltjes_other_root(z: ArrayLike, c: float, sigma2: float = 1.0) -> object:
    """The second root of the quadratic: ``m_- = 1 / (c z m_+)`` (scaled), not a Stieltjes
    transform (it does not vanish at infinity)."""
    m_plus = np.asarray(mp.stieltjes(z, c, sigma2))
    w = np.asarray(z, dtype=np.complex128) / sigma2
    return 1.0 / (c * w * m_plus * sigma2) / sigma2


def stieltjes_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    """The claim ``mp.stieltjes`` at sample size ``n``: the limit :func:`theory.mp.stieltjes`
    (``n`` is passed so that finite-size variants can be stated)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    return mp.stieltjes(z, c, sigma2)


def _stieltjes_sigma2_off(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    """sigma2 five per cent high. (The n - 1 normalisation, a relative 1/n, is below the O(1/p)
    bias bound of this check; see docs/mp.md.)"""
    return stieltjes_at(z, c, 1.05 * sigma2, n=n)


def _stieltjes_other_root_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    stieltjes_at(z, c, sigma2, n=n)
    return _stieltjes_other_root(z, c, sigma2)


def _stieltjes_inverted_ratio_at(z: ArrayLike, c: float, sigma2: float = 1.0, *, n: int) -> object:
    stieltjes_at(z, c, sigma2, n=n)
    return mp.stieltjes(z, 1.0 / c, sigma2)


CLAIM = Claim(
    id="mp.stieltjes",
    statement="The normalised resolvent trace tr(S - z)^{-1}/p converges to the MP "
    "Stieltjes transform (deterministic equivalent).",
    formula=r"\frac{1}{p}\operatorname{tr}(S - zI)^{-1} \to m(z),\quad "
    r"c z m^2 - (1 - c - z) m + 1 = 0,\ \Im m > 0",
    citation="bai2010",
    source="Bai & Silverstein (2010), Theorem 3.10 and eq. (3.1.2); "
    "source document 001, 'deterministic equivalents'",
    assumptions=MP_ASSUMPTIONS,
    regime=PROPORTIONAL + "; z fixed with Im z = eta > 0; error <= pi/eta * Kolmogorov distance",
    predict=stieltjes_at,
    variants=(
        Variant("other_root", "the other root of the quadratic", _stieltjes_other_root_at),
        Variant("inverted_ratio", "aspect ratio n/p", _stieltjes_inverted_ratio_at),
        Variant("sigma2_off_5pct", "sigma2 five per cent high (m(z) 1-5% off at the "
                "evaluation points)", _stieltjes_sigma2_off, near_miss=True),
    ),
    resolution_target=0.04,
    resolution_basis="relative to |m(z)| (Re m vanishes inside the bulk); above 2% for "
    "Student-t(8) entries only (Gaussian and Rademacher: 0.6-1.3%), whose O(1/(p eta)) bias "
    "(0.35/(p eta) measured, no leading term subtracted) is 2-3.5% of |m| at the upper edge "
    "(docs/mp.md)",
)


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
    control variates ``tr(S)/p`` and ``tr(S^2)/p`` (exact means,
    ``_common.exact_trace_means``).
    Re and Im are compared separately; their resolution is relative to ``|m(z)|`` (declared
    ``scale``: Re m vanishes inside the bulk)."""

    def simulate(self, params: CovarianceParams, gen: torch.Generator) -> NDArray[np.complex128]:
        values = eigenvalues(params, gen)
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
                                      tol.monte_carlo(se, bias), standard_error=se, scale=modulus))
        return tuple(out)


CHECK = Check(CLAIM, StieltjesExperiment(),
              draws=lambda s: covariance_params(ratios=MOMENT_RATIOS, m_range=s.mp_m, replicates=s.replicates),
              sizes=SIZES)
