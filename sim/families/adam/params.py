"""Parameter records of the one-step and multi-step FB-Adam / GD experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sim.params import check_size


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
            check_size(name, getattr(self, name))
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
            check_size(name, getattr(self, name))
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
            check_size(name, getattr(self, name))
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        if len(self.factors) < 2 or not all(f > 0 for f in self.factors):
            raise ValueError(f"factors must hold at least two numbers > 0; got {self.factors!r}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
