"""Issue 27, item 2: one GD step, the left overlap |<u1(W1), a/|a|>| by size, and the rank-one model's parts.

Independent of ``theory.adam_step`` for the simulation (own gradient, own measurements); the library is
called only for its threshold ``eta*`` (where to run) and its predictions (what to compare with).

Model (source document 002; Ba et al. 2022): ``x ~ N(0, I_d)``, ``y = softplus(<beta, x>) + 0.3 N(0, 1)``,
``f(x) = a^T tanh(W x / sqrt d) / sqrt h``, ``W0, a`` iid ``N(0, 1)``, ``L = mean (f - y)^2``,
``W1 = W0 - eta dL/dW``.

Per replicate it records, for ``eta = k eta*_lib`` (``k`` in ``FACTORS``):

* ``left``: ``|<u1(W1), a/|a|>|``; ``right``: ``|<v1(W1), v1(G)>|``; ``s1``: ``sigma_1(W1) / sqrt d``;
* ``r2``: ``|u^T W1|^2 / d`` with ``u = a/|a|`` (the whole left-overlap information, see
  docs/notes/gd_threshold_derivation.md) and ``left_emp``: the overlap that the Gaussian-bulk formula gives from
  ``r2`` and the empirical spectrum of ``P_u^perp W1`` (no asymptotics);
* the rank-one model's parts: ``theta/eta = |G1|_2 / sqrt d`` with ``G1 = (2 mu1 / (n sqrt(hd))) a (X^T e)^T``,
  ``alpha = cos(X^T e, W0^T a)``, ``ratio = <u^T G, W0^T u> / <u^T G1, W0^T u>`` (the cross term of the full
  gradient over that of its rank-one part), ``|u^T G|^2 / |u^T G1|^2``, and ``|G - G1|_2, |G - G1|_F`` over
  ``|G1|_2``.

Usage: ``OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/gd_overlap_sizes.py N H D REPS SEED [out.json]`` (full
SVDs; ~15 s per draw at (2000, 1500, 1000)), or ``... gd_overlap_sizes.py urow N H D REPS SEED`` (no SVD: per draw
``|q|^2/d``, ``<q, G^T u>/d``, ``|G^T u|^2/d``, hence ``R2`` at every ``eta``, and the mean overlap through the
Marchenko-Pastur map; ~0.4 s per draw at (2000, 1500, 1000)). Runs behind docs/adam.md ("GD: the spread of the
strength"): ``urow`` 500 375 250 2000 31, 1000 750 500 1000 32, 2000 1500 1000 400 33, 4000 3000 2000 55 34 / 55 35
/ 30 24; full 1000 750 500 60 42, 2000 1500 1000 14 41.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import integrate

from theory import adam_alignment, adam_step

FloatArray = NDArray[np.float64]
FACTORS = (1.2, 1.5, 2.0)
NOISE = 0.3


def gauss_mean(fn: Callable[[float], float]) -> float:
    """``E fn(g)``, ``g ~ N(0, 1)``, by adaptive quadrature."""
    val, _ = integrate.quad(lambda z: fn(z) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi),
                            -40, 40, epsabs=1e-14, limit=400)
    return float(val)


MU1 = gauss_mean(lambda z: 1.0 / math.cosh(z) ** 2)


def bulk_overlap(r2: float, eigs: FloatArray, d: int) -> tuple[float, float]:
    """Outlier ``lambda`` of ``u r^T + B`` (``r`` generic w.r.t. ``B``) from ``r2 m(lambda) = 1`` with
    ``m(l) = (1/d) sum_i 1 / (l - s_i)`` over the ``d`` eigenvalues ``s_i`` of ``B^T B``; returns
    ``(sqrt(lambda), |<u1, u>|)`` with ``|<u1, u>|^2 = -m / (lambda m')`` (finite size: a root always exists)."""
    top = float(eigs.max())

    def m(lam: float) -> float:
        return float(np.sum(1.0 / (lam - eigs)) / d)

    lo = top * (1 + 1e-13)  # m decreases from +inf at the top eigenvalue: one root above it
    hi = top + 10 * r2 + 10
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if r2 * m(mid) > 1.0:
            lo = mid
        else:
            hi = mid
    lam = 0.5 * (lo + hi)
    mp = -float(np.sum(1.0 / (lam - eigs) ** 2) / d)
    return math.sqrt(lam), math.sqrt(-m(lam) / (lam * mp))


def mp_stieltjes(lam: float, c: float) -> float:
    """``m(lam) = lim (1/d) tr (lam - B^T B)^{-1}`` for ``B`` (``h x d``, ``h / d -> c``) with iid ``N(0, 1/d)``
    entries, ``lam`` above the edge ``(1 + sqrt c)^2``: ``B^T B = c S`` with ``S`` Marchenko-Pastur of ratio
    ``g = 1/c`` (unit variance), whose Stieltjes transform is
    ``(z + g - 1 - sqrt((z - 1 - g)^2 - 4 g)) / (2 g z)``."""
    g, z = 1.0 / c, lam / c
    return (z + g - 1.0 - math.sqrt((z - 1.0 - g) ** 2 - 4.0 * g)) / (2.0 * g * z) / c


def mp_stieltjes_derivative(lam: float, c: float) -> float:
    """``m'(lam)`` of :func:`mp_stieltjes` in closed form (``G(z) = (z + g - 1 - S) / (2 g z)``,
    ``S = sqrt((z - 1 - g)^2 - 4 g)``, ``G' = ((1 - (z - 1 - g)/S) z - (z + g - 1 - S)) / (2 g z^2)``,
    ``m' = G'/c^2``)."""
    g, z = 1.0 / c, lam / c
    root = math.sqrt((z - 1.0 - g) ** 2 - 4.0 * g)
    return ((1.0 - (z - 1.0 - g) / root) * z - (z + g - 1.0 - root)) / (2.0 * g * z * z) / (c * c)


def mp_overlap(r2: float, c: float) -> tuple[float, float]:
    """:func:`bulk_overlap` with the Marchenko-Pastur limit of the bulk: ``(sqrt(lambda), |<u1, u>|)``,
    ``(edge, 0)`` below the threshold ``r2 m(edge) <= 1``."""
    edge = (1.0 + math.sqrt(c)) ** 2
    lo = edge * (1.0 + 1e-13)
    if r2 * mp_stieltjes(lo, c) <= 1.0:
        return math.sqrt(edge), 0.0
    hi = edge + 10.0 * r2 + 10.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if r2 * mp_stieltjes(mid, c) > 1.0:
            lo = mid
        else:
            hi = mid
    lam = 0.5 * (lo + hi)
    return math.sqrt(lam), math.sqrt(-mp_stieltjes(lam, c) / (lam * mp_stieltjes_derivative(lam, c)))


def replicate(n: int, h: int, d: int, rng: np.random.Generator, etas: list[float]) -> dict[str, list[float]]:
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    X = rng.standard_normal((n, d))
    y = np.logaddexp(0.0, X @ beta) + NOISE * rng.standard_normal(n)
    W0 = rng.standard_normal((h, d))
    a = rng.standard_normal(h)
    Z = X @ W0.T / math.sqrt(d)
    T = np.tanh(Z)
    f = T @ a / math.sqrt(h)
    e = f - y
    scale = 2.0 / (n * math.sqrt(h * d))
    G = scale * ((1.0 - T * T) * (e[:, None] * a[None, :])).T @ X
    del Z, T
    Xe = X.T @ e
    G1 = scale * MU1 * np.outer(a, Xe)
    u = a / np.linalg.norm(a)
    q = W0.T @ u
    gu, gu1 = u @ G, u @ G1
    rest = G - G1
    rest_s = np.linalg.svd(rest, compute_uv=False)
    g1_norm = float(np.linalg.norm(G1, 2))
    _, sg, vgt = np.linalg.svd(G, full_matrices=False)
    out: dict[str, list[float]] = {k: [] for k in ("left", "right", "s1", "r2", "left_emp", "s1_emp",
                                                     "left_mp", "vbeta")}
    for eta in etas:
        W1 = W0 - eta * G
        U, s, Vt = np.linalg.svd(W1, full_matrices=False)
        out["left"].append(float(abs(U[:, 0] @ u)))
        out["right"].append(float(abs(Vt[0] @ vgt[0])))
        out["vbeta"].append(float(abs(Vt[0] @ beta)))
        out["s1"].append(float(s[0] / math.sqrt(d)))
        r = q - eta * gu
        r2 = float(r @ r) / d
        out["r2"].append(r2)
        B = W1 - np.outer(u, u @ W1)
        eigs = np.linalg.svd(B, compute_uv=False) ** 2 / d
        eigs = np.concatenate([eigs, np.zeros(max(0, d - eigs.size))])[:d]
        s_emp, l_emp = bulk_overlap(r2, eigs, d)
        out["s1_emp"].append(s_emp)
        out["left_emp"].append(l_emp)
        out["left_mp"].append(mp_overlap(r2, h / d)[1])
    parts = {
        "theta_per_eta": g1_norm / math.sqrt(d),
        "alpha": float(Xe @ q / (np.linalg.norm(Xe) * np.linalg.norm(q))),
        "xe_over_n": float(np.linalg.norm(Xe) / n),
        "cos_xe_beta": float(Xe @ beta / np.linalg.norm(Xe)),
        "cross_ratio": float((gu @ q) / (gu1 @ q)),
        "norm_ratio": float((gu @ gu) / (gu1 @ gu1)),
        "q2": float(q @ q) / d,
        "rest_spec": float(rest_s[0]) / g1_norm,
        "rest_frob": float(np.sqrt(np.sum(rest_s**2))) / g1_norm,
        "g_top_over_g1": float(sg[0]) / g1_norm,
        "cos_vG_xe": float(abs(vgt[0] @ Xe) / np.linalg.norm(Xe)),
    }
    out.update({k: [v] for k, v in parts.items()})
    return out


def u_row(n: int, h: int, d: int, rng: np.random.Generator) -> tuple[float, float, float]:
    """Cheap replicate (no SVD): ``(|q|^2 / d, <q, G^T u> / d, |G^T u|^2 / d)`` with ``u = a/|a|``, ``q = W0^T u``;
    ``R2(eta) = |q|^2/d - 2 eta <q, G^T u>/d + eta^2 |G^T u|^2/d``. Same draw order as :func:`replicate`."""
    beta = rng.standard_normal(d)
    beta /= np.linalg.norm(beta)
    X = rng.standard_normal((n, d))
    y = np.logaddexp(0.0, X @ beta) + NOISE * rng.standard_normal(n)
    W0 = rng.standard_normal((h, d))
    a = rng.standard_normal(h)
    T = np.tanh(X @ W0.T / math.sqrt(d))
    e = T @ a / math.sqrt(h) - y
    u = a / np.linalg.norm(a)
    gu = 2.0 / (n * math.sqrt(h * d)) * (X.T @ (e * ((1.0 - T * T) @ (a * u))))
    q = W0.T @ u
    return float(q @ q) / d, float(q @ gu) / d, float(gu @ gu) / d


def main() -> None:
    if sys.argv[1] == "urow":
        cheap(*(int(v) for v in sys.argv[2:7]))
        return
    n, h, d, reps, seed = (int(v) for v in sys.argv[1:6])
    path = sys.argv[6] if len(sys.argv) > 6 else None
    eta_star = adam_step.gd_spike_threshold(n, h, d, NOISE)
    etas = [k * eta_star for k in FACTORS]
    upd = adam_step.rank_one_update("gd", n, h, d, NOISE)
    lib = []
    for eta in etas:
        sc = upd.bulk_scale(eta)
        vec = adam_alignment.spike_vectors(upd.theta_per_eta * eta / sc, h / d, upd.alpha / sc, upd.gamma)
        lib.append({"left": math.sqrt(vec.left_overlap_sq), "right": math.sqrt(vec.right_overlap_sq),
                    "s1": float(vec.z) * upd.bulk_scale(eta)})
    for k, eta in zip(FACTORS, etas, strict=True):
        th = upd.theta_per_eta * eta
        r2_lib = 1.0 - 2.0 * th * upd.alpha + th * th
        print(f"# k={k}: library r2 = {r2_lib:.5f}, MP overlap at it = {mp_overlap(r2_lib, h / d)[1]:.5f}",
              file=sys.stderr)
    rng = np.random.default_rng(seed)
    rows: list[dict[str, list[float]]] = []
    t0 = time.time()
    for _ in range(reps):
        rows.append(replicate(n, h, d, rng, etas))
    keys = rows[0].keys()
    agg = {k: np.array([r[k] for r in rows]) for k in keys}
    res = {"n": n, "h": h, "d": d, "reps": reps, "seed": seed, "eta_star": eta_star, "factors": FACTORS,
           "lib": lib, "lib_upd": {"theta_per_eta": upd.theta_per_eta, "alpha": upd.alpha, "gamma": upd.gamma,
                                   "bulk_noise_per_eta2": upd.bulk_noise_per_eta2},
           "mean": {k: v.mean(axis=0).tolist() for k, v in agg.items()},
           "se": {k: (v.std(axis=0, ddof=1) / math.sqrt(reps)).tolist() if reps > 1 else None
                  for k, v in agg.items()},
           "raw": {k: v.tolist() for k, v in agg.items()},
           "seconds": time.time() - t0}
    print(json.dumps(res, indent=1))
    if path:
        with open(path, "w") as fh:
            json.dump(res, fh, indent=1)


def cheap(n: int, h: int, d: int, reps: int, seed: int) -> None:
    """Print per-replicate ``(q2, cross, g2)`` as JSON lines and the mean overlap summary for ``FACTORS``."""
    eta_star = adam_step.gd_spike_threshold(n, h, d, NOISE)
    upd = adam_step.rank_one_update("gd", n, h, d, NOISE)
    rng = np.random.default_rng(seed)
    rows = np.array([u_row(n, h, d, rng) for _ in range(reps)])
    out: dict[str, object] = {"n": n, "h": h, "d": d, "reps": reps, "seed": seed, "rows": rows.tolist()}
    for k in FACTORS:
        eta = k * eta_star
        th = upd.theta_per_eta * eta
        r2_lib = 1.0 - 2.0 * th * upd.alpha + th * th
        r2 = rows[:, 0] - 2.0 * eta * rows[:, 1] + eta * eta * rows[:, 2]
        lmp = np.array([mp_overlap(float(v), h / d)[1] for v in r2])
        out[str(k)] = {"r2_lib": r2_lib, "r2_mean": float(r2.mean()),
                       "r2_se": float(r2.std(ddof=1) / math.sqrt(reps)),
                       "r2_sd": float(r2.std(ddof=1)), "L_at_lib": mp_overlap(r2_lib, h / d)[1],
                       "L_at_mean": mp_overlap(float(r2.mean()), h / d)[1], "L_mean": float(lmp.mean()),
                       "L_se": float(lmp.std(ddof=1) / math.sqrt(reps))}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
