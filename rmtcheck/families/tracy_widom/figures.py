"""Report figures of the Tracy–Widom claims (fixed seeds; ``report`` extra).

* ``tw1_lmax.png``: ``tracy_widom.wishart_tw1``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck.check import Figure
from theory import tracy_widom as tw


def tw_figure(path: Path, plt: Any) -> None:
    from sim.device import generator
    from sim.ensembles import entries
    from sim.spectra import wishart_lmax

    n, p, reps = 400, 200, 4000
    x = entries((reps, n, p), "gaussian", generator(11))
    mu, sigma = tw.wishart_lmax_scaling(n=n, p=p)
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


TW1_FIGURE = Figure("tw1_lmax.png", tw_figure)
