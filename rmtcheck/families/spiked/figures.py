"""Report figures of the spiked-model claims (fixed seeds; ``report`` extra).

* ``spiked_outlier.png``: ``spiked.outlier``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck.check import Figure
from rmtcheck.families.spiked._common import simulate_multiplicative
from rmtcheck.params import SpikedParams
from theory import spiked


def _mean_and_error(values: np.ndarray[Any, np.dtype[np.float64]]) -> tuple[float, float]:
    return float(values.mean()), float(2.0 * values.std(ddof=1) / math.sqrt(values.size))


def outlier_figure(path: Path, plt: Any) -> None:
    from sim.device import generator

    p, n, reps = 400, 800, 24
    c = p / n
    ells = np.linspace(0.1, 3.0, 16)
    grid = np.linspace(0.02, 3.0, 400)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for i, ell in enumerate(ells):
        params = SpikedParams(p=p, n=n, ells=(float(ell),), law="gaussian", replicates=reps)
        sample = simulate_multiplicative(params, generator(500 + i))
        for ax, values in zip(axes, (sample.eigenvalues[:, 0], sample.overlaps[:, 0]), strict=True):
            mean, err = _mean_and_error(values)
            ax.errorbar(ell, mean, yerr=err, fmt="o", color="C0", ms=3, capsize=2)
    axes[0].plot(grid, np.asarray(spiked.outlier(grid, c)), "k", label=r"$(1 + \ell)(1 + c/\ell)$, edge below")
    axes[0].plot(grid, 1 + grid, "r:", label=r"$1 + \ell$ (population value, wrong)")
    axes[1].plot(grid, np.asarray(spiked.overlap(grid, c)), "k", label=r"$(1 - c/\ell^2)/(1 + c/\ell)$")
    for ax, label in zip(axes, (r"top eigenvalue of $S$", r"$\langle u, \hat v\rangle^2$"), strict=True):
        ax.axvline(spiked.bbp_threshold(c), color="gray", ls="--", lw=1)
        ax.set_xlabel(r"spike strength $\ell$")
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
    fig.suptitle(f"Multiplicative spike, p={p}, n={n} (c={c:g}), {reps} draws per point, bars ±2 SE",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


OUTLIER_FIGURE = Figure("spiked_outlier.png", outlier_figure)
