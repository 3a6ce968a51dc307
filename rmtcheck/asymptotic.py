"""Automatic finite-size analysis: verify an asymptotic formula by how the simulation converges (issue 24).

A user states a limit ``predict(**params)`` (the value of a statistic as the size ``n -> inf``) and how
to draw the statistic at a size; :class:`Asymptotic` does the rest, with no tolerance and no bias bound
chosen by hand:

1. **Ladder.** The statistic is simulated on a geometric ladder of sizes ``n_k = n_0 r^k``
   (:class:`Ladder`; default ``ci`` 40..320, ``verify`` 50..800).
2. **Replicates, sequentially.** A pilot of ``min_replicates`` at every rung measures the statistic's spread
   there; then each rung gets the replicates that reach the wanted half-width of the *limit*
   (``Ladder.target``) at least cost (Neyman allocation: ``R_k`` proportional to ``|w_k| sd_k / sqrt(t_k)``,
   ``w_k`` the rung's weight in the extrapolated limit, ``t_k = n_k^cost_power``), capped by
   ``max_replicates`` (the cost budget; a budget in replicates keeps a run a function of its seed, a
   wall-clock budget would not).
3. **Fit.** ``mean(n) = a + b x + c x^2`` with ``x = (n_0 / n)^gamma`` (``gamma`` the declared order of
   the leading correction: 1 for a ``1/n`` bias, 2/3 at a soft edge, 1/2 ...) by weighted least squares
   with the rungs' standard errors. The second-order coefficient ``c`` is a *nuisance with a prior
   bound*: ``c ~ N(0, tau^2)`` with ``tau = kappa (|b| + 2 SE(b))`` from the first-order fit
   (``kappa = 1``: at the smallest rung the second-order correction is no larger than the first-order
   one, i.e. the ladder starts in the asymptotic regime). The data sharpen ``c`` where they can; where
   they cannot, the prior's variance enters ``SE(a)``: the model error of a first-order extrapolation is
   in the interval, not assumed away. With ``order=None`` the exponent is estimated instead (profile
   over a grid; the limit's interval is the union over the exponents the data allow).
4. **Decide**, with a stated family-wise false-alarm level (``level``, default ``1e-3`` per claim,
   Bonferroni over ``tests = 2 x 25`` comparisons: two per example, at most 25 examples in ``verify``):

   * *limit*: ``|a - p| <= z SE(a)`` with ``z`` the two-sided Student-t quantile at ``level / tests``
     on the Welch–Satterthwaite degrees of freedom of ``SE(a)`` (about 4.3). Its resolution is
     ``(z SE(a) + |a - p|) / |p|``: the smallest relative error of the formula this sample would catch.
   * *order*: the deviation ``mean(n) - p`` must decay like ``n^{-gamma}``: the fit with the limit fixed
     at the prediction (``a = p``; free ``b``, prior-bounded ``c``) has a chi-square below the
     ``F(K - 1, R_min - 1)`` quantile at ``level / tests`` (the F law allows for estimated rung variances).
     A wrong formula whose deviation plateaus fails it (and the limit test); so does a declared order that
     the simulation does not show.

Predictions that depend on the size (a finite-``n`` deterministic equivalent) are handled by naming the
size argument (``size_argument="n"``): the fit is then of ``mean(n) / p(n)`` and the limit is 1.

The sample returned by :meth:`rmtcheck.Asymptotic.simulate` is plain numpy (:class:`LadderSample`: sizes, means,
standard errors, replicate counts) and the fit details (sizes, replicates, ``gamma``, limit ± interval,
chi-square) are written into the comparisons' labels, so the existing report shows them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy import stats

from rmtcheck.check import Check
from rmtcheck.claim import Claim, Predictor, Variant
from rmtcheck.experiment import Comparison

if TYPE_CHECKING:
    import torch

    from rmtcheck.profiles import Profile

__all__ = [
    "DEFAULT_LADDERS",
    "Asymptotic",
    "Fit",
    "Ladder",
    "LadderSample",
    "Point",
    "asymptotic_check",
    "fit_limit",
    "limit_z",
]

FloatArray = NDArray[np.float64]
#: ``statistic(gen, n=..., **params) -> float``: one replicate at size ``n``.
Statistic = Callable[..., Any]
#: ``batch(gen, n=..., count=..., **params) -> array of count replicates``.
Batch = Callable[..., Any]

#: Family-wise false-alarm level per claim and the number of comparisons it is shared over.
LEVEL = 1e-3
TESTS = 50
#: Exponent grid of the estimated-order fit.
GAMMA_GRID = (0.25, 2.0)


@dataclass(frozen=True)
class Ladder:
    """Sizes ``smallest * factor**k`` (``k < rungs``) and the replicate policy at each.

    Attributes:
        smallest: The first size ``n_0`` (>= 2).
        factor: Growth factor between rungs (> 1).
        rungs: Number of sizes (>= 3: two for the first-order fit and one for its check).
        target: Wanted relative half-width of the limit's interval (the resolution aimed at); sets the
            standard-error target of each rung's mean.
        min_replicates: Replicates drawn at every rung before the target is looked at (>= 16).
        max_replicates: The cost budget: replicates at most, per rung.
        batch: Replicates per draw (batched statistics get ``count = batch``).
    """

    smallest: int
    factor: float = 2.0
    rungs: int = 4
    target: float = 0.01
    min_replicates: int = 128
    max_replicates: int = 4096
    batch: int = 64

    def __post_init__(self) -> None:
        for name, low in (("smallest", 2), ("rungs", 3), ("min_replicates", 16), ("batch", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
        if isinstance(self.max_replicates, bool) or not isinstance(self.max_replicates, int) \
                or self.max_replicates < self.min_replicates:
            raise ValueError(f"max_replicates must be an integer >= min_replicates ({self.min_replicates}); "
                             f"got {self.max_replicates!r}")
        if not (isinstance(self.factor, (int, float)) and math.isfinite(self.factor) and self.factor > 1.0):
            raise ValueError(f"factor must be a finite number > 1; got {self.factor!r}")
        if not (isinstance(self.target, (int, float)) and 0.0 < self.target < 1.0):
            raise ValueError(f"target must lie in (0, 1); got {self.target!r}")

    @property
    def sizes(self) -> tuple[int, ...]:
        """The ladder's sizes, increasing and distinct."""
        sizes = tuple(round(self.smallest * self.factor**k) for k in range(self.rungs))
        if len(set(sizes)) != len(sizes):
            raise ValueError(f"ladder sizes repeat ({sizes}): raise smallest or factor")
        return sizes

    def describe(self) -> str:
        return f"n = {', '.join(map(str, self.sizes))}"


