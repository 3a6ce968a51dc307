"""Validation shared by the families' parameter records, and the records several families share.

:class:`SpikedParams` is the spiked sample covariance of the ``spiked`` family, whose additive model
the ``lowrank`` family reuses.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sim.laws import ENTRY_LAWS, EntryLaw


def check_size(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer; got {value!r}")


def check_strengths(name: str, values: tuple[float, ...]) -> None:
    if not values or any(not (isinstance(v, (int, float)) and v >= 0 and v == v and v != float("inf"))
                         for v in values):
        raise ValueError(f"{name} must be a non-empty tuple of finite numbers >= 0; got {values!r}")


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
