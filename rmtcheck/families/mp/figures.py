"""Report figures of the Marchenko–Pastur claims (fixed seeds; ``report`` extra).

* ``mp_esd.png``: ``mp.esd``.
* ``mp_edges.png``: ``mp.edges``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck import tolerances as tol
from rmtcheck.check import Figure
from theory import mp
from theory import tracy_widom as tw


def esd_figure(path: Path, plt: Any) -> None:
    from sim.device import generator
    from sim.ensembles import data_matrix
    from sim.spectra import covariance_eigenvalues

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (p, n) in zip(axes, ((1000, 2000), (2000, 1000)), strict=True):
        c = p / n
        x = data_matrix(p=p, n=n, sigma2=1.0, law="gaussian", generator=generator(7))
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


def edges_figure(path: Path, plt: Any) -> None:
    from sim.device import generator
    from sim.ensembles import data_matrix
    from sim.spectra import nonzero_extremes

    c = 0.5
    sizes = np.array([50, 100, 200, 400, 800])
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, p in enumerate(sizes):
        n = int(p / c)
        x = data_matrix(p=int(p), n=n, sigma2=1.0, law="gaussian", generator=generator(100 + i), batch=20)
        _, top = nonzero_extremes(x)
        ax.scatter(np.full(20, p), top.numpy() - mp.edges(c)[1], s=8, color="C0")
        band = tol.upper_edge(p=int(p), n=n, sigma2=1.0)
        ax.errorbar(p * 1.05, 0.0, yerr=band, color="k", capsize=3)
    scale = np.array([tol.johnstone_scale(n=int(p / c), p=int(p)) / (p / c) for p in sizes])
    ax.plot(sizes, tw.mean(1) * scale, "r--", label="TW1 mean on Johnstone's scale")
    ax.set_xscale("log")
    ax.set_xlabel(r"$p$ ($c = p/n = 0.5$)")
    ax.set_ylabel(r"$\lambda_{\max}(S) - \lambda_+$")
    ax.set_title("Largest eigenvalue against the MP edge; bars: tolerance K_EDGE sigma_J/n", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


ESD_FIGURE = Figure("mp_esd.png", esd_figure)
EDGES_FIGURE = Figure("mp_edges.png", edges_figure)