#: Default ladders per profile (``ci``: 40..320; ``verify``: 50..800; CUDA: 100..1600).
DEFAULT_LADDERS: Mapping[str, Ladder] = {
    "ci": Ladder(40, 2.0, 4, target=0.01),
    "verify": Ladder(50, 2.0, 5, target=0.006),
    "verify-cuda": Ladder(100, 2.0, 5, target=0.004, max_replicates=16384, batch=256),
}


@dataclass(frozen=True)
class Point:
    """One drawn example: the formula's parameters and the ladder it is simulated on."""

    values: Mapping[str, Any]
    ladder: Ladder

    def as_dict(self) -> dict[str, Any]:
        return {**dict(self.values), "sizes": self.ladder.describe()}


@dataclass(frozen=True)
class LadderSample:
    """Per rung: size, mean of the statistic, its standard error and the number of replicates."""

    sizes: FloatArray
    means: FloatArray
    errors: FloatArray
    counts: NDArray[np.int64]

    def as_dict(self) -> dict[str, list[float]]:
        return {"sizes": self.sizes.tolist(), "means": self.means.tolist(), "errors": self.errors.tolist(),
                "counts": [int(c) for c in self.counts]}


@dataclass(frozen=True)
class Fit:
    """The extrapolation ``y(n) = a + b x + c x^2``, ``x = (n_0/n)^gamma``, and its checks.

    ``se_a`` includes the prior variance of the second-order term; ``dof`` is the Welch–Satterthwaite
    degrees of freedom of ``se_a``; ``chi2`` the goodness of fit on ``rungs - 2`` degrees of freedom
    (``rungs - 3`` with an estimated ``gamma``); ``low``/``high`` the limit's interval at the test's level.
    """

    a: float
    se_a: float
    b: float
    c: float
    tau: float
    gamma: float
    chi2: float
    dof: float
    low: float
    high: float


