"""Issue 27, item 6 (a, b): where the RFF deterministic equivalent ends, measured against sim.rff.

Usage: ``PYTHONPATH=. python benchmarks/fidelity27_rff.py {spike,shift,small_ridge} draws n [n ...]`` (runs of
issue 27: ``spike 512 256 512``, ``shift 256 256``, ``small_ridge 256 128 256 512``). Prints one line per
point: the share ``r = |X|_op^2 / |X|_F^2`` of X as passed (gaussian_mixture centres it; in the ``shift`` mode
it is uncentred, and theory.rff.top_energy_share, which centres, gives the bulk value instead), the
simulated mean train/test MSE over draws of W (each averaged over the label columns) with its SE, and the
relative error of theory.rff.errors. Seeds fixed; float64; CPU.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import torch

from sim import rff as srff
from theory import rff


def point(*, n: int, p: int, sep: float, ratio: float, lam: float, draws: int, labels: int, seed: int,
          chunk: int = 16, shift: float = 0.0) -> dict[str, float]:
    gen = torch.Generator().manual_seed(seed)
    data = srff.gaussian_mixture(n=n, n_test=512, p=p, separation=sep, gen=gen, extra_labels=labels - 1)
    if shift:  # a common (uncentred) mean of norm `shift`, the same for both classes and the test set
        m = np.random.default_rng(seed).standard_normal(p)
        m *= shift / np.linalg.norm(m)
        data = srff.Dataset(data.X + m, data.y, data.X_test + m, data.y_test, data.name + " shifted")
    N = max(1, round(ratio * n))
    trains, tests = [], []
    left = draws
    while left > 0:
        tr, te = srff.rff_mse(data, N, lam, min(chunk, left), gen)
        trains.append(tr)
        tests.append(te)
        left -= chunk
    tr_all, te_all = np.concatenate(trains), np.concatenate(tests)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pred = rff.errors(data.X, data.y, data.X_test, data.y_test, N, lam)
    s = float(np.linalg.norm(data.X, 2) ** 2 / np.sum(data.X**2))
    out: dict[str, float] = {"n": n, "p": p, "sep": sep, "shift": shift, "N/n": N / n, "lam": lam, "r": s}
    for name, values, th in (("train", tr_all, pred.train), ("test", te_all, pred.test)):
        mean, se = float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))
        out[name + "_err%"] = 100 * (th / mean - 1)
        out[name + "_se%"] = 100 * se / mean
    return out


def main() -> None:
    torch.set_num_threads(1)
    mode, draws = sys.argv[1], int(sys.argv[2])
    sizes = [int(a) for a in sys.argv[3:]]
    for n in sizes:
        if mode == "spike":  # class mean of norm sep (labels = classes), lam = 1e-2
            grid = [(sep, 0.0, ratio) for sep in (0.0, 0.2, 0.3, 0.4, 0.5) for ratio in (0.25, 0.5)]
        elif mode == "shift":  # a common uncentred mean, labels independent of X (16 label vectors)
            grid = [(0.0, shift, ratio) for shift in (0.25, 0.5, 1.0) for ratio in (0.25, 0.5)]
        else:
            grid = []
        for sep, shift, ratio in grid:
            t0 = time.time()
            res = point(n=n, p=n, sep=sep, ratio=ratio, lam=1e-2, draws=draws, labels=1 if sep else 16,
                        seed=27 + n, shift=shift)
            print({k: round(v, 4) for k, v in res.items()}, f"{time.time() - t0:.1f}s", flush=True)
        if mode == "small_ridge":  # bounded |X| (class mean 0), 16 label vectors, N/n >= 1
            for ratio in (1.0, 2.0):
                for lam in (1e-3, 1e-2):
                    t0 = time.time()
                    res = point(n=n, p=n, sep=0.0, ratio=ratio, lam=lam, draws=draws, labels=16, seed=2700 + n)
                    print({k: round(v, 4) for k, v in res.items()}, f"{time.time() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
