"""The check record: a claim, the experiment that tests it, and where to draw its parameters.

A :class:`Check` bundles

* a :class:`rmtcheck.Claim` (the formula, its citation, its wrong variants),
* an experiment — any object with ``simulate(params, gen)`` and
  ``compare(sample, params, predict) -> tuple[Comparison, ...]`` (:class:`rmtcheck.Experiment`),
* ``draws``: a Hypothesis strategy of parameters, or a function of the run's sizes (with
  ``sizes={"ci": ..., "verify": ...}``) or of the :class:`~rmtcheck.Profile` returning one,
* optionally the fraction of the profile's examples it runs (for checks costing seconds per
  example), a resolution target overriding the claim's, and the figures illustrating it.

``Check`` is generic in the parameter type ``P``: mypy checks that the draws produce what the
experiment simulates. Checks are found through the entry-point group ``rmtcheck.checks``
(:func:`rmtcheck.discover`). A minimal plugin::

    from hypothesis import strategies as st
    from rmtcheck import Check, Claim, Variant

    CLAIM = Claim(id="wigner.outlier", ..., predict=lambda theta: theta + 1 / theta, variants=(...))
    CHECK = Check(CLAIM, WignerExperiment(), st.builds(WignerParams, ...))

and in the plugin's ``pyproject.toml``::

    [project.entry-points."rmtcheck.checks"]
    wigner = "my_package.checks:CHECK"
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from hypothesis.strategies import SearchStrategy

from rmtcheck.claim import Claim
from rmtcheck.experiment import Experiment
from rmtcheck.profiles import Profile

__all__ = ["BUILTIN", "Check", "Figure"]

P = TypeVar("P")
BUILTIN = "built-in"


@dataclass(frozen=True)
class Figure:
    """A figure of the verification report: ``draw(path, pyplot)`` writes ``filename`` (fixed seeds)."""

    filename: str
    draw: Callable[[Path, Any], None]


@dataclass(frozen=True)
class Check(Generic[P]):
    """A claim with the experiment and the parameter draws that verify it.

    Attributes:
        claim: The claim record (formula, citation, wrong variants, resolution target).
        experiment: ``simulate(params, gen)`` / ``compare(sample, params, predict)``.
        draws: A strategy of parameters; or ``sizes -> strategy`` when ``sizes`` is given (called
            with ``profile.pick(sizes)``, the sizes of the run's profile); or ``profile -> strategy``.
        sizes: The sizes per profile (``{"ci": ..., "verify": ..., "verify-cuda": ...}``), when
            ``draws`` is a function of them.
        examples: Fraction of the profile's examples to run (at least 4 are run).
        resolution_target: Overrides the claim's target; ``None`` keeps the claim's (a check with
            no target at all has its resolution reported but not enforced).
        figures: Report figures illustrating the claim (written by ``rmtcheck verify --figures``).
        bibtex: The BibTeX entry of the claim's citation key, for claims whose reference is not in
            rmtcheck's ``docs/references.bib`` (``rmtcheck cite`` prints it).
        origin: ``"built-in"`` or the distribution that registered the check (set by discovery).
    """

    claim: Claim
    experiment: Experiment[P]
    draws: SearchStrategy[P] | Callable[[Any], SearchStrategy[P]]
    sizes: Mapping[str, Any] | None = None
    examples: float = 1.0
    resolution_target: float | None = None
    figures: tuple[Figure, ...] = ()
    bibtex: str = ""
    origin: str = BUILTIN

    def __post_init__(self) -> None:
        if not isinstance(self.claim, Claim):
            raise TypeError(f"claim must be a rmtcheck.claim.Claim; got {type(self.claim).__name__}")
        for method in ("simulate", "compare"):
            if not callable(getattr(self.experiment, method, None)):
                raise TypeError(f"experiment must have a callable {method}(...); got {self.experiment!r}")
        own = getattr(self.experiment, "claim_id", self.claim.id)
        if own != self.claim.id:
            raise ValueError(f"experiment is for claim {own!r}, not {self.claim.id!r}")
        if not (isinstance(self.draws, SearchStrategy) or callable(self.draws)):
            raise TypeError("draws must be a Hypothesis strategy or a function of the sizes or the profile")
        if self.sizes is not None and (isinstance(self.draws, SearchStrategy)
                                       or not isinstance(self.sizes, Mapping)):
            raise TypeError("sizes must be a mapping of profile names to sizes, with draws a function of them")
        if isinstance(self.examples, bool) or not isinstance(self.examples, (int, float)) \
                or not 0.0 < self.examples <= 1.0:
            raise ValueError(f"examples must be a fraction in (0, 1]; got {self.examples!r}")
        target = self.resolution_target
        if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))
                                   or not 0.0 < target < 1.0 or not math.isfinite(target)):
            raise ValueError(f"resolution_target must lie in (0, 1) or be None; got {target!r}")

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id

    @property
    def family(self) -> str:
        """The claim's family (the first component of its id)."""
        return self.claim.family

    @property
    def target(self) -> float | None:
        """The enforced resolution target in the ``verify`` profile (the check's, else the claim's)."""
        return self.resolution_target if self.resolution_target is not None else self.claim.resolution_target

    def strategy(self, profile: Profile) -> SearchStrategy[P]:
        """The parameter strategy for ``profile``."""
        if isinstance(self.draws, SearchStrategy):
            return self.draws
        made = self.draws(profile if self.sizes is None else profile.pick(self.sizes))
        if not isinstance(made, SearchStrategy):
            raise TypeError(f"{self.id}: draws(profile) must return a Hypothesis strategy; got {made!r}")
        return made
