"""The harness's resolution: what it promises, checked by perturbing predictions directly."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmtcheck.experiment import Comparison, Outcome

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-6, 1e3, allow_nan=False, allow_infinity=False)


def _rejects(c: Comparison, predicted: float) -> bool:
    return abs(c.measured - predicted) > c.tolerance


@given(measured=finite, predicted=finite.filter(lambda x: abs(x) > 1e-3), tolerance=positive)
def test_resolution_is_the_smallest_two_sided_relative_perturbation_rejected(
    measured: float, predicted: float, tolerance: float
) -> None:
    """Both p(1 + d) and p(1 - d) are rejected just above d = resolution, and at least one of
    them is accepted just below it: the definition of issue 12, by brute force."""
    c = Comparison("x", measured, predicted, tolerance)
    delta = c.resolution
    above = delta * (1.0 + 1e-6) + 1e-12
    assert _rejects(c, predicted * (1.0 + above))
    assert _rejects(c, predicted * (1.0 - above))
    below = delta * (1.0 - 1e-6)
    if c.passed and below > 0.0:
        assert not (_rejects(c, predicted * (1.0 + below)) and _rejects(c, predicted * (1.0 - below)))


def test_declared_scale_and_stated_effect() -> None:
    ks = Comparison("Kolmogorov", 0.01, 0.0, 0.02, scale=1.0)
    assert ks.resolution == pytest.approx(0.03)
    assert Comparison("x", 1.0, 0.0, 0.1).resolution == math.inf
    assert Comparison("trend", 0.5, 0.0, 0.3, min_effect=0.07).resolution == 0.07


def _outcome(target: float | None, tolerance: float, variant_error: float) -> Outcome:
    own = (Comparison("a", 1.01, 1.0, tolerance), Comparison("b", 2.0, 2.0, 0.002))
    wrong = (Comparison("a", 1.01, 1.0 + variant_error, tolerance),)
    return Outcome("x.y", {}, 0, "cpu", 0.0, own, {"v": wrong}, resolution_target=target)


def test_outcome_resolution_is_the_worst_comparison_and_gates_the_status() -> None:
    out = _outcome(0.05, 0.02, 0.5)
    assert out.resolution == pytest.approx(0.03)
    assert out.passed
    assert out.status == "pass"
    missed = _outcome(0.015, 0.02, 0.5)
    assert missed.agrees
    assert missed.planned_resolution == pytest.approx(0.02)
    assert not missed.meets_target
    assert missed.status == "fail"
    # the target gates the planned resolution (tolerance / |predicted|), not the realised one: an unlucky
    # error inside the tolerance cannot fail a design that meets its target
    lucky_or_not = _outcome(0.025, 0.02, 0.5)
    assert lucky_or_not.resolution == pytest.approx(0.03)
    assert lucky_or_not.resolution > 0.025
    assert lucky_or_not.meets_target
    assert lucky_or_not.status == "pass"
    no_power = _outcome(0.05, 0.02, 0.0)
    assert no_power.status == "no power"
    assert _outcome(None, 0.02, 0.5).meets_target
