"""Report figures of the issue-16 claims and measurements (fixed seeds, reproducible).

* ``adam_teacher_alignment.png``: ``|cos(v1(W1), beta)|`` against ``eta / eta*`` after one FB-Adam step at
  ``(n, h, d) = (300, 225, 150)``, 400 replicates per point, with the closed form and its wrong variants.
* ``adam_overlap_outlier.png``: the largest entry of appendix C's 10 x 10 overlap matrix against
  ``eta / eta*`` (same draws), with the correlated left overlap, the Haar mean and the level-1e-3 Haar bound.
* ``adam_step_complexity.png``: steps until PL_Alpha_Hill <= 2 against the one-step gap
  ``(sigma_1 - sigma_2) / sigma_2`` of ``W1`` for d = 100, 200 (FB-Adam, 2 seeds), with the pooled
  power-law fit of :func:`fit_step_complexity`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from numpy.typing import NDArray

from sim.check import Figure
from sim.device import generator
from sim.families.adam_extra.experiments import draw_with_teacher, top_left_vectors, top_right_vector
from sim.two_layer import TwoLayerConfig, train
from theory import adam_alignment, adam_step

FloatArray = NDArray[np.float64]
FACTORS = (0.25, 0.5, 0.75, 1.25, 1.5, 2.0, 3.0, 4.0)


@dataclass(frozen=True)
class OneStepSweep:
    """Means and standard errors over replicates at each of ``FACTORS`` (one set of draws)."""

    n: int
    h: int
    d: int
    reps: int
    centre: float
    cosine: tuple[tuple[float, float], ...]
    top_overlap: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def one_step_sweep() -> OneStepSweep:
    """``|cos(v1(W1), beta)|`` and the largest overlap entry at ``FACTORS`` times the threshold, seed 1616."""
    n, h, d, reps = 300, 225, 150, 400
    centre = adam_step.learning_rate_threshold("adam", n, h, d)
    draw = draw_with_teacher(n, h, d, "adam", reps, 0.3, generator(1616))
    update_vectors = torch.linalg.svd(draw.direction, full_matrices=False)[0][..., :10]
    cos, tops = [], []
    for f in FACTORS:
        W1 = draw.W0 - f * centre * draw.direction
        values = torch.abs(torch.einsum("rd,rd->r", top_right_vector(W1), draw.beta)).cpu().numpy()
        cos.append((float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(reps)))
        overlap = torch.abs(top_left_vectors(W1, 10).transpose(-1, -2) @ update_vectors)
        top = torch.amax(overlap, dim=(-2, -1)).cpu().numpy()
        tops.append((float(np.mean(top)), float(np.std(top, ddof=1)) / math.sqrt(reps)))
    return OneStepSweep(n, h, d, reps, centre, tuple(cos), tuple(tops))


def alignment_figure(path: Path, plt: Any) -> None:
    """``adam_teacher_alignment.png`` (written to ``path``)."""
    sweep = one_step_sweep()
    n, h, d, centre = sweep.n, sweep.h, sweep.d, sweep.centre
    grid = np.linspace(0.2, 4.2, 200)
    curves: dict[str, dict[str, bool]] = {
        "closed form": {},
        "independent overlap": {"correlated": False},
        "overlap x alignment (no factor)": {"teacher_factor": False},
        "pre-issue-12 equation": {"aligned_quadratic": False},
        "no overlap factor": {"overlap": False},
    }
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for label, kwargs in curves.items():
        ax.plot(grid, [adam_alignment.teacher_alignment(g * centre, "adam", n, h, d, **kwargs) for g in grid],
                lw=2.0 if label == "closed form" else 1.0, ls="-" if label == "closed form" else "--", label=label)
    ax.errorbar(FACTORS, [c[0] for c in sweep.cosine], yerr=[2 * c[1] for c in sweep.cosine], fmt="ko", ms=4,
                label=f"simulation ({sweep.reps} replicates, 2 SE)")
    ax.set_xlabel("eta / eta* (corrected one-step threshold)")
    ax.set_ylabel("|cos(v1(W1), beta)|")
    ax.set_title(f"Teacher alignment after one FB-Adam step, (n, h, d) = ({n}, {h}, {d})")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def overlap_figure(path: Path, plt: Any) -> None:
    """``adam_overlap_outlier.png`` (written to ``path``)."""
    sweep = one_step_sweep()
    n, h, d, centre = sweep.n, sweep.h, sweep.d, sweep.centre
    grid = np.linspace(0.2, 4.2, 200)
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.plot(grid, [adam_alignment.overlap_top_entry(g * centre, n, h, d) for g in grid], lw=2.0,
            label="correlated left overlap |q| (Haar mean below)")
    ax.plot(grid, [adam_alignment.overlap_top_entry(g * centre, n, h, d, correlated=False) for g in grid], "--",
            label="independent-perturbation overlap")
    ax.axhline(adam_alignment.haar_overlap_bound(10, h), color="grey", ls=":", label="Haar bound, level 1e-3")
    ax.errorbar(FACTORS, [t[0] for t in sweep.top_overlap], yerr=[2 * t[1] for t in sweep.top_overlap],
                fmt="ko", ms=4, label="simulation, mean largest entry")
    ax.set_xlabel("eta / eta*")
    ax.set_ylabel("max |<u_i(W1), u_j(Delta W)>|, i, j <= 10")
    ax.set_title("Overlap outlier after one FB-Adam step (appendix C)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def steps_to_heavy_tail(hill: FloatArray, level: float = 2.0) -> int | None:
    """The first step whose PL_Alpha_Hill is at most ``level`` (``None`` if none is)."""
    hits = np.flatnonzero(np.asarray(hill) <= level)
    return int(hits[0]) if hits.size else None


def fit_step_complexity(d: FloatArray, gap: FloatArray, steps: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Least squares ``log steps = a + c log d + b log gap``: coefficients ``(a, c, b)`` and standard errors."""
    design = np.column_stack([np.ones(gap.size), np.log(d), np.log(gap)])
    target = np.log(steps)
    coef, *_ = np.linalg.lstsq(design, target, rcond=None)
    resid = target - design @ coef
    dof = target.size - design.shape[1]
    if dof < 1:
        raise ValueError(f"need more than 3 points; got {target.size}")
    cov = float(resid @ resid) / dof * np.linalg.inv(design.T @ design)
    return coef, np.sqrt(np.diag(cov))


