"""Claim records: every closed-form prediction rmtcheck verifies, as typed records.

A :class:`Claim` carries what a researcher needs to cite it (statement, LaTeX formula,
BibTeX key plus theorem or equation, assumptions, regime) and the prediction function
itself. Every claim also registers at least two plausible *wrong variants*
(:class:`Variant`): the agreement harness must reject each of them at the same sizes
and tolerance at which it accepts the claim, otherwise the check has no power.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Predictor = Callable[..., Any]
KINDS = ("point", "threshold", "distribution", "trend")


@dataclass(frozen=True)
class Variant:
    """A plausible wrong version of a claim's prediction (same signature as the claim's).

    ``near_miss`` marks a variant within about 2–10% of the claim in the drawn regime (a
    missing sub-leading term, n versus n − 1, a factor on the wrong side): rejecting it shows
    that the check resolves errors of that size, not only gross ones.
    """

    name: str
    description: str
    predict: Predictor
    near_miss: bool = False


@dataclass(frozen=True)
class Claim:
    """One verified closed-form statement.

    Attributes:
        id: Dotted identifier, family first (``mp.edges``).
        statement: One line in words.
        formula: The prediction in LaTeX.
        citation: BibTeX key in ``docs/references.bib``.
        source: Where in the cited work (theorem, equation, slide).
        assumptions: Conditions under which the statement holds.
        regime: Which parameters vary and which limit is meant.
        predict: The prediction function (a public function of ``theory``).
        variants: At least two wrong variants the harness must reject.
        resolution_target: The largest acceptable *resolution* in the ``verify`` profile: the
            smallest relative error of the prediction the check must catch (see
            :attr:`rmtcheck.Comparison.resolution`). ``None``: reported, not enforced.
        resolution_basis: One line on why the target is what it is (required with a target).
        kind: ``"point"`` (a value, the default), ``"threshold"`` (a location compared like a
            value), ``"distribution"`` (a distance between laws, absolute resolution) or
            ``"trend"`` (a direction, resolution stated as the smallest detectable effect). Every
            kind but ``"trend"`` must register a near-miss variant.
    """

    id: str
    statement: str
    formula: str
    citation: str
    source: str
    assumptions: tuple[str, ...]
    regime: str
    predict: Predictor
    variants: tuple[Variant, ...] = field(default_factory=tuple)
    resolution_target: float | None = None
    resolution_basis: str = ""
    kind: str = "point"
    _formula_sha256: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        # Hashed once, when the claim is made: the source read then is the code this process runs (reading it
        # again later could see a file edited since, and record a hash of code that did not run).
        object.__setattr__(self, "_formula_sha256", _formula_hash(self.formula, self.predict))
        if "." not in self.id:
            raise ValueError(f"claim id must be 'family.name'; got {self.id!r}")
        if len(self.variants) < 2:
            raise ValueError(f"claim {self.id} must register at least two wrong variants")
        names = [v.name for v in self.variants]
        if len(set(names)) != len(names):
            raise ValueError(f"claim {self.id} has duplicate variant names: {names}")
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.id}: kind must be one of {KINDS}; got {self.kind!r}")
        target = self.resolution_target
        if target is not None:
            if isinstance(target, bool) or not isinstance(target, (int, float)) or not 0.0 < target < 1.0:
                raise ValueError(f"claim {self.id}: resolution_target must lie in (0, 1); got {target!r}")
            if not self.resolution_basis:
                raise ValueError(f"claim {self.id}: a resolution_target needs a resolution_basis")

    @property
    def formula_sha256(self) -> str:
        """The SHA-256 of the LaTeX formula and of the prediction function's source.

        Evidence recorded under one hash is stale once either changes. Computed when the claim is made.
        """
        return self._formula_sha256

    @property
    def near_misses(self) -> tuple[Variant, ...]:
        """The variants marked ``near_miss``."""
        return tuple(v for v in self.variants if v.near_miss)

    @property
    def family(self) -> str:
        """The first component of the id.

        >>> from rmtcheck.plugins import discover
        >>> discover(plugins=False).get("spiked.overlap").claim.family
        'spiked'
        """
        return self.id.split(".", 1)[0]


def _formula_hash(formula: str, predict: Predictor) -> str:
    """SHA-256 of ``formula`` and of ``predict``'s source (its ``repr`` where the source cannot be read)."""
    try:
        source = inspect.getsource(predict)
    except (OSError, TypeError):
        source = repr(predict)
    return hashlib.sha256((formula + "\n" + source).encode()).hexdigest()
