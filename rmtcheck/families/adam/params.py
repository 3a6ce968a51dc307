"""Parameter records of the one-step and multi-step FB-Adam / GD experiments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rmtcheck.params import check_size


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


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

@dataclass(frozen=True)
class AlignmentParams:
    """One step of ``optimizer`` at the rungs ``ALIGNMENT_RUNGS`` (1.5 and 3) times the corrected spike
    threshold, on ``replicates`` independent draws of teacher, data and student."""

    n: int
    h: int
    d: int
    replicates: int
    optimizer: str = "adam"
    noise_std: float = 0.3

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "replicates"):
            check_size(name, getattr(self, name))
        if self.replicates < 2:
            raise ValueError(f"replicates must be >= 2; got {self.replicates!r}")
        if self.optimizer not in ("adam", "gd"):
            raise ValueError(f"optimizer must be 'adam' or 'gd'; got {self.optimizer!r}")
        if not self.noise_std >= 0.0:
            raise ValueError(f"noise_std must be >= 0; got {self.noise_std!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n/d": self.n / self.d, "h/d": self.h / self.d}


@dataclass(frozen=True)
class OverlapParams:
    """One FB-Adam step at ``eta_factor`` (above) and ``below_factor`` (below) times the corrected threshold;
    the ``k x k`` left overlap matrix of ``W1`` and the update (source document 002, appendix C)."""

    n: int
    h: int
    d: int
    replicates: int
    k: int = 10
    eta_factor: float = 2.0
    below_factor: float = 0.4
    noise_std: float = 0.3

    def __post_init__(self) -> None:
        for name in ("n", "h", "d", "replicates", "k"):
            check_size(name, getattr(self, name))
        if self.replicates < 2:
            raise ValueError(f"replicates must be >= 2; got {self.replicates!r}")
        if self.k > min(self.h, self.d):
            raise ValueError(f"k must be <= min(h, d) = {min(self.h, self.d)}; got {self.k!r}")
        if not self.eta_factor > 1.0:
            raise ValueError(f"eta_factor must be > 1 (above the threshold); got {self.eta_factor!r}")
        if not 0.0 < self.below_factor < 1.0:
            raise ValueError(f"below_factor must lie in (0, 1); got {self.below_factor!r}")
        if not self.noise_std >= 0.0:
            raise ValueError(f"noise_std must be >= 0; got {self.noise_std!r}")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n/d": self.n / self.d, "h/d": self.h / self.d}


TREND_KINDS = ("test_loss", "weight_norm", "steplr")


@dataclass(frozen=True)
class TrainingTrendParams:
    """FB-Adam, ``steps`` full-batch steps at ``(n, h, d) = (2d, 1.5d, d)`` (the main configuration scaled),
    ``seeds`` seeds per grid point. ``kind``: ``test_loss`` (test loss against log eta over ``grid`` times the
    corrected threshold), ``weight_norm`` (PL_Alpha_Hill with minus without weight normalisation, paired by
    seed, against log eta over ``grid``), ``steplr`` (PL_Alpha_Hill at ``factor`` times the threshold against
    the StepLR decay ``gamma`` over ``grid``)."""

    d: int
    kind: str
    grid: tuple[float, ...]
    seeds: int
    factor: float = 8.0
    steps: int = 10

    def __post_init__(self) -> None:
        for name in ("d", "seeds", "steps"):
            check_size(name, getattr(self, name))
        if self.kind not in TREND_KINDS:
            raise ValueError(f"kind must be one of {TREND_KINDS}; got {self.kind!r}")
        if len(self.grid) < 2 or not all(g > 0 for g in self.grid):
            raise ValueError(f"grid must hold at least two numbers > 0; got {self.grid!r}")
        if self.kind == "steplr" and not all(g <= 1.0 for g in self.grid):
            raise ValueError(f"StepLR decays must lie in (0, 1]; got {self.grid!r}")
        if not self.factor > 0.0:
            raise ValueError(f"factor must be > 0; got {self.factor!r}")

    @property
    def n(self) -> int:
        return 2 * self.d

    @property
    def h(self) -> int:
        return 3 * self.d // 2

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "n": self.n, "h": self.h}
