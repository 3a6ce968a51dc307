"""Multi-step measurements of issue 16 (items 2, 3, 5): one JSON line per run.

``python -m benchmarks.adam_issue16_runs OUT.jsonl`` trains FB-Adam and GD on the scaled main configuration
(n, h, d) = (2d, 1.5d, d) with learning rates in multiples of each optimizer's corrected one-step threshold,
with weight normalisation and StepLR variants, probing every step (docs/adam.md, "Issue 16 measurements").
"""

from __future__ import annotations

import json
import sys
import time

from sim.two_layer import TwoLayerConfig, train
from theory import adam_step


def record(out: str, tag: str, config: TwoLayerConfig, seed: int, factor: float) -> None:
    start = time.perf_counter()
    run = train(config, seed, probe_steps=tuple(range(config.steps + 1)))
    rows = [{"step": m.step, "train": m.train_loss, "test": m.test_loss, "kta": m.kta, "sim": m.sim,
             "hill": m.alpha_hill, "ks": m.alpha_ks, "top": [float(x) for x in m.top_singular_values[:2]]}
            for m in run.probes]
    line = {"tag": tag, "n": config.n, "h": config.h, "d": config.d, "optimizer": config.optimizer,
            "factor": factor, "lr": config.lr, "seed": seed, "weight_norm": config.weight_norm,
            "lr_decay": config.lr_decay, "probes": rows, "seconds": time.perf_counter() - start}
    with open(out, "a") as fh:
        fh.write(json.dumps(line) + "\n")


def main(out: str) -> None:
    seeds = (0, 1, 2)
    for d in (200, 100):
        n, h = 2 * d, 3 * d // 2
        eta_a = adam_step.learning_rate_threshold("adam", n, h, d)
        eta_g = adam_step.learning_rate_threshold("gd", n, h, d)
        steps = 30 if d == 200 else 40
        for factor in (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0):
            for seed in seeds:
                record(out, "adam", TwoLayerConfig(n, h, d, "adam", factor * eta_a, steps=steps), seed, factor)
        if d != 200:
            continue
        for factor in (0.125, 0.5, 1.0, 2.0, 4.0):
            for seed in seeds:
                record(out, "gd", TwoLayerConfig(n, h, d, "gd", factor * eta_g, steps=10), seed, factor)
        for factor in (0.5, 2.0, 4.0, 8.0, 16.0, 32.0):
            for seed in seeds:
                record(out, "adam_wn", TwoLayerConfig(n, h, d, "adam", factor * eta_a, steps=10, weight_norm=True),
                       seed, factor)
        for decay in (0.25, 0.5, 0.75, 0.9):
            for seed in seeds:
                record(out, f"adam_steplr_{decay}",
                       TwoLayerConfig(n, h, d, "adam", 8.0 * eta_a, steps=10, lr_decay=decay), seed, 8.0)
    for d in (300,):
        n, h = 2 * d, 3 * d // 2
        eta_a = adam_step.learning_rate_threshold("adam", n, h, d)
        for factor in (2.0, 4.0, 8.0, 16.0, 32.0):
            for seed in (0, 1):
                record(out, "adam", TwoLayerConfig(n, h, d, "adam", factor * eta_a, steps=30), seed, factor)


if __name__ == "__main__":
    main(sys.argv[1])
