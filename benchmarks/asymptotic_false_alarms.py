"""Issue 24: the null distribution of the automatic finite-size analysis (rmtcheck.asymptotic) over many seeds.

For right formulas on cheap cases, run the ladder at small sizes for ``--seeds`` seeds and record the limit's
z-statistic ``(a - p) / SE(a)`` (SE including the prior bound of the second-order term) and the order test's
chi-square p-value. A design whose z is N(0, 1) (or narrower) bounds the false-alarm rate at the stated
per-test level 2e-5 (z = 4.3); ``mean``, ``sd``, Kolmogorov-Smirnov p, and the counts beyond 2, 3 and 4.3 are
printed. Run: ``OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/asymptotic_false_alarms.py --seeds 300``.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from scipy import stats

from rmtcheck.asymptotic import Asymptotic, Ladder, Point
from sim.device import generator


def goe_overlap(gen: torch.Generator, n: int, count: int, theta: float) -> torch.Tensor:
    g = torch.randn(count, n, n, generator=gen, dtype=torch.float64)
    w = (g + g.mT) / math.sqrt(2.0 * n)
    w[:, 0, 0] += theta
    out: torch.Tensor = torch.linalg.eigh(w).eigenvectors[:, 0, -1].square()
    return out


def goe_outlier(gen: torch.Generator, n: int, count: int, theta: float) -> torch.Tensor:
    g = torch.randn(count, n, n, generator=gen, dtype=torch.float64)
    w = (g + g.mT) / math.sqrt(2.0 * n)
    w[:, 0, 0] += theta
    out: torch.Tensor = torch.linalg.eigvalsh(w)[:, -1]
    return out


def mp_top(gen: torch.Generator, n: int, count: int, c: float) -> torch.Tensor:
    z = torch.randn(count, round(c * n), n, generator=gen, dtype=torch.float64)
    out: torch.Tensor = torch.linalg.eigvalsh(z @ z.mT / n)[:, -1]
    return out


CASES: dict[str, tuple[Callable[..., Any], Callable[..., float], dict[str, float], float]] = {
    "goe.overlap theta=2": (goe_overlap, lambda theta: 1 - theta**-2, {"theta": 2.0}, 1.0),
    "wigner.outlier theta=1.5": (goe_outlier, lambda theta: theta + 1 / theta, {"theta": 1.5}, 1.0),
    "mp upper edge c=0.5 (order 2/3)": (mp_top, lambda c: (1 + math.sqrt(c)) ** 2, {"c": 0.5}, 2.0 / 3.0),
}


def bounds(row: dict[str, Any], z_crit: float = 4.3, tests_per_claim: int = 50) -> dict[str, float]:
    """95% upper bounds on the per-test false-alarm rate P(|z| > z_crit) from ``row`` (``seeds``, ``z_sd``,
    ``beyond_4.3``): distribution-free (exact binomial upper bound on the count beyond ``z_crit``; 3/N for a
    count of 0), and Gaussian (z ~ N(0, s^2) with s the chi-square 95% upper bound of the sd, so the rate is at
    most 2 Phi(-z_crit / s)); the per-claim bound is ``tests_per_claim`` times the Gaussian per-test one."""
    seeds, count = int(row["seeds"]), int(row["beyond_4.3"])
    free = float(stats.beta.ppf(0.95, count + 1, seeds - count))
    sd_upper = float(row["z_sd"]) * math.sqrt((seeds - 1) / float(stats.chi2.ppf(0.05, seeds - 1)))
    gauss = float(2.0 * stats.norm.sf(z_crit / sd_upper))
    return {"per_test_rate_upper95_distribution_free": free, "z_sd_upper95": sd_upper,
            "per_test_rate_upper95_gaussian": gauss, "per_claim_rate_upper95_gaussian": tests_per_claim * gauss}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=300)
    parser.add_argument("--out", default="")
    parser.add_argument("--only", default="", help="comma-separated case labels (default: all)")
    args = parser.parse_args()
    ladder = Ladder(20, 2.0, 4, target=0.02, min_replicates=64, max_replicates=1024, batch=64)
    results = {}
    for label, (batch, predict, values, order) in CASES.items():
        if args.only and label not in args.only.split(","):
            continue
        experiment = Asymptotic("x.y", batch=batch, order=order)
        point = Point(values, ladder)
        zs, ps, chis = [], [], []
        start = time.perf_counter()
        for seed in range(args.seeds):
            sample = experiment.simulate(point, generator(10_000 + seed, "cpu"))
            fit, reference, _ = experiment.fit(sample, point, predict)
            zs.append((fit.a - reference) / fit.se_a)
            chi2, _ = experiment.order_chi2(sample, point, predict, fit)
            chis.append(chi2)
            ps.append(float(stats.chi2.sf(chi2, ladder.rungs - 1)))
        z = np.asarray(zs)
        row = {"seeds": args.seeds, "seconds": round(time.perf_counter() - start, 1), "z_mean": float(z.mean()),
               "z_sd": float(z.std(ddof=1)), "ks_p_vs_N01": float(stats.kstest(z, "norm").pvalue),
               "beyond_2": int((abs(z) > 2).sum()), "beyond_3": int((abs(z) > 3).sum()),
               "beyond_4.3": int((abs(z) > 4.3).sum()), "max_abs_z": float(abs(z).max()),
               "order_chi2_mean": float(np.mean(chis)),
               "order_p_ks_vs_uniform": float(stats.kstest(ps, "uniform").pvalue),
               "order_p_below_0.01": int((np.asarray(ps) < 0.01).sum())}
        row.update(bounds(row))
        results[label] = row
        print(label, json.dumps(row), flush=True)
        if args.out:
            with open(args.out, "w") as handle:
                json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