def step_complexity_figure(path: Path, plt: Any) -> None:
    """``adam_step_complexity.png`` (written to ``path``)."""
    rows = []
    for d, steps in ((100, 20), (200, 30)):
        n, h = 2 * d, 3 * d // 2
        centre = adam_step.learning_rate_threshold("adam", n, h, d)
        for factor in (4.0, 6.0, 8.0, 16.0):
            for seed in (0, 1):
                run = train(TwoLayerConfig(n, h, d, "adam", factor * centre, steps=steps), seed,
                            probe_steps=tuple(range(steps + 1)))
                top = run.probes[1].top_singular_values
                tau = steps_to_heavy_tail(np.asarray([p.alpha_hill for p in run.probes]))
                rows.append((d, float((top[0] - top[1]) / top[1]), tau))
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for d, marker in ((100, "o"), (200, "s")):
        pts = [(g, t) for dd, g, t in rows if dd == d and t is not None]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker, label=f"d = {d}")
    fit = [(dd, g, t) for dd, g, t in rows if t is not None and t > 1]
    if len(fit) > 3:
        table = np.asarray(fit, dtype=float)
        coef, se = fit_step_complexity(table[:, 0], table[:, 1], table[:, 2])
        grid = np.linspace(1.2, 6.0, 50)
        for d in (100, 200):
            ax.plot(grid, np.exp(coef[0] + coef[1] * math.log(d)) * grid ** coef[2], "--",
                    label=f"fit d = {d}: steps ~ d^{coef[1]:.2f}({se[1]:.2f}) gap^{coef[2]:.2f}({se[2]:.2f})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("one-step gap (sigma_1 - sigma_2) / sigma_2 of W1")
    ax.set_ylabel("steps until PL_Alpha_Hill <= 2")
    ax.set_title("FB-Adam: step complexity of the heavy tail (n, h, d) = (2d, 1.5d, d)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


FIGURES = (
    Figure("adam_teacher_alignment.png", alignment_figure),
    Figure("adam_overlap_outlier.png", overlap_figure),
    Figure("adam_step_complexity.png", step_complexity_figure),
)
