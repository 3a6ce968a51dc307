"""What the low-rank approximation error claims (``lowrank.*``) share: the assumption strings and the
sizes per profile. The model is the additive spiked model of the ``spiked`` family: its parameter
record ``rmtcheck.params.SpikedParams``, its draw ``rmtcheck.draws.spiked_params`` and its simulation
``sim.spiked.simulate_additive`` are shared through those modules.
"""

from __future__ import annotations

from dataclasses import dataclass

COV = (
    "Z is p x n with iid entries, mean 0, variance 1, finite fourth moment",
    "spike directions delocalised (uniform on the sphere in the simulations)",
)

PROPORTIONAL = "p, n -> inf with p / n -> c in (0, inf); spike strengths fixed"


@dataclass(frozen=True)
class LowrankSizes:
    """Sizes of the Low-rank approximation error draws per profile (``m`` is the smaller matrix side)."""

    m_min: int
    m_max: int
    spike_m_max: int
    spike_replicates: int


SIZES: dict[str, LowrankSizes] = {
    "ci": LowrankSizes(m_min=80, m_max=200, spike_m_max=200, spike_replicates=16),
    "verify": LowrankSizes(m_min=100, m_max=500, spike_m_max=300, spike_replicates=16),
    "verify-cuda": LowrankSizes(m_min=200, m_max=1500, spike_m_max=1000, spike_replicates=32),
}
