"""Agreement and power: for every registered claim, over Hypothesis draws of sizes and
parameters, the simulation agrees with the claim within the size-derived tolerance, and
every registered wrong variant is rejected on the same sample at the same tolerance."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.check import Check
from sim.experiments import EXPERIMENTS
from sim.harness import run
from tests import strategies as strat
from tests.conftest import Evidence
from tests.profiles import active_scale

SCALE = active_scale()
SMALL = dataclasses.replace(SCALE, m_min=100, m_max=120)

DRAWS: dict[str, st.SearchStrategy[Any]] = {
    "mp.esd": strat.covariance_params(SCALE, m_range=SCALE.mp_m, replicates=SCALE.esd_replicates),
    "mp.edges": strat.covariance_params(SCALE, ratios=strat.EDGE_RATIOS, m_range=SCALE.edge_m,
                                        replicates=SCALE.edge_replicates),
    "mp.atom": strat.covariance_params(SCALE, ratios=st.floats(strat.SEPARATION, 8.0), m_range=SCALE.mp_m),
    "mp.moments": strat.covariance_params(SCALE, ratios=strat.MOMENT_RATIOS, m_range=SCALE.mp_m,
                                          replicates=SCALE.replicates),
    "mp.stieltjes": strat.covariance_params(SCALE, ratios=strat.MOMENT_RATIOS, m_range=SCALE.mp_m,
                                            replicates=SCALE.replicates),
    "tw.wishart_tw1": strat.wishart_params(SCALE),
    "spiked.outlier": strat.spiked_params(SCALE, rank_max=2, replicates=4 * SCALE.spike_replicates),
    # Overlaps fluctuate on the 1/sqrt(p) scale and the no-denominator variant differs by a
    # relative c / ell: c >= 0.25. One spike at 2.5-4 times the threshold, c <= 2:
    # the overlap is >= 0.5 there and its O(1/m) bias small against it (near the threshold, and for the
    # weaker of two spikes at c = 8, the bias is 10-25% of the overlap at m = 100; docs/spiked.md).
    # Smaller side >= 200 and 12 times the replicates (an example costs about 2 s in verify).
    "spiked.overlap": strat.spiked_params(SCALE, ratio_low=2.5, ratio_max=4.0, c_low=0.25, c_max=2.0, m_low=200,
                                          replicates=12 * SCALE.spike_replicates),
    # Variance: R = 2.5 x variance_replicates draws from the O(p n) secular sampler (relative SE
    # of the variance 1.3% in verify); smaller matrices, c in [0.4, 2.5].
    "spiked.outlier_variance": strat.spiked_params(
        SMALL, ratio_max=2.1, c_low=0.4, c_max=2.5, replicates=5 * SCALE.variance_replicates // 2,
        laws=st.just("gaussian")),
    # As c -> 0 the additive outlier tends to the population value ell + 1: c >= 0.4.
    "spiked.additive_outlier": strat.spiked_params(SCALE, model="additive", c_low=0.4, ratio_max=2.5,
                                                   replicates=4 * SCALE.spike_replicates),
    "spiked.rect_singular_value": strat.rect_params(SCALE),
    "spiked.rect_overlaps": strat.rect_params(SCALE),
    "spiked.bbp_threshold": strat.threshold_params(SCALE, "multiplicative"),
    "spiked.additive_threshold": strat.threshold_params(SCALE, "additive"),
    "spiked.rect_threshold": strat.threshold_params(SCALE, "rectangular"),
    # Four times the replicates: after the Tracy-Widom shift correction the standard error is half the tolerance.
    # Smaller side >= 200: the Tracy-Widom remainder bound falls like m^{-2/3}.
    "lowrank.relative_error": strat.spiked_params(SCALE, model="additive", m_low=200,
                                                  replicates=4 * SCALE.spike_replicates),
    "lowrank.fixed_dim": strat.fixed_dim_params(SCALE),
    "ht.hill_pareto": strat.hill_params(SCALE),
    "ht.ks_pareto": strat.ks_params(SCALE, "pareto_body"),
    "ht.ks_student_t": strat.ks_params(SCALE, "student_t"),
    "ht.levy_exponent": strat.heavy_matrix_params(SCALE),
    "ht.moderate_trend": strat.moderate_trend_params(SCALE),
    "ht.mp_light_tails": strat.light_tail_params(SCALE),
    "kesten.lognormal": strat.kesten_params(SCALE),
    "kesten.sgd_1d": strat.sgd_params(SCALE),
    "kesten.sgd_trend": strat.sgd_trend_params(SCALE),
    # Draw regimes and their reasons: tests/strategies.py (random Fourier features) and docs/rff.md.
    "rff.fixed_point": strat.rff_fixed_point_params(SCALE, draws=SCALE.rff_fixed_point_draws),
    "rff.train_mse": strat.rff_params(SCALE, draws=SCALE.rff_mse_draws),
    "rff.test_mse": strat.rff_params(SCALE, draws=SCALE.rff_mse_draws, p_high=1.25),
    "rff.ridgeless_peak": strat.rff_peak_params(SCALE),
    "adam.update_frobenius": strat.frobenius_params(SCALE),
    "adam.update_spectral": strat.spectral_params(SCALE),
    "adam.rho_trend": strat.rho_trend_params(SCALE),
    "adam.spike_threshold": strat.spike_threshold_params(SCALE, "adam"),
    "adam.spike_location": strat.spike_location_params(SCALE),
    "adam.gd_spike_threshold": strat.spike_threshold_params(SCALE, "gd"),
    "adam.multistep_adam_trend": strat.multistep_params(SCALE, "adam"),
    "adam.multistep_gd_flat": strat.multistep_params(SCALE, "gd"),
}


# Claims whose single example costs seconds run a fraction of the profile's examples
# (at least 4): the outlier variance needs thousands of replicates per example.
EXAMPLE_FRACTION: dict[str, float] = {
    "spiked.outlier_variance": 0.5,
    # Each multi-step example trains 15 networks for 10 steps (seconds at d = 500).
    "adam.multistep_adam_trend": 0.16,
    "adam.multistep_gd_flat": 0.16,
    "adam.rho_trend": 0.4,
    # 24-48 replicates per one-step example (seconds at d = 300).
    "adam.spike_threshold": 0.4,
    "adam.gd_spike_threshold": 0.4,
    "adam.spike_location": 0.4,
    # Heavy tails: seconds per example (KS fits of 32 x 4000 values, 48 heavy-tailed matrices of
    # m <= 600, 131072 Kesten chains with splitting, 25 SGD runs in d <= 5).
    "ht.ks_pareto": 0.4,
    "ht.ks_student_t": 0.4,
    "ht.levy_exponent": 0.32,
    "ht.mp_light_tails": 0.4,
    "ht.moderate_trend": 0.4,
    "kesten.lognormal": 0.32,
    "kesten.sgd_1d": 0.32,
    "kesten.sgd_trend": 0.24,
}


def check(claim_id: str, params: Any, seed: int, evidence: Evidence) -> None:
    from theory.registry import get

    outcome = run(Check(get(claim_id), EXPERIMENTS[claim_id], DRAWS[claim_id]), params, seed,
                  target_factor=SCALE.target_factor)
    evidence.record(outcome)
    assert outcome.agrees, "claim disagrees with simulation:\n" + outcome.summary()
    assert not outcome.unrejected_variants, (
        "wrong variant(s) not rejected (no power):\n" + outcome.summary()
    )
    assert outcome.meets_target, "resolution misses its target:\n" + outcome.summary()


def _make(claim_id: str) -> Any:
    examples = max(4, round(settings().max_examples * EXAMPLE_FRACTION.get(claim_id, 1.0)))

    @pytest.mark.agreement
    @pytest.mark.power
    @settings(max_examples=examples)
    @given(params=DRAWS[claim_id], seed=strat.seeds())
    def test(params: Any, seed: int, evidence: Evidence) -> None:
        check(claim_id, params, seed, evidence)

    test.__name__ = "test_" + claim_id.replace(".", "_")
    test.__doc__ = f"{claim_id}: agreement within tolerance, every wrong variant rejected."
    return test


for _claim_id in DRAWS:
    globals()["test_" + _claim_id.replace(".", "_")] = _make(_claim_id)


def test_every_claim_has_a_draw_and_an_experiment() -> None:
    from theory.registry import ids

    assert set(DRAWS) == set(ids())
    assert set(EXPERIMENTS) == set(ids())
