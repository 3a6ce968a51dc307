"""Report figures of the low-rank approximation error claims (fixed seeds; ``report`` extra).

* ``lowrank_error.png``: ``lowrank.relative_error``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck.check import Figure
from theory import lowrank


def _mean_and_error(values: np.ndarray[Any, np.dtype[np.float64]]) -> tuple[float, float]:
    return float(values.mean()), float(2.0 * values.std(ddof=1) / math.sqrt(values.size))


def lowrank_figure(path: Path, plt: Any) -> None:
    from sim.device import generator
    from sim.spiked import simulate_additive

    p, reps = 512, 8
    ells = np.linspace(0.2, 6.0, 14)
    grid = np.linspace(0.05, 6.0, 400)
    fig, ax = plt.subplots(figsize=(6, 4))
    for j, n in enumerate((1024, 2048)):
        c = p / n
        for i, ell in enumerate(ells):
            sample = simulate_additive(p=p, n=n, ell=float(ell), law="gaussian", replicates=reps,
                                       gen=generator(700 + 50 * j + i))
            mean, err = _mean_and_error(sample.eigenvalues[:, 1] / sample.eigenvalues[:, 0])
            ax.errorbar(ell, mean, yerr=err, fmt="o", color=f"C{j}", ms=3, capsize=2)
        ax.plot(grid, np.asarray(lowrank.relative_error(grid, c)), color=f"C{j}", label=f"theory, n={n}")
    ax.plot(grid, np.asarray(lowrank.relative_error_fixed_dim(grid)), "k:", label=r"$1/(1 + \ell)$ (fixed $p$)")
    ax.set_xlabel(r"$\ell$")
    ax.set_ylabel(r"$\|X - \hat X\|_2 / \|X\|_2$")
    ax.set_title(rf"Rank-one approximation of $\ell uu^T + ZZ^T/n$, $p={p}$", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


ERROR_FIGURE = Figure("lowrank_error.png", lowrank_figure)
