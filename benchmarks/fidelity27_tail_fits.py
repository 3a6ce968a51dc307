"""Issue 27, item 6 (c): bias of alpha_ks and alpha_hill on heavy-tailed ESDs.

For square N x N matrices of iid symmetric Pareto entries with tail index mu in (0, 2) the ESD of X X^T has
density exponent mu/2 + 1 (theory.heavy_tails.tail_exponent_from_entries). Prints, per (mu, N), the mean over R
matrices of: alpha_ks (KS-chosen x_min), alpha_hill with its default k = N - N//2, and alpha_hill on the top
10% and top 1% (k >= 10) corrected by the exact Pareto factor (the mean compared with hill_mean(mu/2 + 1, k)),
each as a relative deviation from the target with its SE. Seeds fixed; float64; CPU; about 2 minutes.
Usage: ``PYTHONPATH=. python benchmarks/fidelity27_tail_fits.py``.
"""

from __future__ import annotations

import numpy as np
import torch

from sim.heavy_tails import heavy_entries
from theory.heavy_tails import tail_exponent_from_entries
from theory.power_law_fit import alpha_hill, alpha_ks, hill_mean


def main() -> None:
    torch.set_num_threads(1)
    for mu in (0.5, 1.0, 1.5):
        target = float(tail_exponent_from_entries(mu))
        for size, reps in ((250, 24), (500, 16), (1000, 8)):
            gen = torch.Generator().manual_seed(int(1000 * mu) + size)
            rows: dict[str, list[float]] = {"ks": [], "hill_default": [], "hill_10%": [], "hill_1%": []}
            for _ in range(reps):
                x = heavy_entries(mu, "pareto", (size, size), gen)
                eigs = torch.linalg.eigvalsh(x @ x.T).numpy()
                eigs = eigs[eigs > 0]
                rows["ks"].append(alpha_ks(eigs).alpha / target)
                rows["hill_default"].append(alpha_hill(eigs).alpha / target)
                for name, frac in (("hill_10%", 0.1), ("hill_1%", 0.01)):
                    k = max(10, int(frac * size))
                    rows[name].append(alpha_hill(eigs, k).alpha / hill_mean(target, k))
            line = ", ".join(f"{name} {100 * (np.mean(v) - 1):+.1f} +- "
                             f"{100 * np.std(v, ddof=1) / np.sqrt(reps):.1f}%" for name, v in rows.items())
            print(f"mu={mu} target={target} N={size} R={reps}: {line}", flush=True)


if __name__ == "__main__":
    main()
