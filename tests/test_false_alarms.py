"""The false-alarm model (rmtcheck.false_alarms) against counting, on synthetic evidence."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from rmtcheck.false_alarms import clopper_pearson_upper, modelled_rate


def test_clopper_pearson_matches_the_closed_form_without_failures() -> None:
    # no failure in R runs: the upper bound solves (1 - p)^R = 0.05
    assert clopper_pearson_upper(0, 200) == pytest.approx(1.0 - 0.05 ** (1 / 200), rel=1e-9)
    assert clopper_pearson_upper(3, 3) == 1.0
    with pytest.raises(ValueError, match="failures must be an integer in"):
        clopper_pearson_upper(5, 3)


def _example(z: float, *, tolerance: float, shift: float) -> dict[str, object]:
    own = {"measured": 10.0 + z, "predicted": 10.0, "tolerance": tolerance, "standard_error": 1.0,
           "scale": None, "min_effect": None}
    wrong = {**own, "predicted": 10.0 + shift}
    return {"comparisons": [own], "variants": {"v": {"comparisons": [wrong]}}, "resolution_target": 0.5,
            "params": {"replicates": 400}}


@pytest.mark.parametrize("tolerance", [2.0, 2.5])
def test_modelled_agreement_rate_matches_the_count(tolerance: float) -> None:
    """Standard normal errors, tolerance 2 or 2.5 SE: the model's per-example rate is 2 Phi(-t), and the
    count over 4000 examples agrees with it."""
    rng = np.random.default_rng(1)
    z = rng.standard_normal(4000)
    examples = [_example(float(v), tolerance=tolerance, shift=100.0) for v in z]
    rate = modelled_rate(examples, examples_per_run=1, bootstrap=20)
    exact = 2.0 * stats.norm.sf(tolerance)
    assert rate.agreement == pytest.approx(exact, rel=0.15)
    counted = float(np.mean(np.abs(z) > tolerance))
    assert abs(rate.agreement - counted) < 4.0 * math.sqrt(exact / 4000)
    assert rate.power < 1e-12
    assert rate.upper95 >= rate.total


def test_a_variant_too_close_has_modelled_power_failures() -> None:
    rng = np.random.default_rng(2)
    near = [_example(float(v), tolerance=4.6, shift=4.6) for v in rng.standard_normal(500)]
    rate = modelled_rate(near, examples_per_run=1, bootstrap=20)
    # the variant sits one tolerance away: it is unrejected about half the time
    assert 0.4 < rate.power < 0.6
    far = [_example(float(v), tolerance=4.6, shift=9.2) for v in rng.standard_normal(500)]
    assert modelled_rate(far, examples_per_run=1, bootstrap=20).power < 1e-5


def test_calibration_examples_join_only_the_noise_scale_fit() -> None:
    """Twelve examples alone leave the noise scale uncertain (Clopper-Pearson on 0 of 12 excesses over 2); 4000
    well-calibrated examples of the same claim from another profile pin it near 1. The rates stay those of the
    twelve examples: the point estimate does not move, the upper bound falls."""
    rng = np.random.default_rng(3)
    def example(z: float) -> dict[str, object]:
        return {**_example(z, tolerance=4.62, shift=100.0), "resolution_target": 5.0}  # agreement only

    few = [example(float(v)) for v in np.clip(rng.standard_normal(12), -1.5, 1.5)]
    many = [example(float(v)) for v in rng.standard_normal(4000)]
    alone = modelled_rate(few, examples_per_run=4, bootstrap=20)
    pooled = modelled_rate(few, examples_per_run=4, bootstrap=20, calibration=many)
    assert pooled.examples == alone.examples == 12
    assert pooled.total == pytest.approx(alone.total, rel=0.05)
    assert pooled.upper95 < 0.1 * alone.upper95
