"""Transitional: checks assembled from the pre-layout modules (removed by the layout move)."""

from __future__ import annotations

from typing import Any

from sim.check import Check


def checks() -> tuple[Check[Any], ...]:
    import importlib

    from sim.experiments import EXPERIMENTS
    from theory.registry import claims

    agreement = importlib.import_module("tests.test_agreement")
    draws, fractions = agreement.DRAWS, agreement.EXAMPLE_FRACTION
    return tuple(Check(c, EXPERIMENTS[c.id], draws[c.id], examples=fractions.get(c.id, 1.0))
                 for c in claims())
