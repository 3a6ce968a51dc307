"""``tracy_widom.gse_tw4``: the largest eigenvalue of a GSE (beta = 4 Hermite) matrix, centred at the
spectral edge and scaled, follows the Tracy–Widom law TW4.

**Model** (Dumitriu & Edelman 2002, J. Math. Phys. 43, Theorem 2.12): the symmetric tridiagonal

  ``H = (1 / sqrt 2) tridiag(diagonal N(0, 2) x N, off-diagonal chi_{(N-1) beta}, ..., chi_beta)``,

all entries independent, has joint eigenvalue density proportional to
``prod_{i<j} |l_i - l_j|^beta exp(-sum_i l_i^2 / 2)``, the beta-Hermite ensemble; at ``beta = 4`` the
``N`` eigenvalues of an ``N x N`` self-dual quaternion Gaussian (GSE) matrix. So the diagonal is
N(0, 1) and the squared off-diagonal ``b_k^2 = chi^2_{4k} / 2``, ``k = N - 1, ..., 1``.

**Edge scaling.** ``H / sqrt(beta / 2)`` is Ramírez, Rider & Virág's (2011, JAMS 24, Theorem 1.1)
normalisation ``(1 / sqrt beta) tridiag(N(0, 2), chi_{beta(N-k)})``, whose top eigenvalue satisfies
``N^{1/6} (l - 2 sqrt N) -> TW_beta^SAO`` (the stochastic Airy operator's law). At ``beta = 4``, with
``y = N^{1/6} (l_max(H) / sqrt 2 - 2 sqrt N)``, this module claims

  ``s = 2^{1/6} y -> F_4``,  i.e.  ``P(y <= t) -> cdf(2^{1/6} t, 4)``,

``F_4 = theory.tracy_widom.cdf(., 4)`` in Tracy & Widom's (1996) convention (mean -2.3069, variance
0.5177). Equivalently ``P(y <= t) -> G(2^{2/3} t)`` with ``G(s) = F_4(s / sqrt 2) = (F_1(s) +
F_2(s) / F_1(s)) / 2``: the ``2^{2/3}`` rescaling of the beta = 4 law that Ramírez, Rider & Virág
(2011) note after their Theorem 1.1, with their ``F_4`` read as ``G`` (the sqrt 2 of Dieng 2005).
No source at hand states the factor in this exact form, so it is pinned by measurement: at N = 100
(50000 draws) ``y`` has mean -2.01 and variance 0.413, against -2.055 and 0.411 for
``F_4(2^{1/6} .)`` (variance ratio ``2^{1/3}`` to 0.6 %; the mean 0.05 high is the finite-N shift, which
shrinks with N) and -3.262 and 1.035 for ``G``. So the tridiagonal law is **not**
``cdf(t / sqrt 2, 4) = G(t)``, as :mod:`theory.tracy_widom`'s docstring says of this model
(variant ``g_convention``), and ``y`` read as ``F_4`` without the ``2^{1/6}`` is a 12 % scale error
(variant ``no_2_one_sixth``). The same code path at ``beta = 1, 2`` (``y = N^{1/6}(l sqrt(2 / beta)
- 2 sqrt N)``) reproduces TW1 and TW2 (means -1.33 / -1.78 at N = 100 against -1.21 / -1.77;
variances 1.62 / 0.815 against 1.61 / 0.813), and the centring 2 sqrt N is right (the mean of ``y``
does not drift with N), so the edge and its N^{1/6} scale leave only this constant to settle.

The experiment: the Kolmogorov distance of ``replicates`` draws of ``l_max(H)`` from the predicted CDF,
with a DKW band and a calibrated finite-size term, exactly as ``wishart_tw1``. Each draw costs O(N)
random numbers and O(N * 52) bisection work (:func:`sim.spectra.tridiagonal_top_eigenvalue`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import ArrayLike, NDArray

from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.params import check_size
from rmtcheck.tolerances import ALPHA_DKW
from theory import tracy_widom as tw

if TYPE_CHECKING:
    import torch

FloatArray = NDArray[np.float64]

BETA = 4
#: ``s = TW4_FACTOR * N^{1/6} (l / sqrt 2 - 2 sqrt N)`` follows Tracy & Widom's F_4.
TW4_FACTOR = 2.0 ** (1.0 / 6.0)


@dataclass(frozen=True, kw_only=True)
class GseParams:
    """``replicates`` draws of the largest eigenvalue of the ``n x n`` beta = 4 Hermite tridiagonal."""

    n: int
    replicates: int

    def __post_init__(self) -> None:
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        if self.n < 2:
            raise ValueError(f"n must be >= 2; got {self.n!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class GseSizes:
    """Sizes of the GSE draws per profile: ``n`` in ``[gse_n_min, gse_n_max]``, ``gse_replicates`` draws."""

    gse_n_min: int
    gse_n_max: int
    gse_replicates: int


# Cost on this 2-core CPU: about 0.7 microseconds per draw and matrix row (N = 100, 20000 draws: 1.4 s).
SIZES: dict[str, GseSizes] = {
    "ci": GseSizes(gse_n_min=60, gse_n_max=100, gse_replicates=20000),
    "verify": GseSizes(gse_n_min=100, gse_n_max=150, gse_replicates=30000),
    "verify-cuda": GseSizes(gse_n_min=150, gse_n_max=400, gse_replicates=50000),
}


def _edge_variable(x: ArrayLike, *, n: int, centre_n: float) -> FloatArray:
    """``y = n^{1/6} (x / sqrt 2 - 2 sqrt(centre_n))``."""
    check_size("n", n)
    return np.asarray(n ** (1.0 / 6.0) * (np.asarray(x, dtype=np.float64) / math.sqrt(2.0)
                                          - 2.0 * math.sqrt(centre_n)))


def gse_lmax_cdf(x: ArrayLike, *, n: int) -> FloatArray:
    """Predicted CDF of ``l_max(H)``: ``F_4(2^{1/6} n^{1/6} (x / sqrt 2 - 2 sqrt n))`` (module docstring)."""
    return np.asarray(tw.cdf(TW4_FACTOR * _edge_variable(x, n=n, centre_n=n), BETA))


def _lmax_cdf_tw2(x: ArrayLike, *, n: int) -> FloatArray:
    return np.asarray(tw.cdf(TW4_FACTOR * _edge_variable(x, n=n, centre_n=n), 2))


def _lmax_cdf_tw1(x: ArrayLike, *, n: int) -> FloatArray:
    return np.asarray(tw.cdf(TW4_FACTOR * _edge_variable(x, n=n, centre_n=n), 1))


def _lmax_cdf_g(x: ArrayLike, *, n: int) -> FloatArray:
    """``G(y) = F_4(y / sqrt 2)``: the convention :mod:`theory.tracy_widom` attributes to the tridiagonal."""
    return np.asarray(tw.cdf(_edge_variable(x, n=n, centre_n=n) / math.sqrt(2.0), BETA))


def _lmax_cdf_no_factor(x: ArrayLike, *, n: int) -> FloatArray:
    """``F_4(y)``: Tracy & Widom's F_4 on the stochastic-Airy variable, the ``2^{1/6}`` left out."""
    return np.asarray(tw.cdf(_edge_variable(x, n=n, centre_n=n), BETA))


