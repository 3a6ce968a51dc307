"""Issue 24: the automatic finite-size analysis (rmtcheck.asymptotic) and its worked example.

The fit is checked against independent computations (numpy's weighted polyfit for the first-order
extrapolation; exact synthetic ladders), the example's 3%-wrong formula 0.97 (1 - 1/theta^2) through the
harness at one point. The example itself (``tests/data/goe_example``, 25 lines of user code) is installed and
run from ``rmtcheck verify`` in ``tests/test_goe_example.py``.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from rmtcheck.asymptotic import Asymptotic, Ladder, LadderSample, Point, fit_limit, limit_z
from rmtcheck.check import Check
from rmtcheck.profiles import get_profile
from rmtcheck.run import Example, run_example

EXAMPLE = Path(__file__).resolve().parent / "data" / "goe_example" / "goe_example" / "__init__.py"


def _example() -> Any:
    spec = importlib.util.spec_from_file_location("goe_example_in_process", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SIZES = np.array([40.0, 80.0, 160.0, 320.0, 640.0])
COUNTS = np.full(5, 10_000, dtype=np.int64)


def test_first_order_fit_matches_weighted_polyfit() -> None:
    """Without the second-order term (kappa = 0) the limit is the intercept of numpy's weighted line fit."""
    rng = np.random.default_rng(1)
    errors = np.array([0.004, 0.003, 0.002, 0.002, 0.001])
    means = 0.7 - 0.3 / SIZES + errors * rng.standard_normal(5)
    fit = fit_limit(SIZES, means, errors, COUNTS, gamma=1.0, kappa=0.0)
    x = SIZES.min() / SIZES
    (slope, intercept), cov = np.polyfit(x, means, 1, w=1 / errors, cov="unscaled")
    assert fit.a == pytest.approx(intercept, rel=1e-12)
    assert fit.se_a == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-10)
    assert fit.b == pytest.approx(slope, rel=1e-10)


def test_exact_ladders_recover_the_limit_and_the_order() -> None:
    """Noise-free a + b n^-gamma (+ a second order within the prior bound) is extrapolated to a within
    its interval, at gamma = 1 and 2/3; with gamma estimated the interval covers a too."""
    errors = np.full(5, 1e-3)
    for gamma in (1.0, 2.0 / 3.0):
        x = (SIZES.min() / SIZES) ** gamma
        means = 0.5 + 0.05 * x + 0.03 * x**2
        fit = fit_limit(SIZES, means, errors, COUNTS, gamma=gamma)
        assert fit.low <= 0.5 <= fit.high
        assert abs(fit.a - 0.5) < 2e-3
    x = (SIZES.min() / SIZES) ** 0.5
    free = fit_limit(SIZES, 0.5 + 0.05 * x, errors, COUNTS, gamma=None)
    assert free.low <= 0.5 <= free.high
    assert free.gamma == pytest.approx(0.5, abs=0.03)


def _sample(means: np.ndarray, errors: np.ndarray) -> LadderSample:
    return LadderSample(SIZES[: means.size], means, errors, COUNTS[: means.size])


def test_plateau_fails_and_a_right_limit_passes() -> None:
    """A deviation that stops shrinking (a wrong limit) fails both comparisons; the right one passes."""
    experiment = Asymptotic("x.y", statistic=lambda gen, n: 0.0, order=1.0)
    point = Point({}, Ladder(40, 2.0, 5))
    errors = np.full(5, 1e-3)
    sample = _sample(0.7 - 0.2 * (40 / SIZES), errors)
    right = experiment.compare(sample, point, lambda: 0.7)
    assert all(c.passed for c in right)
    wrong = experiment.compare(sample, point, lambda: 0.97 * 0.7)
    assert not any(c.passed for c in wrong)
    assert right[0].resolution < 0.03


def test_critical_values_state_the_level() -> None:
    assert limit_z(1e-3, 50) == pytest.approx(stats.norm.isf(1e-5), rel=1e-12)
    assert limit_z(1e-3, 50, dof=30) > limit_z(1e-3, 50)


@pytest.mark.parametrize(("kwargs", "word"), [
    ({"smallest": 1}, "smallest"), ({"smallest": 10, "factor": 1.0}, "factor"),
    ({"smallest": 10, "rungs": 2}, "rungs"), ({"smallest": 10, "target": 0.0}, "target"),
    ({"smallest": 10, "max_replicates": 10}, "max_replicates"),
])
def test_bad_ladders_name_the_parameter(kwargs: dict[str, Any], word: str) -> None:
    with pytest.raises(ValueError, match=word):
        Ladder(**kwargs)


def test_bad_experiments_name_the_parameter() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Asymptotic("x.y")
    with pytest.raises(ValueError, match="order"):
        Asymptotic("x.y", statistic=lambda gen, n: 0.0, order=-1.0)
    with pytest.raises(ValueError, match="level"):
        Asymptotic("x.y", statistic=lambda gen, n: 0.0, level=2.0)
    with pytest.raises(ValueError, match="gamma"):
        fit_limit(SIZES, SIZES, SIZES, COUNTS, gamma=0.0)


def test_the_example_three_percent_wrong_formula_fails_at_one_point() -> None:
    wrong: Check[Point] = _example().WRONG_CHECK
    example = Example(Point({"theta": 2.2}, Ladder(40, 2.0, 4)), 5)
    outcome = run_example(wrong, example, get_profile("ci"), "cpu")
    assert outcome.status == "fail", outcome.summary()
    assert not outcome.comparisons[0].passed  # the extrapolated limit misses 0.97 (1 - 1/theta^2)
