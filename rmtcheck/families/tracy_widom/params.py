"""Parameter records of the Tracy–Widom experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size


@dataclass(frozen=True, kw_only=True)
class WishartParams:
    """``replicates`` real Wishart draws ``X^T X``, ``X`` n x p with N(0, 1) entries."""

    n: int
    p: int
    replicates: int

    def __post_init__(self) -> None:
        check_size("n", self.n)
        check_size("p", self.p)
        check_size("replicates", self.replicates)
        if self.n < 2:
            raise ValueError(f"n must be >= 2; got {self.n!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
