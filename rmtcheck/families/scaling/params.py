"""Parameter records of the scaling-law experiments (frozen, validated, with ``as_dict``)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from theory._validate import FloatArray
from theory.scaling import ridge_risk_exponent

Spectrum = Literal["power", "two_level"]


def _positive_int(name: str, value: int, low: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")


def _positive(name: str, value: float, low: float = 0.0) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low < value < float("inf"):
        raise ValueError(f"{name} must be a finite number > {low}; got {value!r}")


@dataclass(frozen=True)
class GDParams:
    """GD on ``(1/2) sum_k lambda_k (w_k - w*_k)^2`` over ``K`` coordinates, ``lambda_k = Lambda k^{-nu}``,
    ``lambda_k c_k^2 = C k^{-kappa-1}``, step ``eta``; the loss is recorded at ``times`` (log-spaced
    integers in ``[t0, t_max]``); the fit window is the last ``fit_points`` of them."""

    nu: float
    kappa: float
    eta: float
    K: int
    t0: int
    t_max: int
    points: int = 16
    fit_points: int = 8
    Lambda: float = 1.0
    C: float = 1.0

    def __post_init__(self) -> None:
        _positive("nu", self.nu, 1.0)
        _positive("kappa", self.kappa)
        _positive("eta", self.eta)
        _positive("Lambda", self.Lambda)
        _positive("C", self.C)
        if not self.eta * self.Lambda < 2.0:
            raise ValueError(f"eta * Lambda must be < 2; got {self.eta * self.Lambda!r}")
        _positive_int("K", self.K, 2)
        _positive_int("t0", self.t0)
        _positive_int("t_max", self.t_max, self.t0 + 1)
        _positive_int("points", self.points, 3)
        _positive_int("fit_points", self.fit_points, 3)
        if self.fit_points > self.points:
            raise ValueError(f"fit_points must be <= points; got {self.fit_points} > {self.points}")

    @property
    def times(self) -> FloatArray:
        grid = np.unique(np.round(np.geomspace(self.t0, self.t_max, self.points)))
        return np.asarray(grid, dtype=np.float64)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "a": self.kappa / self.nu}


@dataclass(frozen=True)
class RidgeParams:
    """Ridge regression, ``x ~ N(0, diag(eigs))``, ``y = <beta, x> + sigma eps``, ``n`` samples.

    ``spectrum="power"``: ``lambda_i = i^{-alpha}``, ``lambda_i beta_i^2 = i^{-1-2 alpha r}`` (normalised to
    signal power 1); ``"two_level"``: a fraction ``frac`` of the eigenvalues at ``high``, the rest at
    ``1``, ``beta_i^2 = 1/p`` in the eigenbasis. Risk averaged over ``replicates`` designs."""

    spectrum: Spectrum
    p: int
    n: int
    lam: float
    sigma2: float
    replicates: int
    alpha: float = 1.5
    r: float = 0.5
    high: float = 4.0
    frac: float = 0.2

    def __post_init__(self) -> None:
        if self.spectrum not in ("power", "two_level"):
            raise ValueError(f"spectrum must be 'power' or 'two_level'; got {self.spectrum!r}")
        _positive_int("p", self.p)
        _positive_int("n", self.n)
        _positive_int("replicates", self.replicates, 2)
        if isinstance(self.lam, bool) or not (0.0 <= self.lam < float("inf")):
            raise ValueError(f"lam must be a finite number >= 0; got {self.lam!r}")
        if self.lam == 0.0 and self.p == self.n:
            raise ValueError("lam = 0 needs p != n")
        _positive("sigma2", self.sigma2)
        _positive("alpha", self.alpha, 1.0)
        _positive("r", self.r)
        _positive("high", self.high)
        if not 0.0 < self.frac < 1.0:
            raise ValueError(f"frac must lie in (0, 1); got {self.frac!r}")

    def population(self) -> tuple[FloatArray, FloatArray]:
        """``(eigs, beta2)``: the covariance eigenvalues and squared coefficients of ``beta``."""
        i = np.arange(1, self.p + 1, dtype=np.float64)
        if self.spectrum == "power":
            eigs = i**-self.alpha
            signal = i ** (-1.0 - 2.0 * self.alpha * self.r)
            return eigs, signal / eigs / float(np.sum(signal))
        top = max(1, round(self.frac * self.p))
        eigs = np.where(i <= top, self.high, 1.0)
        return eigs, np.full(self.p, 1.0 / self.p)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PeakParams:
    """Isotropic ridgeless regression on both sides of the peak: ``p = n - gap`` and ``p = n + gap``,
    ``|beta|^2 = 1`` (a fixed random direction per replicate), noise ``sigma2``."""

    n: int
    gap: int
    sigma2: float
    replicates: int

    def __post_init__(self) -> None:
        _positive_int("n", self.n)
        _positive_int("gap", self.gap, 4)
        if self.gap >= self.n:
            raise ValueError(f"gap must be < n; got gap = {self.gap}, n = {self.n}")
        _positive("sigma2", self.sigma2)
        _positive_int("replicates", self.replicates, 2)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ExponentParams:
    """Learning curves of ridge with ``lam = lam0 n^{-ell}`` on the power-law model (``alpha``, ``r``,
    noise ``sigma2``), ``p`` features, at the sample sizes ``ns`` with ``replicates`` designs each: one
    schedule ``ell`` in the bias-dominated phase and one ``ell_variance`` in the variance-dominated
    phase (its constant ``lam0_variance``)."""

    alpha: float
    r: float
    ell: float
    ell_variance: float
    lam0: float
    lam0_variance: float
    sigma2: float
    p: int
    ns: tuple[int, ...]
    replicates: int

    def __post_init__(self) -> None:
        _positive("alpha", self.alpha, 1.0)
        _positive("r", self.r)
        _positive("ell", self.ell)
        _positive("ell_variance", self.ell_variance)
        _positive("lam0", self.lam0)
        _positive("lam0_variance", self.lam0_variance)
        _positive("sigma2", self.sigma2)
        _positive_int("p", self.p)
        _positive_int("replicates", self.replicates, 2)
        if len(self.ns) < 3 or any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in self.ns):
            raise ValueError(f"ns must hold at least 3 positive integers; got {self.ns!r}")
        if list(self.ns) != sorted(set(self.ns)):
            raise ValueError(f"ns must be strictly increasing; got {self.ns!r}")

    def ridge(self, n: int, ell: float) -> RidgeParams:
        """The ridge problem at ``n`` samples for the schedule ``ell`` (``self.ell`` or ``self.ell_variance``)."""
        lam0 = self.lam0 if ell == self.ell else self.lam0_variance
        return RidgeParams("power", self.p, n, lam0 * n**-ell, self.sigma2, self.replicates,
                           alpha=self.alpha, r=self.r)

    def claimed_exponent(self, ell: float) -> float:
        """The claim's asymptotic exponent for the schedule ``ell`` (``theory.scaling.ridge_risk_exponent``)."""
        return ridge_risk_exponent(self.alpha, self.r, ell).exponent

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LearnedParams:
    """GD on Gaussian linear regression (the learned version of ``GDParams``): ``p = ratio n`` features with
    covariance eigenvalues ``Lambda k^{-nu}``, ``lambda_k beta_k^2 = C k^{-a nu - 1}`` (``kappa = a nu``),
    label noise ``sigma2``, step ``eta = eta_frac / s_plus`` (``s_plus`` the upper edge of the deterministic-
    equivalent spectrum of ``S``), ``replicates`` designs; the risk is recorded on ``per_decade`` log-spaced
    times per decade from ``t = 1`` to ``span / (eta s_minus)`` and at ``t = inf``."""

    n: int
    ratio: int
    nu: float
    a: float
    sigma2: float
    eta_frac: float
    replicates: int
    per_decade: int = 24
    span: float = 100.0
    Lambda: float = 1.0
    C: float = 1.0

    def __post_init__(self) -> None:
        _positive_int("n", self.n, 2)
        _positive_int("ratio", self.ratio, 2)
        _positive("nu", self.nu, 1.0)
        _positive("a", self.a)
        if isinstance(self.sigma2, bool) or not 0.0 <= self.sigma2 < float("inf"):
            raise ValueError(f"sigma2 must be a finite number >= 0; got {self.sigma2!r}")
        if isinstance(self.eta_frac, bool) or not 0.0 < self.eta_frac < 1.0:
            raise ValueError(f"eta_frac must lie in (0, 1); got {self.eta_frac!r}")
        _positive_int("replicates", self.replicates, 2)
        _positive_int("per_decade", self.per_decade, 4)
        _positive("span", self.span, 1.0)
        _positive("Lambda", self.Lambda)
        _positive("C", self.C)

    @property
    def p(self) -> int:
        return self.ratio * self.n

    def population(self) -> tuple[FloatArray, FloatArray]:
        """``(eigs, beta2)`` of the covariance and the target in its eigenbasis."""
        k = np.arange(1, self.p + 1, dtype=np.float64)
        eigs = self.Lambda * k**-self.nu
        return eigs, self.C * k ** (-self.a * self.nu - 1.0) / eigs

    def edges(self) -> tuple[float, float]:
        from theory.scaling import de_spectrum_edges

        return de_spectrum_edges(self.population()[0], self.n)

    @property
    def eta(self) -> float:
        return self.eta_frac / self.edges()[1]

    @property
    def times(self) -> FloatArray:
        """Finite recording times (``t = inf`` is recorded besides)."""
        s_minus = self.edges()[0]
        decades = math.log10(self.span / (self.eta * s_minus))
        return np.asarray(np.geomspace(1.0, 10.0**decades, math.ceil(decades * self.per_decade) + 1))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "p": self.p, "eta": self.eta}
