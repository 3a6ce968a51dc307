"""One experiment per registered claim; ``EXPERIMENTS`` maps claim id to experiment."""

from __future__ import annotations

from typing import Any

from sim.experiments import (
    adam_experiments,
    heavy_tails_experiments,
    mp_experiments,
    rff_experiments,
    spiked_experiments,
    tw_experiments,
)
from sim.harness import Experiment

EXPERIMENTS: dict[str, Experiment[Any]] = {
    e.claim_id: e
    for e in (*mp_experiments.EXPERIMENTS, *tw_experiments.EXPERIMENTS, *spiked_experiments.EXPERIMENTS,
              *heavy_tails_experiments.EXPERIMENTS, *rff_experiments.EXPERIMENTS,
              *adam_experiments.EXPERIMENTS)
}

__all__ = ["EXPERIMENTS"]
