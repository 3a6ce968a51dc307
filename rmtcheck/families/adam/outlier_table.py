"""Outlier table of the one-step spike (issue 12's done-when check): ``sigma_1(W1)`` of a simulated
first FB-Adam / GD step at ``eta = (1.5, 2, 3)`` times the predicted threshold, against the corrected
outlier equation and the pre-issue-12 one (no ``alpha^2`` term in ``v^T (z^2 - X^T X)^{-1} v``).

``python -m rmtcheck.families.adam.outlier_table [replicates] [seed]`` prints a Markdown table; CUDA when present.
FB-Adam at eps = 0, the sign update of the formulas (issue 27; the table in docs/adam.md was run at eps = 1e-8,
which lowers sigma_1 at 1.5 eta* by 0.04% at (1000, 750, 500), 0.13% at (2000, 1500, 1000), 0.43% at
(4000, 3000, 2000)).
"""

from __future__ import annotations

import math
import sys
import time
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from rmtcheck.families.adam._common import readout_covariate, threshold_estimate
from theory import adam_step

if TYPE_CHECKING:
    from sim.two_layer import FirstStep


def realised_rank_one(step: FirstStep, iterations: int = 60) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per replicate: the top singular value of the first-step direction ``D`` and the cosines of its top
    singular vectors with ``a`` (``gamma``, made positive) and with ``W0^T a`` (``alpha``, same orientation),
    by power iteration on ``D^T D`` (the rank-one part dominates: gap ratio > 10)."""
    import torch

    if step.a is None:
        raise ValueError("the first step carries no read-out vector a")
    D, a = step.direction, step.a
    v = torch.ones(D.shape[0], D.shape[-1], dtype=D.dtype, device=D.device)
    for _ in range(iterations):
        v = torch.einsum("rhd,rh->rd", D, torch.einsum("rhd,rd->rh", D, v))
        v = v / torch.linalg.vector_norm(v, dim=-1, keepdim=True)
    du = torch.einsum("rhd,rd->rh", D, v)
    sigma = torch.linalg.vector_norm(du, dim=-1)
    u = du / sigma[:, None]
    cos_a = torch.einsum("rh,rh->r", u, a) / torch.linalg.vector_norm(a, dim=-1)
    wa = torch.einsum("rhd,rh->rd", step.W0, a)
    cos_wa = torch.einsum("rd,rd->r", v, wa) / torch.linalg.vector_norm(wa, dim=-1)
    return sigma.cpu().numpy(), torch.abs(cos_a).cpu().numpy(), (cos_wa * torch.sign(cos_a)).cpu().numpy()


def conditional_prediction(eta: float, step_sigma: float, alpha: float, gamma: float, optimizer: str, n: int,
                           h: int, d: int, aligned_quadratic: bool = True) -> float:
    """``s sqrt(d) z``, ``z`` the outlier at the realised strength ``eta sigma_D / sqrt d`` and cosines (``s``
    the predicted bulk widening): the outlier equation given the update, free of its strength's spread."""
    s = adam_step.rank_one_update(optimizer, n, h, d).bulk_scale(eta)
    theta = eta * step_sigma / math.sqrt(d)
    return s * math.sqrt(d) * adam_step.correlated_outlier(theta / s, h / d, max(alpha, 0.0) / s, gamma,
                                                          aligned_quadratic)


SIZES = ((1200, 900, 600), (1200, 600, 900), (2000, 1500, 1000), (2000, 1000, 1500), (4000, 3000, 2000))
FACTORS = (1.5, 2.0, 3.0)
FloatArray = NDArray[np.float64]


def table(replicates: int = 8, seed: int = 12) -> list[str]:
    """Rows ``| optimizer | (n, h, d) | eta/eta* | measured +- SE | predicted | rel. error | old | old rel. |``
    followed by the threshold estimate per size (``threshold_estimate`` on the same replicates)."""
    from sim.device import generator
    from sim.linalg import top_singular_values
    from sim.two_layer import SIGN_EPS, first_step

    rows = ["| optimizer | (n, h, d) | eta / eta* | measured sigma_1 (+- SE) | predicted | rel. error | "
            "old equation | old rel. error | conditional rel. error (+- SE) | old conditional |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    thresholds = ["| optimizer | (n, h, d) | predicted eta* | estimated eta* (+- SE) | rel. error | old eta* |",
                  "| --- | --- | --- | --- | --- | --- |"]
    gen = generator(seed)
    for opt in ("adam", "gd"):
        for n, h, d in SIZES:
            step = first_step(n, h, d, opt, gen, replicates, eps=SIGN_EPS)
            star = adam_step.learning_rate_threshold(opt, n, h, d)
            sigma, gamma, alpha = realised_rank_one(step)
            etas, tops = [], []
            for f in FACTORS:
                eta = f * star
                top = top_singular_values(step.W0 - eta * step.direction, 1)[..., 0].cpu().numpy()
                etas.append(eta)
                tops.append(top)
                mean, se = float(np.mean(top)), float(np.std(top, ddof=1)) / math.sqrt(top.size)
                pred = adam_step.top_singular_value(eta, opt, n, h, d)
                old = adam_step.top_singular_value(eta, opt, n, h, d, aligned_quadratic=False)
                cond = np.asarray([conditional_prediction(eta, sigma[r], alpha[r], gamma[r], opt, n, h, d)
                                   for r in range(top.size)]) / top - 1.0
                cold = np.asarray([conditional_prediction(eta, sigma[r], alpha[r], gamma[r], opt, n, h, d, False)
                                   for r in range(top.size)]) / top - 1.0
                rows.append(f"| {opt} | ({n}, {h}, {d}) | {f} | {mean:.4f} +- {se:.4f} | {pred:.4f} | "
                            f"{(pred - mean) / mean:+.2%} | {old:.4f} | {(old - mean) / mean:+.2%} | "
                            f"{cond.mean():+.3%} +- {cond.std(ddof=1) / math.sqrt(cond.size):.3%} | "
                            f"{cold.mean():+.2%} |")
            covariates = readout_covariate(step) if opt == "gd" else None
            est, err = threshold_estimate(np.asarray(etas), np.stack(tops, axis=1), opt, n, h, d, 0.3, covariates)
            old_star = adam_step.learning_rate_threshold(opt, n, h, d, aligned_quadratic=False)
            thresholds.append(f"| {opt} | ({n}, {h}, {d}) | {star:.5g} | {est:.5g} +- {err:.2g} | "
                              f"{(star - est) / est:+.3%} | {old_star:.5g} |")
            print(rows[-1], flush=True)
    return [*rows, "", *thresholds]


if __name__ == "__main__":
    import torch

    start = time.perf_counter()
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    sd = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    print("\n".join(table(reps, sd)))
    device = torch.cuda.get_device_name() if torch.cuda.is_available() else "cpu"
    print(f"({time.perf_counter() - start:.1f} s, {device})")
