"""Figures for the spiked-model and low-rank claims (fixed seeds, reproducible).

* ``spiked_outlier.png`` — outlier location and squared overlap against ell (c = 0.5,
  p = 400), theory curves with simulated means ± 2 standard errors;
* ``lowrank_error.png`` — relative spectral error of the rank-one approximation against ell
  for p = 512 and n in {1024, 2048}, as in source document 001's figure.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from sim.device import generator
from sim.experiments.params import SpikedParams
from sim.experiments.spiked_experiments import simulate_additive, simulate_multiplicative
from theory import lowrank, spiked


def _mean_and_error(values: np.ndarray[Any, np.dtype[np.float64]]) -> tuple[float, float]:
    return float(values.mean()), float(2.0 * values.std(ddof=1) / math.sqrt(values.size))


def outlier_figure(path: Path, plt: Any) -> None:
    p, n, reps = 400, 800, 24
    c = p / n
    ells = np.linspace(0.1, 3.0, 16)
    grid = np.linspace(0.02, 3.0, 400)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for i, ell in enumerate(ells):
        sample = simulate_multiplicative(SpikedParams(p, n, (float(ell),), "gaussian", reps), generator(500 + i))
        for ax, values in zip(axes, (sample.eigenvalues[:, 0], sample.overlaps[:, 0]), strict=True):
            mean, err = _mean_and_error(values)
            ax.errorbar(ell, mean, yerr=err, fmt="o", color="C0", ms=3, capsize=2)
    axes[0].plot(grid, np.asarray(spiked.outlier(grid, c)), "k", label="(1 + ell)(1 + c/ell), edge below")
    axes[0].plot(grid, 1 + grid, "r:", label="1 + ell (population value, wrong)")
    axes[1].plot(grid, np.asarray(spiked.overlap(grid, c)), "k", label="(1 - c/ell^2)/(1 + c/ell)")
    for ax, label in zip(axes, ("top eigenvalue of S", "<u, v_hat>^2"), strict=True):
        ax.axvline(spiked.bbp_threshold(c), color="gray", ls="--", lw=1)
        ax.set_xlabel("spike strength ell")
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
    fig.suptitle(f"Multiplicative spike, p={p}, n={n} (c={c:g}), {reps} draws per point, bars ±2 SE",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def lowrank_figure(path: Path, plt: Any) -> None:
    p, reps = 512, 8
    ells = np.linspace(0.2, 6.0, 14)
    grid = np.linspace(0.05, 6.0, 400)
    fig, ax = plt.subplots(figsize=(6, 4))
    for j, n in enumerate((1024, 2048)):
        c = p / n
        for i, ell in enumerate(ells):
            sample = simulate_additive(SpikedParams(p, n, (float(ell),), "gaussian", reps),
                                       generator(700 + 50 * j + i))
            mean, err = _mean_and_error(sample.eigenvalues[:, 1] / sample.eigenvalues[:, 0])
            ax.errorbar(ell, mean, yerr=err, fmt="o", color=f"C{j}", ms=3, capsize=2)
        ax.plot(grid, np.asarray(lowrank.relative_error(grid, c)), color=f"C{j}", label=f"theory, n={n}")
    ax.plot(grid, np.asarray(lowrank.relative_error_fixed_dim(grid)), "k:", label="1/(1 + ell) (fixed p)")
    ax.set_xlabel("ell")
    ax.set_ylabel("||X - X_hat||_2 / ||X||_2")
    ax.set_title(f"Rank-one approximation of ell uu^T + ZZ^T/n, p={p}", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
