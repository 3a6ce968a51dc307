"""Hypothesis settings profiles and the size scale that goes with each.

``RMTCHECK_PROFILE`` selects the profile (default ``ci``):

* ``ci`` — derandomised, few examples, moderate sizes: the whole suite within 5 minutes
  on 2 CPU cores;
* ``verify`` — random seed (printed, and passed with ``--hypothesis-seed`` by
  ``nox -s verify`` so any failure replays), more examples, larger sizes; sizes grow
  further when a CUDA device is present.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, settings

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile(
    "ci", derandomize=True, max_examples=10, deadline=None, suppress_health_check=_SLOW_OK,
    print_blob=True,
)
settings.register_profile(
    "verify", derandomize=False, max_examples=25, deadline=None,
    suppress_health_check=_SLOW_OK, print_blob=True,
)


@dataclass(frozen=True)
class Scale:
    """Size ranges for one profile. ``m`` is the smaller matrix dimension."""

    m_min: int
    m_max: int
    replicates: int
    tw_m_min: int
    tw_m_max: int
    tw_replicates: int
    spike_replicates: int = 16
    variance_replicates: int = 3200
    threshold_replicates: int = 8
    threshold_m_max: int = 120
    spike_m_max: int = 200
    heavy_m_max: int = 400
    heavy_replicates: int = 24
    adam_h_max: int = 200  # largest width (and input dimension) of the one-step claims
    adam_replicates: int = 8
    multistep_d: tuple[int, int] = (150, 200)  # input dimension of the multi-step claims (n = 2d, h = 1.5d)
    kesten_runs: int = 2  # 65536 * kesten_runs chains per Kesten / 1-d SGD example (splitting)
    rff_mse_draws: int = 512  # draws of W per RFF MSE example, 16 label vectors each (ci: 256)
    rff_fixed_point_draws: int = 256  # resolvents per fixed-point example (ci: 128)
    # Marchenko–Pastur claims: smaller side of mp.esd / mp.moments / mp.stieltjes, of mp.edges,
    # and the replicates pooled by mp.esd and averaged by mp.edges (mp.moments and mp.stieltjes
    # use ``replicates``).
    mp_m: tuple[int, int] = (100, 120)
    edge_m: tuple[int, int] = (80, 100)
    esd_replicates: int = 24
    edge_replicates: int = 24
    # Resolution targets are set for the verify profile; ci runs smaller sizes and fewer samples
    # and enforces each target times this factor (still catching a check that lost its power).
    target_factor: float = 1.0


SCALES = {
    "ci": Scale(m_min=80, m_max=200, replicates=48, tw_m_min=80, tw_m_max=100, tw_replicates=10000,
                target_factor=3.0, kesten_runs=1, rff_mse_draws=256, rff_fixed_point_draws=128),
    "verify": Scale(m_min=100, m_max=500, replicates=160, tw_m_min=140, tw_m_max=180,
                    tw_replicates=24000, spike_replicates=16, variance_replicates=4800,
                    threshold_replicates=16, threshold_m_max=200, spike_m_max=300,
                    heavy_m_max=600, heavy_replicates=32, adam_h_max=400, adam_replicates=12,
                    multistep_d=(500, 500), mp_m=(120, 160), edge_m=(120, 150), esd_replicates=48,
                    edge_replicates=64),
    "verify-cuda": Scale(m_min=200, m_max=1500, replicates=256, tw_m_min=200, tw_m_max=500,
                         tw_replicates=40000, spike_replicates=32, variance_replicates=9600,
                         threshold_replicates=32, threshold_m_max=400, spike_m_max=1000,
                         heavy_m_max=1000, heavy_replicates=32, adam_h_max=1000, adam_replicates=16,
                         multistep_d=(1000, 1000), mp_m=(200, 400), edge_m=(200, 400), esd_replicates=32,
                         edge_replicates=64),
}


def active_profile() -> str:
    name = os.environ.get("RMTCHECK_PROFILE", "ci")
    if name not in ("ci", "verify"):
        raise ValueError(f"RMTCHECK_PROFILE must be 'ci' or 'verify'; got {name!r}")
    return name


def active_scale() -> Scale:
    name = active_profile()
    if name == "verify":
        import torch

        if torch.cuda.is_available():
            return SCALES["verify-cuda"]
    return SCALES[name]
