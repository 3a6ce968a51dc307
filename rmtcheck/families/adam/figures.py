"""Report figures of the one-step and multi-step FB-Adam / GD claims (fixed seeds; matplotlib: ``report`` extra).

* ``adam_table2_norms.png`` (+ ``adam_table2.csv``): ``adam.update_frobenius``, ``adam.update_spectral``;
  the Table 2 sweep, several seeds per size, runs as a task grid (:func:`table2_point`).
* ``adam_spike_threshold.png``: ``adam.spike_threshold``, ``adam.gd_spike_threshold``.
* ``adam_multistep.png``: ``adam.multistep_adam_trend``, ``adam.multistep_gd_flat``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rmtcheck import Figure
from rmtcheck.families.adam._common import draw_with_teacher
from theory import adam_alignment, adam_step

TABLE2 = tuple((1000 * k, 750 * k, 500 * k) for k in range(1, 9))

MAIN = (2000, 1500, 1000)

ADAM_FACTORS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)

GD_FACTORS = (1 / 32, 1 / 8, 1 / 2, 1.0, 2.0, 4.0)


TABLE2_SEEDS = 3  # seeds per size; seed 1000 + i + 100 r for size i, replicate r (r = 0: the one-seed sweep's)


def table2_point(point: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
    """One FB-Adam step (``eta = 1``) at ``(n, h, d)`` with ``seed`` (a task of the sweep grid):
    ``(|Delta W|_F, |sign G0|_2, rho, wall seconds)``, plain floats."""
    from sim.two_layer import one_step

    n, h, d, seed = point
    start = time.perf_counter()
    result = one_step(n, h, d, "adam", 1.0, seed=seed)
    return (float(result.update_frobenius[0]), float(result.sign_spectral[0]), float(result.rho[0]),
            time.perf_counter() - start)


def table2_figure(path: Path, plt: Any) -> None:
    """The Table 2 sweep, ``TABLE2_SEEDS`` seeds per size, as one task grid (``rmtcheck.engine.map_grid``:
    in parallel under ``rmtcheck verify --figures --workers N``); the largest sizes are submitted first."""
    from rmtcheck.engine import map_grid

    points = sorted(((n, h, d, 1000 + i + 100 * r) for r in range(TABLE2_SEEDS)
                     for i, (n, h, d) in enumerate(TABLE2)), key=lambda p: (-p[0], p[3]))
    started = time.perf_counter()
    results = dict(zip(points, map_grid(table2_point, points, label="adam table 2"), strict=True))
    elapsed = time.perf_counter() - started
    rows = [(n, h, d, seed, math.sqrt(h * d), *results[(n, h, d, seed)][:3], adam_step.spectral_ratio(n, d),
             results[(n, h, d, seed)][3])
            for r in range(TABLE2_SEEDS) for i, (n, h, d) in enumerate(TABLE2)
            for seed in (1000 + i + 100 * r,)]
    table = np.asarray(rows, dtype=float)
    for n, h, d in TABLE2:
        rho = table[table[:, 0] == n, 7]
        print(f"table 2: (n, h, d) = ({n}, {h}, {d}): rho = {rho.mean():.4f} +- {rho.std(ddof=1):.4f} "
              f"over {rho.size} seeds (predicted {adam_step.spectral_ratio(n, d):.4f})", flush=True)
    header = "n,h,d,seed,sqrt_hd,frobenius_adam,spectral_sign,rho_measured,rho_predicted,wall_s"
    np.savetxt(path.with_name("adam_table2.csv"), table, delimiter=",", header=header, comments="")
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    x = table[:, 4]
    order = np.argsort(x)
    ax.plot(x, table[:, 5], "o", color="C0", ms=4,
            label=r"$\|\Delta W\|_F$, $\epsilon = 10^{-8}$ (simulation)")
    ax.plot(x[order], x[order], "-", color="C0", lw=1, label=r"$\eta\sqrt{hd}$ (sign update)")
    ax.plot(x, table[:, 6], "s", color="C1", ms=4, label=r"$\|\eta\,\mathrm{sign}\,G_0\|_2$ (simulation)")
    ax.plot(x[order], (table[:, 8] * x)[order], "-", color="C1", lw=1,
            label=r"$\rho(n/d)\,\eta\sqrt{hd}$ (derived)")
    ax.set_xlabel(r"$\sqrt{h d}$")
    ax.set_ylabel(r"norm of the first FB-Adam update ($\eta = 1$)")
    ax.set_title(f"Table 2 sweep ({TABLE2_SEEDS} seeds per size): {table[:, 9].sum():.0f} s of tasks, "
                 f"{elapsed:.0f} s wall", fontsize=9)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def spike_threshold_figure(path: Path, plt: Any) -> None:
    from sim.device import generator
    from sim.linalg import top_singular_values
    from sim.two_layer import first_step

    n, h, d = TABLE2[0]
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for ax, optimizer in zip(axes, ("adam", "gd"), strict=True):
        threshold = adam_step.learning_rate_threshold(optimizer, n, h, d)
        etas = threshold * np.geomspace(0.3, 6.0, 24)
        step = first_step(n, h, d, optimizer, generator(1100 if optimizer == "adam" else 1101), replicates=2)
        # Only W1 changes with eta: one batched top singular value per rung, no other norms recomputed.
        sims = np.array([top_singular_values(step.W0 - float(e) * step.direction, 1)[..., 0].cpu().numpy()
                         for e in etas])
        refined = [adam_step.top_singular_value(float(e), optimizer, n, h, d) for e in etas]
        independent = [adam_step.top_singular_value(float(e), optimizer, n, h, d, correlated=False) for e in etas]
        old = [adam_step.top_singular_value(float(e), optimizer, n, h, d, aligned_quadratic=False) for e in etas]
        upd = adam_step.rank_one_update(optimizer, n, h, d)
        edge = [upd.bulk_scale(float(e)) * (math.sqrt(h) + math.sqrt(d)) for e in etas]
        ax.plot(etas, sims[:, 0], "o", color="C0", ms=4, label="simulation (2 replicates)")
        ax.plot(etas, sims[:, 1:], "o", color="C0", ms=4)
        ax.plot(etas, refined, "-", color="C3", label="correlated rank-one, corrected (claim)")
        ax.plot(etas, independent, "--", color="C2", label="independent BBP (variant)")
        ax.plot(etas, old, "-.", color="C1", label=r"no $\alpha^2$ term (pre-issue-12 variant)")
        ax.plot(etas, edge, ":", color="k",
                label=r"bulk scale $s(\eta)(\sqrt{h}+\sqrt{d})$ (not the edge above $\eta \approx 1$)")
        ax.axvline(threshold, color="C3", lw=0.8)
        ax.set_xscale("log")
        ax.set_xlabel(r"learning rate $\eta$")
        ax.set_ylabel(r"$\sigma_1(W_1)$")
        name = "FB-Adam" if optimizer == "adam" else "GD"
        ax.set_title(f"{name}, one step, (n, h, d) = ({n}, {h}, {d}); eta* = {threshold:.3g}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def multistep_figure(path: Path, plt: Any) -> None:
    from sim.two_layer import TwoLayerConfig, train

    n, h, d = MAIN
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    rows = []
    for optimizer, factors, colour in (("adam", ADAM_FACTORS, "C0"), ("gd", GD_FACTORS, "C1")):
        threshold = adam_step.learning_rate_threshold(optimizer, n, h, d)
        for factor in factors:
            for seed in (1200, 1201):
                run = train(TwoLayerConfig(n, h, d, optimizer, factor * threshold, steps=10), seed,
                            probe_steps=(0, 10))
                rows.append((0 if optimizer == "adam" else 1, factor, factor * threshold,
                             run.probes[0].alpha_hill, run.probes[-1].alpha_hill, run.probes[-1].alpha_ks,
                             run.probes[-1].test_loss))
        sub = np.asarray([r for r in rows if r[0] == (0 if optimizer == "adam" else 1)])
        ax.plot(sub[:, 1], sub[:, 4], "o", color=colour,
                label=f"{'FB-Adam' if optimizer == 'adam' else 'GD'} (eta* = {threshold:.3g})")
        print(f"multistep {optimizer}: " + ", ".join(f"{r[1]:g}: {r[4]:.3f}" for r in sub), flush=True)
    init = np.mean([r[3] for r in rows])
    ax.axhline(init, color="k", lw=0.8, ls=":", label=f"initialisation ({init:.2f})")
    ax.axvline(1.0, color="grey", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel(r"$\eta / \eta^*$ (each optimizer's one-step spike threshold)")
    ax.set_ylabel("PL_Alpha_Hill of $W_{10}^T W_{10}$")
    ax.set_title(f"10 full-batch steps, (n, h, d) = {MAIN}, 2 seeds")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    header = "optimizer(0=adam;1=gd),factor,eta,alpha_hill_0,alpha_hill_10,alpha_ks_10,test_loss_10"
    np.savetxt(path.with_name("adam_multistep.csv"), np.asarray(rows), delimiter=",", header=header, comments="")


TABLE2_FIGURE = Figure("adam_table2_norms.png", table2_figure)
SPIKE_THRESHOLD_FIGURE = Figure("adam_spike_threshold.png", spike_threshold_figure)
MULTISTEP_FIGURE = Figure("adam_multistep.png", multistep_figure)


# --- issue 16: teacher alignment, overlap outliers, training trends --------------------------------------

FloatArray = NDArray[np.float64]
ALIGNMENT_FACTORS = (0.25, 0.5, 0.75, 1.25, 1.5, 2.0, 3.0, 4.0)


@dataclass(frozen=True)
class OneStepSweep:
    """Means and standard errors over replicates at each of ``ALIGNMENT_FACTORS`` (one set of draws)."""

    n: int
    h: int
    d: int
    reps: int
    centre: float
    cosine: tuple[tuple[float, float], ...]
    top_overlap: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def one_step_sweep() -> OneStepSweep:
    """``|cos(v1(W1), beta)|`` and the largest overlap entry at ``ALIGNMENT_FACTORS`` times the threshold
    (seed 1616)."""
    import torch

    # the claim modules import this one
    from rmtcheck.families.adam._common import top_left_vectors, top_right_vector
    from sim.device import generator

    n, h, d, reps = 300, 225, 150, 400
    centre = adam_step.learning_rate_threshold("adam", n, h, d)
    draw = draw_with_teacher(n, h, d, "adam", reps, 0.3, generator(1616))
    update_vectors = torch.linalg.svd(draw.direction, full_matrices=False)[0][..., :10]
    cos, tops = [], []
    for f in ALIGNMENT_FACTORS:
        W1 = draw.W0 - f * centre * draw.direction
        values = torch.abs(torch.einsum("rd,rd->r", top_right_vector(W1), draw.beta)).cpu().numpy()
        cos.append((float(np.mean(values)), float(np.std(values, ddof=1)) / math.sqrt(reps)))
        overlap = torch.abs(top_left_vectors(W1, 10).transpose(-1, -2) @ update_vectors)
        top = torch.amax(overlap, dim=(-2, -1)).cpu().numpy()
        tops.append((float(np.mean(top)), float(np.std(top, ddof=1)) / math.sqrt(reps)))
    return OneStepSweep(n, h, d, reps, centre, tuple(cos), tuple(tops))


def teacher_alignment_figure(path: Path, plt: Any) -> None:
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
    ax.errorbar(ALIGNMENT_FACTORS, [c[0] for c in sweep.cosine], yerr=[2 * c[1] for c in sweep.cosine], fmt="ko",
                ms=4, label=f"simulation ({sweep.reps} replicates, 2 SE)")
    ax.set_xlabel(r"$\eta/\eta^*$ (corrected one-step threshold)")
    ax.set_ylabel(r"$|\cos(v_1(W_1), \beta)|$")
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

    def entry(g: float, correlated: bool) -> float:
        """The prediction, NaN where ``overlap_top_entry`` refuses (between ``HAAR_MAX_FACTOR`` = 0.4 and
        ``SPIKE_MIN_FACTOR`` = 1.3 eta*: not validated)."""
        try:
            return adam_alignment.overlap_top_entry(g * centre, n, h, d, correlated=correlated)
        except ValueError:
            return math.nan

    ax.plot(grid, [entry(g, True) for g in grid], lw=2.0,
            label=r"correlated left overlap $|q|$ (Haar mean below; none predicted in "
            rf"$({adam_alignment.HAAR_MAX_FACTOR:g}, {adam_alignment.SPIKE_MIN_FACTOR:g})\,\eta^*$)")
    ax.plot(grid, [entry(g, False) for g in grid], "--", label="independent-perturbation overlap")
    ax.axhline(adam_alignment.haar_overlap_bound(10, h), color="grey", ls=":", label="Haar bound, level 1e-3")
    ax.errorbar(ALIGNMENT_FACTORS, [t[0] for t in sweep.top_overlap], yerr=[2 * t[1] for t in sweep.top_overlap],
                fmt="ko", ms=4, label="simulation, mean largest entry")
    ax.set_xlabel(r"$\eta/\eta^*$")
    ax.set_ylabel(r"$\max_{i,j \leq 10} |\langle u_i(W_1), u_j(\Delta W)\rangle|$")
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
    from sim.two_layer import TwoLayerConfig, train

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
    ax.set_xlabel(r"one-step gap $(\sigma_1 - \sigma_2)/\sigma_2$ of $W_1$")
    ax.set_ylabel(r"steps until PL_Alpha_Hill $\leq 2$")
    ax.set_title("FB-Adam: step complexity of the heavy tail (n, h, d) = (2d, 1.5d, d)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


TEACHER_ALIGNMENT_FIGURE = Figure("adam_teacher_alignment.png", teacher_alignment_figure)
OVERLAP_FIGURE = Figure("adam_overlap_outlier.png", overlap_figure)
STEP_COMPLEXITY_FIGURE = Figure("adam_step_complexity.png", step_complexity_figure)
