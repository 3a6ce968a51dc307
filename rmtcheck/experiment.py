"""What an experiment returns: comparisons, the outcome of one example, and the claim statuses.

An :class:`Experiment` simulates a quantity for given parameters and a seed, and
compares a prediction function with it, returning :class:`Comparison` records whose
tolerance is an explicit function of the sizes (see :mod:`rmtcheck.tolerances`). The harness
runs the claim's own prediction and every registered wrong variant on the *same*
simulated sample: an :class:`Outcome` passes when the claim agrees, every variant is
rejected, and the check's *resolution* meets the claim's target. A variant that is not
rejected means the check has no power at these sizes.

Resolution (the headline number of every check) is the smallest relative error of the
prediction that the comparison would catch on this very sample: for a point statistic,
``delta = (tolerance + |measured - predicted|) / |predicted|`` — both ``p (1 + delta)`` and
``p (1 - delta)`` fall outside the tolerance. A comparison whose prediction is near zero (a
Kolmogorov distance, whose prediction is 0) declares an absolute ``scale`` instead of
``|predicted|``; a trend comparison states its detectable effect (``min_effect``) directly.
An example's resolution is the worst over its comparisons; a claim's, the worst over its
examples.

The *planned* resolution, ``tolerance / scale``, is what the design gives before the noise is seen
(the tolerance is fixed by the sizes and the standard error a draw will have): a formula off by
more than twice it is rejected whenever the right formula agrees, so it carries the power at the
false-alarm level of the agreement gate. The resolution target is enforced on the planned resolution
(:attr:`Outcome.meets_target`), never on the realised one: the realised resolution is the maximum of
random quantities, and a gate on it with a target set just above one run fails right formulas on
unlucky seeds (docs/error_budget.md). The realised resolution stays the headline number reported.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rmtcheck.claim import Predictor

if TYPE_CHECKING:
    import torch

__all__ = ["Comparison", "Experiment", "Outcome", "Status", "claim_status"]

P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


class Status(StrEnum):
    """The verdict of an example or a claim. The values are the strings of the JSON report
    (``verification.json``), so reports and ``rmtcheck diff`` read the same as before the enum."""

    PASS = "pass"
    NO_POWER = "no power"
    FAIL = "fail"
    ERROR = "error"
    NOT_RUN = "not run"

    @property
    def rank(self) -> int:
        """The rank of the status; a worse status ranks higher (pass 0, not run 1, no power 2, fail 3,
        error 4)."""
        return _RANK[self]


_RANK = {Status.PASS: 0, Status.NOT_RUN: 1, Status.NO_POWER: 2, Status.FAIL: 3, Status.ERROR: 4}


@dataclass(frozen=True)
class Comparison:
    """One measured statistic against its prediction: pass iff ``|measured - predicted| <= tolerance``.

    Attributes:
        scale: The denominator of :attr:`resolution`; ``None`` means ``|predicted|``. Set it
            (declared in the experiment's docstring) where the prediction is near zero.
        min_effect: When set, the resolution itself — for trend and other tests whose
            statistic is not the prediction (the smallest effect detected at the test's level).
        standard_error: The Monte Carlo standard error of ``measured`` where the tolerance is built
            from one (``Z_MC`` of them plus a bias bound, :func:`rmtcheck.tolerances.monte_carlo`):
            recorded so the false-alarm model can standardise the error
            (:mod:`rmtcheck.false_alarms`); ``None`` for bounded statistics.
    """

    statistic: str
    measured: float
    predicted: float
    tolerance: float
    scale: float | None = None
    min_effect: float | None = None
    standard_error: float | None = None

    @property
    def error(self) -> float:
        return abs(self.measured - self.predicted)

    @property
    def passed(self) -> bool:
        return self.error <= self.tolerance

    @property
    def resolution(self) -> float:
        """``(tolerance + |error|) / scale``: the smallest relative perturbation of the
        prediction, in either direction, that this comparison rejects on this sample.

        >>> Comparison("edge", measured=2.02, predicted=2.0, tolerance=0.02).resolution  # doctest: +FLOAT_CMP
        0.02
        >>> Comparison("Kolmogorov distance", 0.01, 0.0, 0.015, scale=1.0).resolution  # doctest: +FLOAT_CMP
        0.025
        """
        return self._relative(self.tolerance + self.error)

    @property
    def planned_resolution(self) -> float:
        """``tolerance / scale``: the half-width of the acceptance band relative to the prediction,
        fixed by the design before the noise is seen (``min_effect`` for a trend test).

        A prediction off by more than twice this is rejected whenever the right one agrees; the
        realised :attr:`resolution` lies between it and twice it when the comparison passes.

        >>> Comparison("edge", measured=2.02, predicted=2.0, tolerance=0.02).planned_resolution
        0.01
        """
        return self._relative(self.tolerance)

    def _relative(self, width: float) -> float:
        """``width / scale`` (``scale`` defaults to ``|predicted|``; ``inf`` at 0), or ``min_effect`` if set."""
        if self.min_effect is not None:
            return self.min_effect
        denominator = abs(self.predicted) if self.scale is None else self.scale
        if denominator == 0.0:
            return math.inf
        return width / denominator


@dataclass(frozen=True)
class Outcome:
    """The verdict for one claim at one parameter draw and seed."""

    claim_id: str
    params: Mapping[str, Any]
    seed: int
    device: str
    wall_time: float
    comparisons: tuple[Comparison, ...]
    variants: Mapping[str, tuple[Comparison, ...]] = field(default_factory=dict)
    resolution_target: float | None = None

    @property
    def resolution(self) -> float:
        """The worst resolution over the claim's comparisons (``inf`` if there are none)."""
        return max((c.resolution for c in self.comparisons), default=math.inf)

    @property
    def planned_resolution(self) -> float:
        """The worst planned resolution over the claim's comparisons (``inf`` if there are none)."""
        return max((c.planned_resolution for c in self.comparisons), default=math.inf)

    @property
    def meets_target(self) -> bool:
        """No target, or the *planned* resolution is at most the target (a gate the design decides before
        the noise is seen; the realised resolution is reported, not gated: docs/error_budget.md)."""
        return self.resolution_target is None or self.planned_resolution <= self.resolution_target

    @property
    def agrees(self) -> bool:
        """The claim's prediction is within tolerance on every statistic."""
        return all(c.passed for c in self.comparisons)

    def rejected(self, variant: str) -> bool:
        """The variant misses its tolerance on at least one statistic."""
        return any(not c.passed for c in self.variants[variant])

    @property
    def unrejected_variants(self) -> tuple[str, ...]:
        return tuple(name for name in self.variants if not self.rejected(name))

    @property
    def passed(self) -> bool:
        return self.agrees and not self.unrejected_variants and self.meets_target

    @property
    def status(self) -> Status:
        """``FAIL`` (disagrees or misses the resolution target), ``NO_POWER`` (a variant went
        unrejected), or ``PASS``."""
        if not self.agrees or not self.meets_target:
            return Status.FAIL
        return Status.NO_POWER if self.unrejected_variants else Status.PASS

    def summary(self) -> str:
        target = "none" if self.resolution_target is None else f"{self.resolution_target:.3g}"
        lines = [f"{self.claim_id} seed={self.seed} params={dict(self.params)}",
                 f"  resolution {self.resolution:.3g}, planned {self.planned_resolution:.3g} (target {target})"]
        for c in self.comparisons:
            mark = "ok" if c.passed else "FAIL"
            lines.append(
                f"  [{mark}] {c.statistic}: measured {c.measured:.6g}, predicted "
                f"{c.predicted:.6g}, |error| {c.error:.3g} vs tolerance {c.tolerance:.3g}, "
                f"resolution {c.resolution:.3g}"
            )
        for name in self.variants:
            worst = max(self.variants[name], key=lambda c: c.error / c.tolerance)
            verdict = "rejected" if self.rejected(name) else "NOT REJECTED"
            lines.append(
                f"  variant {name}: {verdict} (worst |error|/tolerance "
                f"{worst.error / worst.tolerance:.3g} on {worst.statistic})"
            )
        return "\n".join(lines)


class Experiment(Protocol[P_contra]):
    """What a check provides: one simulation, many predictions (the claim's and its variants')."""

    def simulate(self, params: P_contra, gen: torch.Generator) -> Any:
        """Draw the simulated sample for ``params`` using only ``gen``'s randomness."""
        ...

    def compare(self, sample: Any, params: P_contra, predict: Predictor) -> tuple[Comparison, ...]:
        """Compare ``predict`` (the claim's or a variant's) with the sample."""
        ...


def claim_status(outcomes: Sequence[Outcome], error: str | None = None) -> Status:
    """``ERROR`` if the check raised; ``NOT_RUN`` without outcomes; else the worst example status."""
    if error is not None:
        return Status.ERROR
    if not outcomes:
        return Status.NOT_RUN
    return max((o.status for o in outcomes), key=lambda status: status.rank)
