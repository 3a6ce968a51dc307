"""Report figures of the random Fourier feature claims (fixed seeds; ``report`` extra).

* ``rff_double_descent.png``: ``rff.ridgeless_peak``; its theory curves and simulated points run as
  one task grid (:func:`double_descent_point`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rmtcheck import Figure
from theory import rff

if TYPE_CHECKING:
    from sim.rff import Dataset

DRAWS = 8
N_TRAIN = 256
DATASETS = ("gaussian_mixture", "digits")
LAMS = tuple(float(lam) for lam in np.logspace(-4, 1, 11))
LEFT_RATIOS = (0.25, 1.0)
RIGHT_LAMS = (1e-4, 1e-1)
RATIOS = tuple(float(r) for r in np.round(np.arange(0.05, 2.01, 0.05), 2))
# A grid point: (kind, data set, N, lam, seed) with kind "sim" (DRAWS simulated draws of W at N, lam),
# "train" (the theory's training MSE at N over LAMS) or "test" (the theory's test MSE over RATIOS at lam).
Point = tuple[str, str, int, float, int]


def _dataset(name: str) -> Dataset:
    """The figure's data sets, rebuilt from their fixed seeds wherever a task runs."""
    from sim.device import generator
    from sim.rff import digits, gaussian_mixture

    if name == "gaussian_mixture":
        return gaussian_mixture(n=N_TRAIN, n_test=N_TRAIN, p=256, separation=0.2, gen=generator(900))
    if name == "digits":
        return digits(N_TRAIN, N_TRAIN, generator(901))
    raise ValueError(f"data set must be one of {DATASETS}; got {name!r}")


def double_descent_point(point: Point) -> tuple[float, ...]:
    """One task of the figure's grid: ``"sim"`` -> (train mean, 2 SE, test mean, 2 SE) over ``DRAWS``
    draws of ``W``; ``"train"`` -> the theory's training MSE at each of ``LAMS``; ``"test"`` -> the
    theory's test MSE at each of ``RATIOS`` (plain floats)."""
    from sim.device import generator
    from sim.rff import rff_mse

    kind, name, N, lam, seed = point
    data = _dataset(name)
    if kind == "sim":
        train, test = rff_mse(data, N, lam, DRAWS, generator(seed))
        scale = 2.0 / math.sqrt(DRAWS)
        return (float(train.mean()), scale * float(train.std(ddof=1)),
                float(test.mean()), scale * float(test.std(ddof=1)))
    if kind == "train":
        return tuple(float(rff.train_mse(data.X, data.y, N, lam_)) for lam_ in LAMS)
    if kind == "test":
        _, curve = rff.double_descent_curve(data.X, data.y, data.X_test, data.y_test, np.asarray(RATIOS), lam)
        return tuple(float(v) for v in curve)
    raise ValueError(f"kind must be 'sim', 'train' or 'test'; got {kind!r}")


def double_descent_points() -> list[Point]:
    """Every task of the figure (seeds 910 + i for the training points, 930 + i for the test points)."""
    points: list[Point] = []
    for name in DATASETS:
        for ratio in LEFT_RATIOS:
            N = round(ratio * N_TRAIN)
            points.append(("train", name, N, 0.0, 0))
            points += [("sim", name, N, lam, 910 + i) for i, lam in enumerate(LAMS[::2])]
        for lam in RIGHT_LAMS:
            points.append(("test", name, 0, lam, 0))
            points += [("sim", name, round(ratio * N_TRAIN), lam, 930 + i) for i, ratio in enumerate(RATIOS[1::3])]
    return points


def double_descent_figure(path: Path, plt: Any) -> None:
    """Theory curves and simulated points, every one a task of one grid (``rmtcheck.engine.map_grid``: in
    parallel under ``rmtcheck verify --figures --workers N``)."""
    from rmtcheck.engine import map_grid

    points = double_descent_points()
    results = dict(zip(points, map_grid(double_descent_point, points, label="rff double descent"), strict=True))
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    for row, name in enumerate(DATASETS):
        left, right = axes[row]
        for colour, ratio in zip(("C0", "C1"), LEFT_RATIOS, strict=True):
            N = round(ratio * N_TRAIN)
            left.plot(LAMS, results[("train", name, N, 0.0, 0)], "-", color=colour,
                      label=f"theory, N/n = {ratio:g}")
            for i, lam in enumerate(LAMS[::2]):
                mean, err, _, _ = results[("sim", name, N, lam, 910 + i)]
                left.errorbar(lam, mean, yerr=err, fmt="o", color=colour, ms=4, capsize=2)
        left.set_xscale("log")
        left.set_xlabel(r"ridge $\lambda$")
        left.set_ylabel("training MSE")
        left.set_title(_dataset_title(name), fontsize=9)
        left.legend(fontsize=8)
        for colour, lam in zip(("C2", "C3"), RIGHT_LAMS, strict=True):
            right.plot(RATIOS, results[("test", name, 0, lam, 0)], "-", color=colour,
                       label=f"theory, lam = {lam:g}")
            for i, ratio in enumerate(RATIOS[1::3]):
                _, _, mean, err = results[("sim", name, round(ratio * N_TRAIN), lam, 930 + i)]
                right.errorbar(ratio, mean, yerr=err, fmt="o", color=colour, ms=4, capsize=2)
        right.axvline(0.5, color="gray", ls="--", lw=1)
        right.set_yscale("log")
        right.set_xlabel(r"$N/n$")
        right.set_ylabel("test MSE")
        right.legend(fontsize=8)
    fig.suptitle(f"RFF ridge regression, n = {N_TRAIN}; points: mean of {DRAWS} draws of W, bars ±2 SE",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _dataset_title(name: str) -> str:
    return _dataset(name).name


DOUBLE_DESCENT_FIGURE = Figure("rff_double_descent.png", double_descent_figure)
