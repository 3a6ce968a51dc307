"""Issue 16 additions to the ``adam`` family ("From Spikes to Heavy Tails", source document 002).

* ``adam.teacher_alignment``: ``|cos(v1(W1), beta)|`` after one FB-Adam step, the correlated right overlap
  times the teacher factor times the update's alignment (closed form derived in docs/adam.md);
* ``adam.overlap_outlier``: appendix C's overlap matrix of ``W1`` and the update, its outlier (the
  correlated left overlap) above the threshold and the Haar bound below;
* ``adam.test_loss_trend``, ``adam.weight_norm_trend``, ``adam.steplr_trend``: multi-step trends at this
  machine's sizes (docs/adam.md, issue-16 measurements).

Modules: ``claims`` (``CLAIMS``), ``params``, ``sizes`` (``SIZES``), ``draws``, ``tolerances``,
``experiments`` (``EXPERIMENTS``), ``figures`` (``FIGURES``), ``proofs`` (``CHECKS``, sympy). ``CHECKS`` here
is the tuple of :class:`sim.check.Check` that discovery registers.
"""

from __future__ import annotations

from typing import Any

from hypothesis.strategies import SearchStrategy

from sim.check import Check
from sim.families.adam_extra import draws
from sim.families.adam_extra.claims import CLAIMS
from sim.families.adam_extra.experiments import EXPERIMENTS
from sim.families.adam_extra.figures import FIGURES
from sim.families.adam_extra.sizes import SIZES, AdamExtraSizes
from sim.profiles import Profile

__all__ = ["CHECKS"]


def _sizes(profile: Profile) -> AdamExtraSizes:
    return profile.pick(SIZES)


def _alignment(profile: Profile) -> SearchStrategy[Any]:
    return draws.alignment_params(_sizes(profile))


def _overlap(profile: Profile) -> SearchStrategy[Any]:
    return draws.overlap_params(_sizes(profile))


def _trend(kind: str) -> Any:
    def strategy(profile: Profile) -> SearchStrategy[Any]:
        return draws.trend_params(_sizes(profile), kind)

    return strategy


def _checks() -> tuple[Check[Any], ...]:
    claims = {c.id: c for c in CLAIMS}
    experiments = {e.claim_id: e for e in EXPERIMENTS}
    figures = {f.filename: f for f in FIGURES}
    verify = SIZES["verify"]
    table: tuple[tuple[str, Any, float, tuple[str, ...]], ...] = (
        ("adam.teacher_alignment", _alignment, verify.alignment_examples, ("adam_teacher_alignment.png",)),
        ("adam.overlap_outlier", _overlap, verify.overlap_examples, ("adam_overlap_outlier.png",)),
        ("adam.test_loss_trend", _trend("test_loss"), verify.trend_examples, ("adam_step_complexity.png",)),
        ("adam.weight_norm_trend", _trend("weight_norm"), verify.trend_examples, ()),
        ("adam.steplr_trend", _trend("steplr"), verify.trend_examples, ()),
    )
    return tuple(Check(claims[cid], experiments[cid], strategy, examples=fraction,
                       figures=tuple(figures[name] for name in names))
                 for cid, strategy, fraction, names in table)


CHECKS: tuple[Check[Any], ...] = _checks()
