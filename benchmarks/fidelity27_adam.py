"""Issue 27, items 1 and 5: FB-Adam one step (eps = 0, the sign update of the theory) with sim.two_layer.

For each (n, h, d) and each factor f of the corrected threshold eta* (theory.adam_step.learning_rate_threshold),
W1 = W0 - f eta* sign(G0). Prints per f: the mean (and SE) over replicates of the largest entry of the k x k
overlap matrix |<u_i(W1), u_j(sign G0)>| (k = 10) against theory.adam_alignment.haar_overlap_max_mean and the
spike prediction; and sigma_1, sigma_2 of W1 against s(eta) sqrt(d) z and the bulk edges s(eta)(sqrt h + sqrt d).
Seeds fixed; float64; CPU. Usage: ``PYTHONPATH=. python benchmarks/fidelity27_adam.py n h d replicates``.
"""

from __future__ import annotations

import math
import sys

import torch

from sim.two_layer import adam_direction, draw_problem, init_student, loss_and_gradient
from theory import adam_alignment, adam_step

FACTORS = (0.25, 0.5, 0.6, 0.7, 0.85, 1.0, 1.15, 1.3, 1.5, 2.0, 5.0, 10.0, 30.0)


def main() -> None:
    torch.set_num_threads(1)
    n, h, d, reps = (int(a) for a in sys.argv[1:5])
    k = 10
    gen = torch.Generator().manual_seed(2027 + n + h + d)
    problem = draw_problem(n, d, 1, adam_step.DEFAULT_NOISE, gen, reps)
    student = init_student(h, d, gen, "ntk", reps)
    _, grad = loss_and_gradient(student, student.W, problem.X, problem.y)
    direction = adam_direction(grad, None, eps=0.0)[0]
    update_vectors = torch.linalg.svd(direction, full_matrices=False)[0][..., :k]
    centre = adam_step.learning_rate_threshold("adam", n, h, d)
    upd = adam_step.rank_one_update("adam", n, h, d)
    haar = adam_alignment.haar_overlap_max_mean(k, h)
    print(f"(n, h, d) = ({n}, {h}, {d}), R = {reps}, eta* = {centre:.5g}, Haar mean max = {haar:.5g}")
    for f in FACTORS:
        eta = f * centre
        W1 = student.W - eta * direction
        evals, vecs = torch.linalg.eigh(W1 @ W1.transpose(-1, -2))
        top = torch.flip(vecs[..., -k:], dims=(-1,))
        over = torch.amax(torch.abs(top.transpose(-1, -2) @ update_vectors), dim=(-2, -1)).numpy()
        sig = torch.sqrt(torch.flip(evals[..., -2:], dims=(-1,))).numpy()
        s = upd.bulk_scale(eta)
        try:
            pred = adam_alignment.overlap_top_entry(eta, n, h, d, k)
        except ValueError:
            pred = float("nan")
        s1 = adam_step.top_singular_value(eta, "adam", n, h, d)
        edge = s * (math.sqrt(h) + math.sqrt(d))
        m, se = float(over.mean()), float(over.std(ddof=1) / math.sqrt(reps))
        s2, s2_se = float(sig[:, 1].mean()), float(sig[:, 1].std(ddof=1) / math.sqrt(reps))
        print(f"f={f:5.2f} eta={eta:.4g} maxoverlap {m:.4f}+-{se:.4f} /haar {m / haar:.3f} /pred {m / pred:.3f} | "
              f"sigma1 {sig[:, 0].mean():.3f} (pred {s1:.3f}) sigma2 {s2:.3f}+-{s2_se:.3f} s-edge {edge:.3f} "
              f"ratio {s2 / edge:.4f}", flush=True)


if __name__ == "__main__":
    main()