def limit_z(level: float = LEVEL, tests: int = TESTS, dof: float = math.inf) -> float:
    """The two-sided critical value at ``level / tests`` (Student t on ``dof`` degrees of freedom)."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must lie in (0, 1); got {level!r}")
    if isinstance(tests, bool) or not isinstance(tests, int) or tests < 1:
        raise ValueError(f"tests must be an integer >= 1; got {tests!r}")
    alpha = level / tests
    return float(stats.norm.isf(alpha / 2)) if not math.isfinite(dof) else float(stats.t.isf(alpha / 2, dof))


def _solve(x: FloatArray, y: FloatArray, w: FloatArray, tau: float | None,
           fixed: float | None = None) -> tuple[FloatArray, FloatArray, float]:
    """Weighted least squares of ``y`` on ``[1, x, x^2]`` (``[x, x^2]`` with the intercept ``fixed``),
    ``x^2`` dropped when ``tau`` is None, else with the Gaussian prior ``N(0, tau^2)`` on its coefficient.
    Returns the coefficients (intercept first, ``fixed`` in its place), their covariance and the chi-square
    (including the prior's term)."""
    columns = [np.ones_like(x), x] if fixed is None else [x]
    if tau is not None:
        columns.append(x * x)
    design = np.column_stack(columns)
    target = y if fixed is None else y - fixed
    normal = design.T @ (w[:, None] * design)
    if tau is not None:
        normal[-1, -1] += 1.0 / tau**2
    covariance: FloatArray = np.linalg.inv(normal).astype(np.float64)
    coef = covariance @ (design.T @ (w * target))
    residual = target - design @ coef
    chi2 = float(residual @ (w * residual)) + (float(coef[-1]) ** 2 / tau**2 if tau is not None else 0.0)
    if fixed is not None:
        coef = np.concatenate([[fixed], coef])
        full = np.zeros((coef.size, coef.size))
        full[1:, 1:] = covariance
        covariance = full
    if tau is None:
        coef = np.concatenate([coef, [0.0]])
        full = np.zeros((coef.size, coef.size))
        full[:-1, :-1] = covariance
        covariance = full
    return coef, covariance, chi2


def _satterthwaite(x: FloatArray, w: FloatArray, counts: NDArray[np.int64], covariance: FloatArray) -> float:
    """Degrees of freedom of ``se_a`` when each rung's variance is estimated from ``counts - 1`` dof."""
    design = np.column_stack([np.ones_like(x), x, x * x])
    weights = (covariance @ design.T * w)[0]  # a = sum_k weights_k y_k (+ prior term)
    parts = weights**2 / w
    denominator = float(np.sum(parts**2 / (counts - 1.0)))
    return float(np.sum(parts)) ** 2 / denominator if denominator > 0 else math.inf


def fit_limit(sizes: FloatArray, means: FloatArray, errors: FloatArray, counts: NDArray[np.int64], *,
              gamma: float | None, kappa: float = 1.0, level: float = LEVEL, tests: int = TESTS) -> Fit:
    """Extrapolate ``means`` (standard errors ``errors``) at ``sizes`` to ``n -> inf`` (see the module doc).

    ``gamma``: the declared order (> 0), or ``None`` to estimate it on ``[0.25, 2]`` (then no second-order
    term; at least 4 rungs). ``kappa``: the prior bound of the second-order coefficient relative to the
    first-order one at the smallest size (0 drops the term)."""
    sizes, means, errors = (np.asarray(v, dtype=np.float64) for v in (sizes, means, errors))
    if not (sizes.ndim == 1 and sizes.size >= 3 and means.shape == sizes.shape == errors.shape):
        raise ValueError(f"sizes, means and errors must be 1-d of equal length >= 3; got {sizes.shape}, "
                         f"{means.shape}, {errors.shape}")
    if not np.all(errors > 0) or not np.all(np.isfinite(means)):
        raise ValueError("errors must be > 0 and means finite at every rung")
    if not kappa >= 0.0:
        raise ValueError(f"kappa must be >= 0; got {kappa!r}")
    w = 1.0 / errors**2
    if gamma is None:
        return _fit_free_order(sizes, means, w, counts, level, tests)
    if not gamma > 0.0:
        raise ValueError(f"gamma must be > 0 or None; got {gamma!r}")
    x = (sizes.min() / sizes) ** gamma
    first, cov1, _ = _solve(x, means, w, None)
    tau = kappa * (abs(float(first[1])) + 2.0 * math.sqrt(float(cov1[1, 1]))) if kappa > 0 else None
    coef, covariance, chi2 = _solve(x, means, w, tau)
    se = math.sqrt(float(covariance[0, 0]))
    dof = _satterthwaite(x, w, counts, covariance)
    half = limit_z(level, tests, dof) * se
    return Fit(float(coef[0]), se, float(coef[1]), float(coef[2]), tau or 0.0, gamma, chi2, dof,
               float(coef[0]) - half, float(coef[0]) + half)


def _grid() -> FloatArray:
    return np.linspace(GAMMA_GRID[0], GAMMA_GRID[1], 36)


def _fit_free_order(sizes: FloatArray, means: FloatArray, w: FloatArray, counts: NDArray[np.int64],
                    level: float, tests: int) -> Fit:
    if sizes.size < 4:
        raise ValueError(f"an estimated order needs at least 4 rungs; got {sizes.size}")
    fits = []
    for g in _grid():
        x = (sizes.min() / sizes) ** g
        coef, covariance, chi2 = _solve(x, means, w, None)
        fits.append((chi2, float(g), coef, covariance, _satterthwaite(x, w, counts, covariance)))
    best = min(fits, key=lambda f: f[0])
    z = limit_z(level, tests, min(f[4] for f in fits))
    allowed = [f for f in fits if f[0] <= best[0] + z * z]
    low = min(float(f[2][0]) - z * math.sqrt(float(f[3][0, 0])) for f in allowed)
    high = max(float(f[2][0]) + z * math.sqrt(float(f[3][0, 0])) for f in allowed)
    return Fit(0.5 * (low + high), (high - low) / (2 * z), float(best[2][1]), 0.0, 0.0, best[1], best[0],
               min(f[4] for f in fits), low, high)


def _as_array(value: Any, where: str) -> FloatArray:
    import torch

    if isinstance(value, torch.Tensor):
        value = value.detach().to("cpu", torch.float64).numpy()
    out = np.asarray(value, dtype=np.float64).reshape(-1)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{where} returned a non-finite value")
    return out


@dataclass(frozen=True)
class Asymptotic:
    """An :class:`rmtcheck.Experiment` that verifies a limit by extrapolating a ladder of sizes.

    Attributes:
        claim_id: The claim it verifies.
        statistic: ``statistic(gen, n=n, **params) -> float``: one replicate (or use ``batch``).
        batch: ``batch(gen, n=n, count=count, **params) -> array``: ``count`` replicates at once.
        order: The declared order ``gamma`` of the leading finite-size correction, or ``None`` (estimated).
        kappa: Prior bound of the second-order term relative to the first at the smallest size.
        level: Family-wise false-alarm level per claim; ``tests``: comparisons it is shared over.
        size_argument: Name under which the size is passed to ``predict`` when the prediction depends on
            it (a finite-``n`` deterministic equivalent); ``None``: ``predict(**params)`` is the limit.
        scale: Denominator of the resolution where the prediction can be 0 (``None``: ``|predicted|``).
        name: The statistic's name in the report.
        cost_power: The cost of one replicate grows like ``n^cost_power`` (3: a dense eigendecomposition);
            used to allocate replicates, never measured (a run stays a function of its seed).
    """

    claim_id: str
    statistic: Statistic | None = None
    batch: Batch | None = None
    order: float | None = 1.0
    kappa: float = 1.0
    level: float = LEVEL
    tests: int = TESTS
    size_argument: str | None = None
    scale: float | None = None
    name: str = "statistic"
    cost_power: float = 3.0

    def __post_init__(self) -> None:
        if (self.statistic is None) == (self.batch is None):
            raise ValueError("give exactly one of statistic (one replicate) and batch (count replicates)")
        if self.order is not None and not (isinstance(self.order, (int, float)) and self.order > 0):
            raise ValueError(f"order must be a number > 0 or None; got {self.order!r}")
        limit_z(self.level, self.tests)

    # -- simulation -----------------------------------------------------------------------------------
    def _draw(self, gen: torch.Generator, n: int, count: int, values: Mapping[str, Any]) -> FloatArray:
        if self.batch is not None:
            out = _as_array(self.batch(gen, n=n, count=count, **values), f"batch at n = {n}")
            if out.size != count:
                raise ValueError(f"batch at n = {n} returned {out.size} values; count was {count}")
            return out
        assert self.statistic is not None
        return np.array([_as_array(self.statistic(gen, n=n, **values), f"statistic at n = {n}")[0]
                         for _ in range(count)])

    def allocate(self, ladder: Ladder, sds: FloatArray, scale: float) -> NDArray[np.int64]:
        """Replicates per rung that reach the limit's target half-width ``ladder.target * scale`` at least
        cost: ``R_k`` proportional to ``|w_k| sd_k / sqrt(t_k)`` (``w_k`` the rung's weight in the extrapolated
        limit, ``t_k = n_k^cost_power`` the cost of one replicate; Neyman allocation), clipped to
        ``[min_replicates, max_replicates]``; a fixed point of three passes (the weights depend on ``R``)."""
        sizes = np.asarray(ladder.sizes, dtype=np.float64)
        x = (sizes.min() / sizes) ** (self.order if self.order is not None else 1.0)
        design = np.column_stack([np.ones_like(x), x])
        cost = (sizes / sizes.min()) ** self.cost_power
        wanted = (ladder.target * scale / limit_z(self.level, self.tests)) ** 2
        counts = np.full(sizes.size, float(ladder.min_replicates))
        for _ in range(3):
            w = counts / sds**2
            weights = np.abs((np.linalg.inv(design.T @ (w[:, None] * design)) @ design.T * w)[0])
            spend = weights * sds / np.sqrt(cost)
            counts = np.clip(spend * float(np.sum(weights * sds * np.sqrt(cost))) / wanted,
                             ladder.min_replicates, ladder.max_replicates)
        out: NDArray[np.int64] = np.ceil(counts).astype(np.int64)
        return out

    def simulate(self, params: Point, gen: torch.Generator) -> LadderSample:
        """A pilot of ``min_replicates`` at every rung of ``params.ladder``, then the replicates of
        :meth:`allocate` (drawn in batches of ``ladder.batch``)."""
        ladder = params.ladder
        pilots = [self._draw(gen, n, ladder.min_replicates, params.values) for n in ladder.sizes]
        sds = np.array([max(float(v.std(ddof=1)), 1e-300) for v in pilots])
        scale = self.scale if self.scale is not None else abs(float(pilots[-1].mean()))
        goal = self.allocate(ladder, sds, max(scale, 1e-300))
        means, errors, counts = [], [], []
        for n, values, wanted in zip(ladder.sizes, pilots, goal, strict=True):
            parts = [values]
            drawn = values.size
            while drawn < wanted:
                step = int(min(ladder.batch, wanted - drawn))
                parts.append(self._draw(gen, n, step, params.values))
                drawn += step
            allv = np.concatenate(parts)
            means.append(float(allv.mean()))
            errors.append(max(float(allv.std(ddof=1)), 1e-300) / math.sqrt(allv.size))
            counts.append(allv.size)
        return LadderSample(np.asarray(ladder.sizes, dtype=np.float64), np.asarray(means), np.asarray(errors),
                            np.asarray(counts, dtype=np.int64))

    # -- comparison -----------------------------------------------------------------------------------
    def predictions(self, sample: LadderSample, params: Point, predict: Predictor) -> FloatArray:
        """``p(n_k)`` per rung (a constant unless ``size_argument`` is set)."""
        if self.size_argument is None:
            value = float(predict(**params.values))
            return np.full(sample.sizes.size, value)
        return np.array([float(predict(**params.values, **{self.size_argument: int(n)})) for n in sample.sizes])

    def fit(self, sample: LadderSample, params: Point, predict: Predictor) -> tuple[Fit, float, float]:
        """The fit, the reference prediction ``p`` and the units factor (``p`` in ratio mode, else 1)."""
        predicted = self.predictions(sample, params, predict)
        if self.size_argument is None:
            return fit_limit(sample.sizes, sample.means, sample.errors, sample.counts, gamma=self.order,
                             kappa=self.kappa, level=self.level, tests=self.tests), float(predicted[0]), 1.0
        if not np.all(predicted != 0):
            raise ValueError("a size-dependent prediction must be non-zero at every rung")
        ratio = fit_limit(sample.sizes, sample.means / predicted, sample.errors / np.abs(predicted), sample.counts,
                          gamma=self.order, kappa=self.kappa, level=self.level, tests=self.tests)
        return ratio, float(predicted[-1]), float(predicted[-1])

    def order_chi2(self, sample: LadderSample, params: Point, predict: Predictor, fit: Fit) -> tuple[float, float]:
        """Chi-square of the fit with the limit fixed at the prediction, and its critical value."""
        predicted = self.predictions(sample, params, predict)
        if self.size_argument is None:
            y, e, limit = sample.means, sample.errors, float(predicted[0])
        else:
            y, e, limit = sample.means / predicted, sample.errors / np.abs(predicted), 1.0
        w = 1.0 / e**2
        rungs = sample.sizes.size
        alpha = self.level / self.tests
        dof_data = float(sample.counts.min()) - 1.0
        if self.order is None:
            x_of = [(sample.sizes.min() / sample.sizes) ** g for g in _grid()]
            chi2 = min(_solve(x, y, w, None, fixed=limit)[2] for x in x_of)
            k = rungs - 2
        else:
            x = (sample.sizes.min() / sample.sizes) ** self.order
            chi2 = _solve(x, y, w, fit.tau if self.kappa > 0 else None, fixed=limit)[2]
            k = rungs - 1
        return chi2, float(k * stats.f.isf(alpha, k, dof_data))

    def compare(self, sample: LadderSample, params: Point, predict: Predictor) -> tuple[Comparison, ...]:
        fit, reference, units = self.fit(sample, params, predict)
        ratio_mode = self.size_argument is not None
        measured = fit.a * units if ratio_mode else fit.a
        tolerance = 0.5 * (fit.high - fit.low) * (abs(units) if ratio_mode else 1.0)
        order = "gamma fitted" if self.order is None else "gamma declared"
        rungs = ", ".join(f"{int(n)}:{int(c)}" for n, c in zip(sample.sizes, sample.counts, strict=True))
        detail = (f"{order} {fit.gamma:.3g}; n:replicates {rungs}; b {fit.b:.3g}, c {fit.c:.3g} "
                  f"(prior sd {fit.tau:.3g}); chi2 {fit.chi2:.3g} on {sample.sizes.size - 2} dof")
        where = f"p(n = {int(sample.sizes[-1])}) x limit of mean/p(n)" if ratio_mode else "limit n -> inf"
        limit = Comparison(f"{where} of mean {self.name} [{detail}]", measured, reference, tolerance,
                           scale=self.scale)
        chi2, critical = self.order_chi2(sample, params, predict, fit)
        order_check = Comparison(
            f"deviation from the prediction decays as n^-{fit.gamma:.3g} (chi2 with the limit fixed at the "
            f"prediction, critical value {critical:.3g})", chi2, 0.0, critical, min_effect=limit.resolution)
        return limit, order_check


def _variants(variants: Mapping[str, Predictor] | Sequence[Variant], near_misses: Collection[str]
              ) -> tuple[Variant, ...]:
    if isinstance(variants, Mapping):
        return tuple(Variant(name, getattr(f, "__doc__", None) or name, f, near_miss=name in near_misses)
                     for name, f in variants.items())
    return tuple(variants)


def asymptotic_check(
    *,
    claim_id: str,
    statement: str,
    formula: str,
    citation: str,
    predict: Predictor,
    variants: Mapping[str, Predictor] | Sequence[Variant],
    params: Mapping[str, st.SearchStrategy[Any]],
    statistic: Statistic | None = None,
    batch: Batch | None = None,
    order: float | None = 1.0,
    near_misses: Collection[str] = (),
    source: str = "",
    assumptions: Sequence[str] = (),
    regime: str = "",
    bibtex: str = "",
    ladders: Ladder | Mapping[str, Ladder] = DEFAULT_LADDERS,
    resolution_target: float | None = None,
    examples: float = 0.4,
    size_argument: str | None = None,
    name: str = "statistic",
    cost_power: float = 3.0,
) -> Check[Point]:
    """A :class:`rmtcheck.Check` for the limit ``predict(**params)`` of a simulated statistic.

    ``params`` maps each argument of ``predict`` (and of the statistic) to a Hypothesis strategy;
    ``ladders`` is one :class:`Ladder` or one per profile name (``"ci"``, ``"verify"``, ``"verify-cuda"``).
    ``variants``: :class:`rmtcheck.Variant` records, or a mapping name -> prediction (the names in
    ``near_misses`` are marked near-miss). See :class:`Asymptotic` for the rest."""
    experiment = Asymptotic(claim_id, statistic=statistic, batch=batch, order=order,
                            size_argument=size_argument, name=name, cost_power=cost_power)
    claim = Claim(
        id=claim_id, statement=statement, formula=formula, citation=citation,
        source=source or "(given by the plugin)", assumptions=tuple(assumptions),
        regime=regime or "n -> inf along a geometric ladder of sizes (automatic finite-size analysis)",
        predict=predict, variants=_variants(variants, near_misses), resolution_target=resolution_target,
        resolution_basis=("automatic: z SE of the extrapolated limit (rmtcheck.asymptotic)"
                          if resolution_target else ""),
    )
    strategy = st.fixed_dictionaries(dict(params))

    def draws(profile: Profile) -> st.SearchStrategy[Point]:
        ladder = ladders if isinstance(ladders, Ladder) else profile.pick(ladders)
        return strategy.map(lambda values: Point(values, ladder))

    return Check(claim, experiment, draws, examples=examples, bibtex=bibtex)
