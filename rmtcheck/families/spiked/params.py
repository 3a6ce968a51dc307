"""Parameter records of the spiked-model experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size, check_strengths
from sim.ensembles import ENTRY_LAWS, EntryLaw


@dataclass(frozen=True, kw_only=True)
class SpikedParams:
    """Spiked sample covariance: ``p x n`` noise of ``law``, spike strengths ``ells``
    (multiplicative: ``Sigma = I + sum ell_j u_j u_j^T``; additive: one ``ell``), ``c = p / n``."""

    p: int
    n: int
    ells: tuple[float, ...]
    law: EntryLaw = "gaussian"
    replicates: int = 1

    def __post_init__(self) -> None:
        check_size("p", self.p)
        check_size("n", self.n)
        check_size("replicates", self.replicates)
        check_strengths("ells", self.ells)
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
        check_size("n", self.n)
        check_size("m", self.m)
        check_size("replicates", self.replicates)
        check_strengths("theta", (self.theta,))

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
        check_size("rows", self.rows)
        check_size("cols", self.cols)
        check_size("replicates", self.replicates)
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