def _lmax_cdf_n_minus_1(x: ArrayLike, *, n: int) -> FloatArray:
    """Edge at ``2 sqrt(n - 1)`` (the top off-diagonal is ``chi_{4(n-1)}``): the centring ``0.5 / n``
    too low relatively, a shift of about ``2^{1/6} n^{-1/3}`` F_4 units."""
    return np.asarray(tw.cdf(TW4_FACTOR * _edge_variable(x, n=n, centre_n=n - 1), BETA))


CLAIM = Claim(
    id="tracy_widom.gse_tw4",
    kind="distribution",
    statement="The largest eigenvalue of an N x N GSE matrix (the beta = 4 Hermite ensemble, simulated "
    "through the Dumitriu–Edelman tridiagonal model), centred at 2 sqrt(2N) and scaled by "
    "2^{1/6} N^{1/6} / sqrt 2, follows Tracy & Widom's TW4 law F_4.",
    formula=r"2^{1/6} N^{1/6}\left(\frac{\lambda_{\max}(H)}{\sqrt 2} - 2\sqrt N\right) \Rightarrow F_4,\quad "
    r"H = \tfrac{1}{\sqrt 2}\,\mathrm{tridiag}\big(N(0,2),\ \chi_{4(N-1)}, \dots, \chi_4\big),\quad "
    r"F_4(s/\sqrt 2) = \tfrac12\big(F_1(s) + F_2(s)/F_1(s)\big)",
    citation="dumitriu2002",
    source="Dumitriu & Edelman (2002), Theorem 2.12 (model); Ramírez, Rider & Virág (2011), "
    "Theorem 1.1 (edge limit); Tracy & Widom (1996) (F_4)",
    assumptions=("H: diagonal iid N(0, 1), off-diagonal b_k = chi_{4k} / sqrt 2 (k = N-1..1), independent",
                 "eigenvalue density prop. to prod |l_i - l_j|^4 exp(-sum l_i^2 / 2) (GSE)",
                 "F_4 = theory.tracy_widom.cdf(., 4), mean -2.3069, variance 0.5177"),
    regime="N -> inf; drawn N in [60, 400]; CDF error about 0.03 at N = 50-150, 0.017 at N = 400 "
    "(bounded by 1.0 N^{-2/3} over the calibrated sizes, docs/tracy_widom.md)",
    predict=gse_lmax_cdf,
    variants=(
        Variant("tw2", "the complex (beta = 2) law TW2 on the same variable", _lmax_cdf_tw2),
        Variant("tw1", "the real (beta = 1) law TW1 on the same variable", _lmax_cdf_tw1),
        Variant("g_convention", "G(y) = F_4(y / sqrt 2), the other TW4 convention, on the stochastic-Airy "
                "variable y (mean -3.26 against -2.05)", _lmax_cdf_g),
        Variant("no_2_one_sixth", "F_4(y): the factor 2^{1/6} left out, a 12 % scale error "
                "(sup-CDF distance 0.17-0.19)", _lmax_cdf_no_factor),
        Variant("n_minus_1", "edge at 2 sqrt(N - 1) instead of 2 sqrt N, 0.5 / N relative in lambda "
                "(sup-CDF distance 0.12-0.19 at N = 60-250)", _lmax_cdf_n_minus_1, near_miss=True),
    ),
    resolution_target=0.11,
    resolution_basis="absolute, in Kolmogorov units (the prediction of a distance is 0); the resolution "
    "is the tolerance plus the measured distance: at the verify sizes (N = 100-150, 30000 draws) the "
    "tolerance is 0.048-0.059 (DKW band 0.013 at level 1e-4 plus 1.0 N^{-2/3}), the finite-N CDF "
    "error of the 2 sqrt N centring itself 0.030-0.033 and the sampling noise of the distance up to "
    "0.013, so the worst case is 0.105 (measured 0.090-0.091 in two verify runs; docs/tracy_widom.md)",
)

