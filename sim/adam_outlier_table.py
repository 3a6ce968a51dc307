"""Outlier table of the one-step spike (issue 12's done-when check): ``sigma_1(W1)`` of a simulated
first FB-Adam / GD step at ``eta = (1.5, 2, 3)`` times the predicted threshold, against the corrected
outlier equation and the pre-issue-12 one (no ``alpha^2`` term in ``v^T (z^2 - X^T X)^{-1} v``).

``python -m sim.adam_outlier_table [replicates] [seed]`` prints a Markdown table; CUDA when present.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
import torch

from sim.device import generator
from sim.experiments.adam_experiments import threshold_estimate
from sim.linalg import top_singular_values
from sim.two_layer import first_step
from theory import adam_step

SIZES = ((1200, 900, 600), (1200, 600, 900), (2000, 1500, 1000), (2000, 1000, 1500), (4000, 3000, 2000))
FACTORS = (1.5, 2.0, 3.0)


def table(replicates: int = 8, seed: int = 12) -> list[str]:
    """Rows ``| optimizer | (n, h, d) | eta/eta* | measured +- SE | predicted | rel. error | old | old rel. |``
    followed by the threshold estimate per size (``threshold_estimate`` on the same replicates)."""
    rows = ["| optimizer | (n, h, d) | eta / eta* | measured sigma_1 (+- SE) | predicted | rel. error | "
            "old equation | old rel. error |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    thresholds = ["| optimizer | (n, h, d) | predicted eta* | estimated eta* (+- SE) | rel. error | old eta* |",
                  "| --- | --- | --- | --- | --- | --- |"]
    gen = generator(seed)
    for opt in ("adam", "gd"):
        for n, h, d in SIZES:
            step = first_step(n, h, d, opt, gen, replicates)
            star = adam_step.learning_rate_threshold(opt, n, h, d)
            etas, tops = [], []
            for f in FACTORS:
                eta = f * star
                top = top_singular_values(step.W0 - eta * step.direction, 1)[..., 0].cpu().numpy()
                etas.append(eta)
                tops.append(top)
                mean, se = float(np.mean(top)), float(np.std(top, ddof=1)) / math.sqrt(top.size)
                pred = adam_step.top_singular_value(eta, opt, n, h, d)
                old = adam_step.top_singular_value(eta, opt, n, h, d, aligned_quadratic=False)
                rows.append(f"| {opt} | ({n}, {h}, {d}) | {f} | {mean:.4f} +- {se:.4f} | {pred:.4f} | "
                            f"{(pred - mean) / mean:+.4%} | {old:.4f} | {(old - mean) / mean:+.4%} |")
            est, err = threshold_estimate(np.asarray(etas), np.stack(tops, axis=1), opt, n, h, d, 0.3)
            old_star = adam_step.learning_rate_threshold(opt, n, h, d, aligned_quadratic=False)
            thresholds.append(f"| {opt} | ({n}, {h}, {d}) | {star:.5g} | {est:.5g} +- {err:.2g} | "
                              f"{(star - est) / est:+.3%} | {old_star:.5g} |")
            print(rows[-1], flush=True)
    return [*rows, "", *thresholds]


if __name__ == "__main__":
    start = time.perf_counter()
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    sd = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    print("\n".join(table(reps, sd)))
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
    print(f"({time.perf_counter() - start:.1f} s, {device})")
