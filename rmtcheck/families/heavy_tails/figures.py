"""Report figures of the heavy-tail claims (fixed seeds; ``report`` extra).

* ``ht_esd_loglog.png``: ``heavy_tails.levy_exponent``.
* ``ht_alpha_vs_mu.png``: ``heavy_tails.moderate_trend``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck import Figure
from rmtcheck.families.heavy_tails._common import HeavyMatrixParams, heavy_matrix_tops
from theory import heavy_tails
from theory.power_law_fit import alpha_hill_batch, alpha_ks, hill_mean


def esd_figure(path: Path, plt: Any) -> None:
    import torch

    from sim.device import generator
    from sim.heavy_tails import student_t

    p, n = 500, 1000
    gen = generator(700)
    heavy = student_t(1.5, (p, n), gen)
    gauss = torch.randn(p, n, generator=gen, device=gen.device, dtype=torch.float64)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (title, x) in zip(axes, (("Student-t(1.5) entries", heavy), ("Gaussian entries", gauss)),
                              strict=True):
        eigs = np.linalg.eigvalsh((x @ x.T / n).cpu().numpy())
        eigs = eigs[eigs > 0]
        fit = alpha_ks(eigs)
        bins = np.logspace(math.log10(eigs.min()), math.log10(eigs.max()), 60)
        density, edges = np.histogram(eigs, bins=bins, density=True)
        centres = np.sqrt(edges[1:] * edges[:-1])
        ax.loglog(centres[density > 0], density[density > 0], "o", ms=3, label="ESD")
        grid = np.logspace(math.log10(fit.x_min), math.log10(eigs.max()), 50)
        share = fit.k / eigs.size
        ax.loglog(grid, share * (fit.alpha - 1) / fit.x_min * (grid / fit.x_min) ** -fit.alpha, "r-",
                  label=f"KS fit: alpha={fit.alpha:.2f}, x_min={fit.x_min:.3g}, D={fit.D:.3f}")
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("eigenvalue")
        ax.set_ylabel("density")
        ax.legend(fontsize=8)
    fig.suptitle(f"ESD of X X^T / n, p={p}, n={n}; heavy-tailed prediction mu/2 + 1 = "
                 f"{float(heavy_tails.tail_exponent_from_entries(1.5)):.2f}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def alpha_vs_mu_figure(path: Path, plt: Any) -> None:
    from sim.device import generator

    p, n, reps = 300, 600, 16
    mus = np.array([0.4, 0.7, 1.0, 1.3, 1.6, 1.9, 2.2, 2.6, 3.0, 3.4, 3.8])
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for i, mu in enumerate(mus):
        params = HeavyMatrixParams(mu=float(mu), law="pareto", p=p, n=n, replicates=reps)
        estimates = alpha_hill_batch(heavy_matrix_tops(params, generator(710 + i)), params.k)
        ax.errorbar(mu, estimates.mean(), yerr=2 * estimates.std(ddof=1) / math.sqrt(reps), fmt="o",
                    color="C0", ms=4, capsize=2)
    lower = np.linspace(0.3, 2.0, 100)
    k = HeavyMatrixParams(mu=1.0, law="pareto", p=p, n=n, replicates=1).k
    ax.plot(lower, lower / 2 + 1, "k-", label=r"$\mu/2 + 1$ (Lévy regime)")
    ax.plot(lower, [hill_mean(m / 2 + 1, k) for m in lower], "k--", lw=1,
            label=f"with the exact Hill bias k/(k-2), k={k}")
    ax.plot(lower, lower + 1, "r:", label=r"$\mu + 1$ (wrong variant)")
    ax.axvspan(2.0, 4.0, color="0.9", label=r"$2 < \mu < 4$: finite-size trend only")
    ax.set_xlabel(r"tail index $\mu$ of the entries (symmetric Pareto)")
    ax.set_ylabel("Hill exponent of the ESD tail")
    ax.set_title(f"{p} x {n} matrices, top {k} eigenvalues, mean ± 2 SE over {reps}", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


ESD_LOGLOG_FIGURE = Figure("ht_esd_loglog.png", esd_figure)
ALPHA_VS_MU_FIGURE = Figure("ht_alpha_vs_mu.png", alpha_vs_mu_figure)
