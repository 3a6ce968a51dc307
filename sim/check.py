"""The public check API: a claim, the experiment that tests it, and where to draw it.

A :class:`Check` bundles

* a :class:`theory.claim.Claim` (the formula, its citation, its wrong variants),
* an experiment — any object with ``simulate(params, gen)`` and
  ``compare(sample, params, predict) -> tuple[Comparison, ...]`` (:class:`sim.harness.Experiment`),
* ``draws``: a Hypothesis strategy of parameters, or a function of the
  :class:`~sim.profiles.Profile` returning one (so sizes can grow with the profile),
* optionally the fraction of the profile's examples it runs (for checks costing seconds per
  example), a resolution target overriding the claim's, and the figures illustrating it.

``Check`` is generic in the parameter type ``P``: mypy checks that the draws produce what the
experiment simulates. Checks are discovered through the entry-point group ``rmtcheck.checks``
(:func:`discover`): the value of an entry point is a ``Check``, an iterable of checks, or a
zero-argument callable returning either. rmtcheck's own families register themselves the same
way (``sim.families:builtin_checks``). ``RMTCHECK_NO_PLUGINS=1`` turns third-party discovery off;
a broken plugin is reported (``Discovery.errors``) and does not stop the others.

A minimal plugin (the worked example in ``docs/adding.md``)::

    from hypothesis import strategies as st
    from sim.check import Check
    from theory.claim import Claim, Variant

    CLAIM = Claim(id="wigner.outlier", ..., predict=lambda theta: theta + 1 / theta, variants=(...))
    CHECK = Check(CLAIM, WignerExperiment(), st.builds(WignerParams, ...))

and in the plugin's ``pyproject.toml``::

    [project.entry-points."rmtcheck.checks"]
    wigner = "my_package.checks:CHECK"
"""

from __future__ import annotations

import math
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any, Generic, TypeVar

from hypothesis.strategies import SearchStrategy

from sim.harness import Experiment
from sim.profiles import Profile
from theory.claim import Claim

__all__ = ["GROUP", "Check", "Discovery", "Figure", "PluginError", "discover"]

P = TypeVar("P")
GROUP = "rmtcheck.checks"
BUILTIN = "built-in"
_BUILTIN_TARGET = "sim.families:builtin_checks"


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
        draws: A strategy of parameters, or ``profile -> strategy``.
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
    draws: SearchStrategy[P] | Callable[[Profile], SearchStrategy[P]]
    examples: float = 1.0
    resolution_target: float | None = None
    figures: tuple[Figure, ...] = ()
    bibtex: str = ""
    origin: str = BUILTIN

    def __post_init__(self) -> None:
        if not isinstance(self.claim, Claim):
            raise TypeError(f"claim must be a theory.claim.Claim; got {type(self.claim).__name__}")
        for method in ("simulate", "compare"):
            if not callable(getattr(self.experiment, method, None)):
                raise TypeError(f"experiment must have a callable {method}(...); got {self.experiment!r}")
        own = getattr(self.experiment, "claim_id", self.claim.id)
        if own != self.claim.id:
            raise ValueError(f"experiment is for claim {own!r}, not {self.claim.id!r}")
        if not (isinstance(self.draws, SearchStrategy) or callable(self.draws)):
            raise TypeError("draws must be a Hypothesis strategy or a function of the profile")
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
        made = self.draws(profile)
        if not isinstance(made, SearchStrategy):
            raise TypeError(f"{self.id}: draws(profile) must return a Hypothesis strategy; got {made!r}")
        return made


@dataclass(frozen=True)
class PluginError:
    """An entry point that failed to load or returned something other than checks."""

    name: str
    value: str
    distribution: str
    error: str


@dataclass(frozen=True)
class Discovery:
    """The checks found, in order (built-in first, then plugins by name), and the failures."""

    checks: tuple[Check[Any], ...]
    errors: tuple[PluginError, ...] = ()

    def __iter__(self) -> Iterator[Check[Any]]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.checks)

    def get(self, claim_id: str) -> Check[Any]:
        """The check of ``claim_id`` (``KeyError`` listing the known ids otherwise)."""
        for check in self.checks:
            if check.id == claim_id:
                return check
        raise KeyError(f"unknown claim id {claim_id!r}; known: {', '.join(self.ids())}")

    def families(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.family for c in self.checks))

    def select(self, ids: Iterable[str] = (), families: Iterable[str] = ()) -> tuple[Check[Any], ...]:
        """The checks with the given ids or in the given families (all of them when both are empty)."""
        wanted, fams = list(ids), set(families)
        for claim_id in wanted:
            self.get(claim_id)
        unknown = fams - set(self.families())
        if unknown:
            raise KeyError(f"unknown famil{'y' if len(unknown) == 1 else 'ies'} {sorted(unknown)}; "
                           f"known: {', '.join(self.families())}")
        if not wanted and not fams:
            return self.checks
        return tuple(c for c in self.checks if c.id in wanted or c.family in fams)


def _as_checks(value: object, where: str) -> list[Check[Any]]:
    if isinstance(value, Check):
        return [value]
    if callable(value):
        value = value()
        if isinstance(value, Check):
            return [value]
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        items = list(value)
        bad = [type(item).__name__ for item in items if not isinstance(item, Check)]
        if bad:
            raise TypeError(f"{where} yielded non-Check objects: {', '.join(bad)}")
        return items
    raise TypeError(f"{where} must be a Check, an iterable of checks, or a callable returning them; "
                    f"got {type(value).__name__}")


def _load(point: metadata.EntryPoint) -> list[Check[Any]]:
    return _as_checks(point.load(), f"entry point {point.name!r}")


def discover(*, plugins: bool | None = None) -> Discovery:
    """Every check registered in the entry-point group ``rmtcheck.checks``.

    rmtcheck's own checks are loaded through the same group (its entry point
    ``sim.families:builtin_checks``) and come first, origin ``"built-in"``; from a source tree
    without installed metadata that function is called directly. ``plugins=None`` reads
    ``RMTCHECK_NO_PLUGINS`` (``1`` turns third-party discovery off). A plugin that fails to load,
    returns something else, or repeats a claim id is reported in ``Discovery.errors`` with its name
    and error; the others are still loaded.
    """
    if plugins is None:
        plugins = os.environ.get("RMTCHECK_NO_PLUGINS", "") not in ("1", "true", "yes")
    points = sorted(metadata.entry_points(group=GROUP), key=lambda ep: ep.name)
    own = [p for p in points if p.value == _BUILTIN_TARGET]
    if own:
        checks: list[Check[Any]] = _load(own[0])
    else:
        from sim.families import builtin_checks

        checks = list(builtin_checks())
    seen = {c.id for c in checks}
    errors: list[PluginError] = []
    for point in points if plugins else ():
        if point.value == _BUILTIN_TARGET:
            continue
        dist = point.dist.name if point.dist is not None else "unknown"
        try:
            found = _load(point)
            repeated = sorted({c.id for c in found} & seen)
            if repeated:
                raise ValueError(f"claim id(s) already registered: {', '.join(repeated)}")
        except Exception as error:  # a broken plugin must not stop the others
            errors.append(PluginError(point.name, point.value, dist, "".join(
                traceback.format_exception_only(type(error), error)).strip()))
            continue
        seen |= {c.id for c in found}
        checks += [replace(c, origin=dist) for c in found]
    return Discovery(tuple(checks), tuple(errors))
