"""Report figures of the Kesten-recursion and SGD tail claims (fixed seeds; ``report`` extra).

* ``kesten_tail_index.png``: ``kesten.lognormal``, ``kesten.sgd_1d``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from rmtcheck import Figure
from rmtcheck.families.kesten._common import KestenParams, kesten_sample
from theory import kesten
from theory.power_law_fit import alpha_hill_batch


def kesten_figure(path: Path, plt: Any) -> None:
    from sim.device import generator

    fig, ax = plt.subplots(figsize=(5.5, 5))
    cases: list[tuple[str, KestenParams, float]] = []
    for alpha in (1.0, 1.5, 2.0, 2.5, 3.0):
        m = -0.4
        params = KestenParams("lognormal", m=m, s=math.sqrt(-2 * m / alpha), q=0.3)
        cases.append(("log-normal a, signed (q = 0.3)", params, alpha))
    for eta in (0.85, 0.95, 1.05, 1.15):
        cases.append(("SGD, d = 1, B = 2", KestenParams("sgd", eta=eta, batch=2), kesten.sgd_tail_index(eta, 2)))
    seen: set[str] = set()
    for i, (label, params, predicted) in enumerate(cases):
        tops = kesten_sample(params, generator(720 + i))[:, -params.k:]
        index = float(alpha_hill_batch(tops, params.k)[0]) - 1.0
        colour = "C0" if label.startswith("log") else "C1"
        ax.errorbar(predicted, index, yerr=2 * index / math.sqrt(params.k), fmt="o", color=colour, ms=4,
                    capsize=2, label=None if label in seen else label)
        seen.add(label)
    line = np.linspace(0.8, 3.2, 10)
    ax.plot(line, line, "k-", lw=1, label="simulated = predicted")
    ax.plot(line, line / 2, "r:", lw=1, label=r"$-m/s^2$ (wrong variant, log-normal)")
    ax.set_xlabel(r"Kesten prediction ($\mathbb{E}|a|^\alpha = 1$)")
    ax.set_ylabel("Hill tail index, top 1024 of 65536 chains")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


TAIL_INDEX_FIGURE = Figure("kesten_tail_index.png", kesten_figure)
