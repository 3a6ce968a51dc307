"""Typed parameter records for the experiments."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from sim.ensembles import ENTRY_LAWS, EntryLaw


def _check_size(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")


@dataclass(frozen=True)
class CovarianceParams:
    """``X`` is ``p x n`` with iid entries of variance ``sigma2`` from ``law``; ``S = X X^T / n``."""

    p: int
    n: int
    sigma2: float = 1.0
    law: EntryLaw = "gaussian"
    replicates: int = 1

    def __post_init__(self) -> None:
        _check_size("p", self.p)
        _check_size("n", self.n)
        _check_size("replicates", self.replicates)
        if not self.sigma2 > 0:
            raise ValueError(f"sigma2 must be > 0; got {self.sigma2!r}")
        if self.law not in ENTRY_LAWS:
            raise ValueError(f"law must be one of {ENTRY_LAWS}; got {self.law!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}


@dataclass(frozen=True)
class WishartParams:
    """``replicates`` real Wishart draws ``X^T X``, ``X`` n x p with N(0, 1) entries."""

    n: int
    p: int
    replicates: int

    def __post_init__(self) -> None:
        _check_size("n", self.n)
        _check_size("p", self.p)
        _check_size("replicates", self.replicates)
        if self.n < 2:
            raise ValueError(f"n must be >= 2; got {self.n!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_strengths(name: str, values: tuple[float, ...]) -> None:
    if not values or any(not (isinstance(v, (int, float)) and v >= 0 and v == v and v != float("inf"))
                         for v in values):
        raise ValueError(f"{name} must be a non-empty tuple of finite numbers >= 0; got {values!r}")


@dataclass(frozen=True)
class SpikedParams:
    """Spiked sample covariance: ``p x n`` noise of ``law``, spike strengths ``ells``
    (multiplicative: ``Sigma = I + sum ell_j u_j u_j^T``; additive: one ``ell``), ``c = p / n``."""

    p: int
    n: int
    ells: tuple[float, ...]
    law: EntryLaw = "gaussian"
    replicates: int = 1

    def __post_init__(self) -> None:
        _check_size("p", self.p)
        _check_size("n", self.n)
        _check_size("replicates", self.replicates)
        _check_strengths("ells", self.ells)
        if len(self.ells) > min(self.p, self.n):
            raise ValueError(f"at most min(p, n) spikes; got {len(self.ells)}")
        if self.law not in ENTRY_LAWS:
            raise ValueError(f"law must be one of {ENTRY_LAWS}; got {self.law!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    @property
    def m(self) -> int:
        return min(self.p, self.n)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}


@dataclass(frozen=True)
class RectParams:
    """``Y = G / sqrt(m) + theta a b^T``, ``G`` ``n x m`` iid N(0, 1), ``c = n / m``."""

    n: int
    m: int
    theta: float
    replicates: int = 1

    def __post_init__(self) -> None:
        _check_size("n", self.n)
        _check_size("m", self.m)
        _check_size("replicates", self.replicates)
        _check_strengths("theta", (self.theta,))

    @property
    def c(self) -> float:
        return self.n / self.m

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}


@dataclass(frozen=True)
class ThresholdParams:
    """One threshold estimate for one model (``multiplicative``, ``additive`` or ``rectangular``)
    at sizes ``rows x cols`` (``c = rows / cols``) from ``replicates`` noise draws."""

    model: str
    rows: int
    cols: int
    replicates: int

    def __post_init__(self) -> None:
        _check_size("rows", self.rows)
        _check_size("cols", self.cols)
        _check_size("replicates", self.replicates)
        if self.model not in ("multiplicative", "additive", "rectangular"):
            raise ValueError(f"model must be multiplicative, additive or rectangular; got {self.model!r}")

    @property
    def c(self) -> float:
        return self.rows / self.cols

    @property
    def m(self) -> int:
        return min(self.rows, self.cols)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c}


SampleLaw = Literal["pareto", "pareto_body", "student_t"]
HillRule = Literal["middle", "quarter"]


@dataclass(frozen=True)
class TailSampleParams:
    """``replicates`` iid samples of size ``n`` with density exponent ``alpha`` in the tail.

    ``pareto``: Pareto(alpha) on [1, inf); ``pareto_body``: with probability 1/2 uniform on
    (0.2, 1), else Pareto(alpha); ``student_t``: |T| with ``alpha - 1`` degrees of freedom.
    ``rule`` sets Hill's ``k``: ``middle`` (``n - n // 2``) or ``quarter`` (``n // 4``).
    """

    law: SampleLaw
    alpha: float
    n: int
    replicates: int
    rule: HillRule = "middle"

    def __post_init__(self) -> None:
        _check_size("n", self.n)
        _check_size("replicates", self.replicates)
        if not self.alpha > 1.0:
            raise ValueError(f"alpha must be > 1; got {self.alpha!r}")

    @property
    def k(self) -> int:
        return self.n - self.n // 2 if self.rule == "middle" else self.n // 4

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "k": self.k}


@dataclass(frozen=True)
class HeavyMatrixParams:
    """``replicates`` ``p x n`` matrices with iid entries of tail index ``mu`` (``pareto`` or ``student_t``)."""

    mu: float
    law: str
    p: int
    n: int
    replicates: int

    def __post_init__(self) -> None:
        _check_size("p", self.p)
        _check_size("n", self.n)
        _check_size("replicates", self.replicates)
        if not self.mu > 0.0:
            raise ValueError(f"mu must be > 0; got {self.mu!r}")

    @property
    def c(self) -> float:
        return self.p / self.n

    @property
    def m(self) -> int:
        return min(self.p, self.n)

    @property
    def k(self) -> int:
        """Hill's ``k`` for ESD tails: ``max(10, m // 10)`` top eigenvalues."""
        return max(10, self.m // 10)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "c": self.c, "k": self.k}


@dataclass(frozen=True)
class TrendParams:
    """A trend over ``grid`` (the parameter varied); ``replicates`` estimates per grid point.

    ``mu``-trend: ``p x n`` matrices of ``law``; SGD trend: ``dim`` and ``batch`` with ``p``
    and ``n`` unused (1).
    """

    grid: tuple[float, ...]
    replicates: int
    law: str = "student_t"
    p: int = 1
    n: int = 1
    dim: int = 1
    batch: int = 1

    def __post_init__(self) -> None:
        for name in ("replicates", "p", "n", "dim", "batch"):
            _check_size(name, getattr(self, name))
        if len(self.grid) < 3:
            raise ValueError(f"grid must hold at least 3 values; got {self.grid!r}")

    @property
    def points(self) -> int:
        return len(self.grid) * self.replicates

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KestenParams:
    """Kesten chains (``model='lognormal'``: ``m, s, q``) or 1-d SGD (``model='sgd'``: ``eta, batch``).

    The splitting experiment uses ``chains * runs`` chains; the figure's Hill fits (``kesten_sample``)
    use ``runs`` independent sets of ``chains`` chains and the top ``k`` of each."""

    model: str
    m: float = -0.3
    s: float = 0.5
    q: float = 0.0
    eta: float = 1.0
    batch: int = 2
    chains: int = 1 << 16
    k: int = 1024
    runs: int = 1

    def __post_init__(self) -> None:
        _check_size("chains", self.chains)
        _check_size("runs", self.runs)
        _check_size("k", self.k)
        if self.model not in ("lognormal", "sgd"):
            raise ValueError(f"model must be 'lognormal' or 'sgd'; got {self.model!r}")
        if not 2 <= self.k <= self.chains:
            raise ValueError(f"k must lie in [2, chains]; got {self.k!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RFFParams:
    """RFF regression on ``data`` (``mixture``: two-class Gaussian mixture in dimension ``p`` with
    mean norm ``separation``; ``digits``: scikit-learn's 8 x 8 digits, p = 64), ``n`` training and
    ``n_test`` test points, ``N`` features, ridge ``lam``, ``draws`` independent ``W``.
    ``ratios`` (peak claim only): the grid of ``N / n``; ``labels``: label vectors per draw of ``W``
    (``> 1`` needs ``separation = 0``: the extra ones are independent uniform signs)."""

    data: str
    n: int
    n_test: int
    N: int
    lam: float
    draws: int
    p: int = 64
    separation: float = 0.3
    ratios: tuple[float, ...] = ()
    labels: int = 1

    def __post_init__(self) -> None:
        for name in ("n", "n_test", "N", "draws", "p", "labels"):
            _check_size(name, getattr(self, name))
        if self.data not in ("mixture", "digits"):
            raise ValueError(f"data must be 'mixture' or 'digits'; got {self.data!r}")
        if not self.lam > 0.0:
            raise ValueError(f"lam must be > 0; got {self.lam!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "N/n": self.N / self.n}


@dataclass(frozen=True)
class OneStepParams:
    """One full-batch step of ``optimizer`` from ``replicates`` independent initialisations.

    ``eta``: the learning rate (norm claims); ``eta_factor``: the learning rate as a multiple of
    the predicted spike threshold (location claim); ``rungs``: size of the learning-rate ladder
    (threshold claims)."""

    n: int
    h: int
    d: int
    replicates: int
    optimizer: str = "adam"
    eta: float = 1.0
    eta_factor: float = 1.0
    rungs: int = 0
    noise_std: float = 0.3

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "replicates"):
            _check_size(name, getattr(self, name))
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        for name in ("eta", "eta_factor"):
            if not getattr(self, name) > 0.0:
                raise ValueError(f"{name} must be > 0; got {getattr(self, name)!r}")
        if isinstance(self.rungs, bool) or not isinstance(self.rungs, int) or self.rungs < 0:
            raise ValueError(f"rungs must be an integer >= 0; got {self.rungs!r}")
        if not self.noise_std >= 0.0:
            raise ValueError(f"noise_std must be >= 0; got {self.noise_std!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n/d": self.n / self.d, "h/d": self.h / self.d}


@dataclass(frozen=True)
class RhoTrendParams:
    """``rho`` of the first FB-Adam step at ``n = ratio * d`` for each ratio, ``replicates`` each."""

    h: int
    d: int
    ratios: tuple[float, ...]
    replicates: int

    def __post_init__(self) -> None:
        for name in ("h", "d", "replicates"):
            _check_size(name, getattr(self, name))
        if len(self.ratios) < 2 or not all(r > 0 for r in self.ratios):
            raise ValueError(f"ratios must hold at least two numbers > 0; got {self.ratios!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MultiStepParams:
    """``steps`` full-batch steps of ``optimizer`` at ``factor`` times the one-step spike threshold,
    for each factor and ``seeds`` seeds; PL_Alpha_Hill of ``W^T W`` at the end."""

    n: int
    h: int
    d: int
    optimizer: str
    factors: tuple[float, ...]
    seeds: int
    steps: int = 10

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "seeds", "steps"):
            _check_size(name, getattr(self, name))
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        if len(self.factors) < 2 or not all(f > 0 for f in self.factors):
            raise ValueError(f"factors must hold at least two numbers > 0; got {self.factors!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
