"""Issue 27, item 1: where ``theory.adam_alignment.overlap_top_entry`` holds on each side of the FB-Adam threshold.

For each configuration ``(n, h, d)`` one batch of ``R`` replicates is drawn the way the claim
``adam.overlap_outlier`` draws it (``rmtcheck.families.adam._common.draw_with_teacher``: sign update ``eps = 0``,
noise 0.3, NTK initialisation), and ``W1 = W0 - f eta* sign(G0)`` is formed for each factor ``f`` of the corrected
threshold ``eta*`` (``theory.adam_step.learning_rate_threshold``). Printed per ``f``: the mean (and SE) over the
replicates of the largest entry of the ``k x k`` overlap matrix ``|<u_i(W1), u_j(sign G0)>|`` (``k = 10``) divided
by the Haar mean (``haar_overlap_max_mean``; the branch below the threshold) and by the spike's left overlap (the
branch above, ``overlap_top_entry`` with the domain check bypassed through ``spike_overlap``), and, paired on the
same replicates, by the entry at ``f = 0`` (``W1 = W0``): ``/W0`` isolates the sub-critical tilt from the Monte
Carlo noise of the Haar-sized entry (``/W0 - 1`` is the excess over the Haar value when ``W0``'s entry is
Haar-sized, as ``/Haar`` at ``f = 0`` checks).

Seeds fixed per configuration; float64; CPU, one thread. Usage (the table of docs/adam.md, about 1-3 minutes per
configuration on one core)::

    PYTHONPATH=. python benchmarks/fidelity27_overlap_band.py 200 400,300,200 300,150,300 800,400,200 ...
"""

from __future__ import annotations

import math
import sys

import torch

from rmtcheck.families.adam._common import draw_with_teacher, top_left_vectors
from theory import adam_alignment, adam_step

FACTORS = (0.0, 0.25, 0.4, 0.5, 0.6, 0.7, 0.85, 1.15, 1.3, 1.4, 1.5, 2.0)
K = 10


def spike_overlap(eta: float, n: int, h: int, d: int) -> float:
    """The spike branch of ``overlap_top_entry`` at any ``eta`` (the Haar mean where there is no outlier)."""
    upd = adam_step.rank_one_update("adam", n, h, d)
    s = upd.bulk_scale(eta)
    vec = adam_alignment.spike_vectors((eta / s) * upd.theta_per_eta, h / d, upd.alpha / s, upd.gamma, True)
    haar = adam_alignment.haar_overlap_max_mean(K, h)
    return max(math.sqrt(vec.left_overlap_sq), haar) if vec.left_overlap_sq > 0.0 else haar


def run(n: int, h: int, d: int, reps: int) -> None:
    """Print one configuration's rows."""
    gen = torch.Generator().manual_seed(2027 + 7 * n + 3 * h + d)
    draw = draw_with_teacher(n, h, d, "adam", reps, adam_step.DEFAULT_NOISE, gen)
    update_vectors = torch.linalg.svd(draw.direction, full_matrices=False)[0][..., :K]
    centre = adam_step.learning_rate_threshold("adam", n, h, d)
    haar = adam_alignment.haar_overlap_max_mean(K, h)
    print(f"(n, h, d) = ({n}, {h}, {d}), R = {reps}, eta* = {centre:.5g}, Haar mean = {haar:.5f}", flush=True)
    base = None
    for f in FACTORS:
        vectors = top_left_vectors(draw.W0 - f * centre * draw.direction, K)
        over = torch.amax(torch.abs(vectors.transpose(-1, -2) @ update_vectors), dim=(-2, -1)).numpy()
        mean, se = float(over.mean()), float(over.std(ddof=1)) / math.sqrt(reps)
        base = over if base is None else base
        paired = mean / float(base.mean())  # delta method on the paired ratio of means
        paired_se = float((over - paired * base).std(ddof=1)) / float(base.mean()) / math.sqrt(reps)
        spike = spike_overlap(f * centre, n, h, d) if f > 0.0 else haar
        print(f"  f = {f:4.2f}  max entry {mean:.4f} +- {se:.4f}  /Haar {mean / haar:.3f}"
              f"  /spike {mean / spike:.3f}  (SE {se / mean:.1%})  /W0 {paired:.3f} +- {paired_se:.3f}",
              flush=True)


def main() -> None:
    torch.set_num_threads(1)
    reps = int(sys.argv[1])
    for config in sys.argv[2:]:
        n, h, d = (int(v) for v in config.split(","))
        run(n, h, d, reps)


if __name__ == "__main__":
    main()