# Finite-size CDF error of the edge scaling 2^{1/6} N^{1/6} (l / sqrt 2 - 2 sqrt N) against F_4.
# Calibration (R = 50000 draws of the tridiagonal model per N, seeds 2000 + N, this module's
# simulate): (Kolmogorov distance - median DKW noise 0.87/sqrt(R)) * N^{2/3} =
# 0.39, 0.44, 0.52, 0.63, 0.75, 0.79, 0.73, 0.73 at N = 50, 60, 80, 100, 150, 200, 250, 400
# (distances 0.032, 0.032, 0.032, 0.033, 0.030, 0.027, 0.022, 0.017; the mean of s exceeds
# F_4's by 0.058, 0.052, 0.042, 0.029 at N = 50, 100, 200, 400). The error decays more slowly than
# N^{-2/3} below N = 200, so the bound is calibrated only over N <= 400 and the draws stay there:
# B_GSE = 1.0 (largest measured 0.79).
B_GSE = 1.0


def gse_kolmogorov(replicates: int, *, n: int) -> float:
    """DKW radius at ``ALPHA_DKW`` plus ``B_GSE n^{-2/3}``."""
    dkw = math.sqrt(math.log(2.0 / ALPHA_DKW) / (2.0 * replicates))
    return float(dkw + B_GSE * n ** (-2.0 / 3.0))


CHUNK = 20000


def gse_lmax_tridiagonal(*, n: int, count: int, generator: torch.Generator) -> torch.Tensor:
    """``count`` draws of ``l_max(H)``, ``H`` the ``n x n`` beta = 4 Dumitriu–Edelman tridiagonal
    (diagonal N(0, 1), squared off-diagonal ``chi^2_{4k} / 2``, ``k = n - 1, ..., 1``)."""
    import torch

    from sim.spectra import chi_square, tridiagonal_top_eigenvalue

    check_size("n", n)
    check_size("count", count)
    dtype = torch.float64
    a = torch.randn(count, n, generator=generator, dtype=dtype, device=generator.device)
    dof = (BETA * torch.arange(n - 1, 0, -1, dtype=dtype, device=generator.device)).expand(count, n - 1)
    b2 = chi_square(dof.contiguous(), generator) / 2.0
    return tridiagonal_top_eigenvalue(a, b2)


@dataclass(frozen=True)
class GseTw4Experiment:
    """Kolmogorov distance between ``replicates`` draws of ``l_max(H)`` and the predicted CDF;
    tolerance: DKW band plus the calibrated ``B_GSE n^{-2/3}``. The prediction of a distance is 0,
    so the resolution is absolute (``scale = 1``)."""

    def simulate(self, params: GseParams, gen: torch.Generator) -> FloatArray:
        import torch

        parts = []
        remaining = params.replicates
        while remaining > 0:
            count = min(CHUNK, remaining)
            parts.append(gse_lmax_tridiagonal(n=params.n, count=count, generator=gen).cpu())
            remaining -= count
        return torch.cat(parts).numpy()

    def compare(self, sample: FloatArray, params: GseParams, predict: Predictor) -> tuple[Comparison, ...]:
        from sim.statistics import kolmogorov_distance

        def cdf(x: FloatArray) -> FloatArray:
            return np.asarray(predict(x, n=params.n))

        distance = kolmogorov_distance(sample, cdf)
        return (Comparison("Kolmogorov distance of lambda_max", distance, 0.0,
                           gse_kolmogorov(params.replicates, n=params.n), scale=1.0),)


@st.composite
def gse_params(draw: st.DrawFn, scale: GseSizes) -> GseParams:
    """``n`` in the scale's range (inside the calibrated N in [50, 400]), ``gse_replicates`` draws."""
    n = draw(st.integers(scale.gse_n_min, scale.gse_n_max))
    return GseParams(n=n, replicates=scale.gse_replicates)


CHECK = Check(CLAIM, GseTw4Experiment(), draws=gse_params, sizes=SIZES, examples=0.4)
