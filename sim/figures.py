"""Figures for the verification report (needs the ``report`` extra: matplotlib).

``python -m sim.figures DIR`` writes ``mp_esd.png`` (ESD histograms against the MP density
for c = 0.5 and c = 2), ``mp_edges.png`` (largest eigenvalue against lambda_+ as p grows,
with the Tracy–Widom band), ``tw1_lmax.png`` (standardised lambda_max of real Wishart
matrices against the TW1 and TW2 densities), and the figures of :mod:`sim.spiked_figures`,
:mod:`sim.heavy_figures`, :mod:`sim.rff_figures` and :mod:`sim.adam_figures`. Fixed seeds: the
figures are reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

from sim import adam_figures, heavy_figures, rff_figures, spiked_figures
from sim import tolerances as tol
from sim.device import generator
from sim.ensembles import data_matrix, entries
from sim.spectra import covariance_eigenvalues, nonzero_extremes, wishart_lmax
from theory import mp
from theory import tracy_widom as tw


def _pyplot() -> Any:
    """matplotlib.pyplot on the non-interactive Agg backend (imported lazily: optional extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def esd_figure(path: Path) -> None:
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (p, n) in zip(axes, ((1000, 2000), (2000, 1000)), strict=True):
        c = p / n
        x = data_matrix(p, n, sigma2=1.0, law="gaussian", generator=generator(7))
        values = covariance_eigenvalues(x)[0].numpy()
        nonzero = values[values > 1e-9]
        lo, hi = mp.edges(c)
        grid = np.linspace(lo, hi, 400)
        weight = np.full(nonzero.size, 1.0 / values.size)
        ax.hist(nonzero, bins=60, weights=weight / ((hi - lo) / 60), alpha=0.5, label="ESD (non-zero part)")
        ax.plot(grid, np.asarray(mp.pdf(grid, c)), "k", lw=1.5, label="MP density")
        title = f"p={p}, n={n}, c={c:g}"
        if mp.atom(c) > 0:
            title += f"; atom {mp.atom(c):.2f} at 0 (simulated {np.mean(values <= 1e-9):.2f})"
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("eigenvalue")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def edges_figure(path: Path) -> None:
    plt = _pyplot()
    c = 0.5
    sizes = np.array([50, 100, 200, 400, 800])
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, p in enumerate(sizes):
        n = int(p / c)
        x = data_matrix(int(p), n, sigma2=1.0, law="gaussian", generator=generator(100 + i), batch=20)
        _, top = nonzero_extremes(x)
        ax.scatter(np.full(20, p), top.numpy() - mp.edges(c)[1], s=8, color="C0")
        band = tol.upper_edge(int(p), n, 1.0)
        ax.errorbar(p * 1.05, 0.0, yerr=band, color="k", capsize=3)
    scale = np.array([tol.johnstone_scale(int(p / c), int(p)) / (p / c) for p in sizes])
    ax.plot(sizes, tw.mean(1) * scale, "r--", label="TW1 mean on Johnstone's scale")
    ax.set_xscale("log")
    ax.set_xlabel("p (c = p/n = 0.5)")
    ax.set_ylabel("lambda_max(S) - lambda_+")
    ax.set_title("Largest eigenvalue against the MP edge; bars: tolerance K_EDGE sigma_J/n", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def tw_figure(path: Path) -> None:
    plt = _pyplot()
    n, p, reps = 400, 200, 4000
    x = entries((reps, n, p), "gaussian", generator(11))
    mu, sigma = tw.wishart_lmax_scaling(n, p)
    standardised = (wishart_lmax(x).numpy() - mu) / sigma
    grid = np.linspace(-6, 5, 400)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(standardised, bins=60, density=True, alpha=0.5, label=f"simulated, n={n}, p={p}, {reps} draws")
    ax.plot(grid, np.asarray(tw.pdf(grid, 1)), "k", label="TW1 density")
    ax.plot(grid, np.asarray(tw.pdf(grid, 2)), "r--", label="TW2 density (wrong variant)")
    ax.set_xlabel("(lambda_max - mu) / sigma  (Johnstone 2001)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(directory: str) -> None:
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for name, make in (("mp_esd.png", esd_figure), ("mp_edges.png", edges_figure),
                       ("tw1_lmax.png", tw_figure)):
        make(target / name)
        print(f"wrote {target / name}", flush=True)
    for name, draw in (("spiked_outlier.png", spiked_figures.outlier_figure),
                       ("lowrank_error.png", spiked_figures.lowrank_figure),
                       ("ht_esd_loglog.png", heavy_figures.esd_figure),
                       ("ht_alpha_vs_mu.png", heavy_figures.alpha_vs_mu_figure),
                       ("kesten_tail_index.png", heavy_figures.kesten_figure),
                       ("rff_double_descent.png", rff_figures.double_descent_figure),
                       ("adam_table2_norms.png", adam_figures.table2_figure),
                       ("adam_spike_threshold.png", adam_figures.spike_threshold_figure),
                       ("adam_multistep.png", adam_figures.multistep_figure)):
        draw(target / name, _pyplot())
        print(f"wrote {target / name}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "reports")
