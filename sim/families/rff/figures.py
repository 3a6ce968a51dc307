"""Report figures of the random Fourier feature claims (fixed seeds; ``report`` extra).

* ``rff_double_descent.png``: ``rff.ridgeless_peak``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.check import Figure
from sim.device import generator
from sim.rff import Dataset, digits, gaussian_mixture, rff_mse
from theory import rff

DRAWS = 8


def _points(data: Dataset, N: int, lam: float, seed: int) -> tuple[float, float, float, float]:
    train, test = rff_mse(data, N, lam, DRAWS, generator(seed))
    scale = 2.0 / math.sqrt(DRAWS)
    return (float(train.mean()), scale * float(train.std(ddof=1)),
            float(test.mean()), scale * float(test.std(ddof=1)))


def double_descent_figure(path: Path, plt: Any) -> None:
    n = 256
    sets = (gaussian_mixture(n=n, n_test=n, p=256, separation=0.2, gen=generator(900)),
            digits(n, n, generator(901)))
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    for row, data in enumerate(sets):
        left, right = axes[row]
        lams = np.logspace(-4, 1, 11)
        for colour, ratio in (("C0", 0.25), ("C1", 1.0)):
            N = round(ratio * n)
            curve = [rff.train_mse(data.X, data.y, N, float(lam)) for lam in lams]
            left.plot(lams, curve, "-", color=colour, label=f"theory, N/n = {ratio:g}")
            for i, lam in enumerate(lams[::2]):
                mean, err, _, _ = _points(data, N, float(lam), 910 + i)
                left.errorbar(lam, mean, yerr=err, fmt="o", color=colour, ms=4, capsize=2)
        left.set_xscale("log")
        left.set_xlabel("ridge lam")
        left.set_ylabel("training MSE")
        left.set_title(data.name, fontsize=9)
        left.legend(fontsize=8)
        ratios = np.round(np.arange(0.05, 2.01, 0.05), 2)
        for colour, lam in (("C2", 1e-4), ("C3", 1e-1)):
            _, test = rff.double_descent_curve(data.X, data.y, data.X_test, data.y_test, ratios, lam)
            right.plot(ratios, test, "-", color=colour, label=f"theory, lam = {lam:g}")
            for i, ratio in enumerate(ratios[1::3]):
                _, _, mean, err = _points(data, round(float(ratio) * n), lam, 930 + i)
                right.errorbar(ratio, mean, yerr=err, fmt="o", color=colour, ms=4, capsize=2)
        right.axvline(0.5, color="gray", ls="--", lw=1)
        right.set_yscale("log")
        right.set_xlabel("N / n")
        right.set_ylabel("test MSE")
        right.legend(fontsize=8)
    fig.suptitle(f"RFF ridge regression, n = {n}; points: mean of {DRAWS} draws of W, bars ±2 SE", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


DOUBLE_DESCENT_FIGURE = Figure("rff_double_descent.png", double_descent_figure)
