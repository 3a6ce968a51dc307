"""Top singular values without a full SVD: Lanczos on ``M^T M`` with full reorthogonalisation.

For an ``h x d`` matrix only the top few singular values are needed by the one-step
experiments (the spectral norm of an update, of ``W0`` and of ``W1``). Lanczos on the
Gram operator ``v -> M^T (M v)`` (of the smaller side) needs two matrix-vector products per
iteration instead of the ``O(h d min(h, d))`` of an SVD. Ritz values converge fastest for
isolated outliers; at a square-root bulk edge the top Ritz value has converged to about
``1e-6`` relative after ~100 iterations at ``min(h, d) = 1000`` (checked against
``torch.linalg.svdvals`` in ``tests/test_two_layer.py``). Small matrices and batches use the
exact batched ``svdvals``.
"""

from __future__ import annotations

import torch

from sim import _validate as check
from theory._validate import positive_int

# Below this smaller side a batched exact ``svdvals`` is cheaper than Lanczos.
EXACT_MAX_SIDE = 1024
# Lanczos stops when the top-k Ritz values moved by less than this (relative) over CHECK_EVERY steps.
LANCZOS_TOL = 1e-10
CHECK_EVERY = 8
MAX_ITERATIONS = 400


def top_singular_values(M: torch.Tensor, k: int = 1, exact_max_side: int = EXACT_MAX_SIDE) -> torch.Tensor:
    """The ``k`` largest singular values of ``M`` (``(..., h, d)``), in decreasing order, shape ``(..., k)``."""
    positive_int("k", k)
    check.tensor("M", M, min_ndim=2)
    positive_int("exact_max_side", exact_max_side)
    side = min(M.shape[-2], M.shape[-1])
    if k > side:
        raise ValueError(f"k must be <= min(h, d) = {side} (the smaller side of M); got {k}")
    scale = check.power_of_two_scale(M)  # 1 unless M's Gram matrix would overflow or underflow
    M = M / scale
    if side <= exact_max_side or 4 * k >= side:
        exact: torch.Tensor = torch.linalg.svdvals(M)[..., :k]
        return _rescaled(exact, scale)
    flat = M.reshape(-1, M.shape[-2], M.shape[-1])
    values = torch.stack([_lanczos_top(flat[i], k) for i in range(flat.shape[0])])
    return _rescaled(values.reshape(*M.shape[:-2], k), scale)


def _rescaled(values: torch.Tensor, scale: float) -> torch.Tensor:
    if scale == 1.0:
        return values
    out = values * scale
    if not bool(torch.isfinite(out).all()):
        raise ValueError("M is too large: its singular values exceed the float range")
    return out


def _lanczos_top(M: torch.Tensor, k: int) -> torch.Tensor:
    """Top ``k`` singular values of one matrix by Lanczos on the Gram operator of its smaller side."""
    A = M if M.shape[1] <= M.shape[0] else M.T
    dim = A.shape[1]
    limit = min(dim, MAX_ITERATIONS)
    # Deterministic start: a fixed generator, so results do not depend on any global state.
    gen = torch.Generator(device=A.device)
    gen.manual_seed(0)
    q = torch.randn(dim, generator=gen, device=A.device, dtype=A.dtype)
    basis = torch.empty((limit, dim), device=A.device, dtype=A.dtype)
    alphas: list[torch.Tensor] = []
    betas: list[torch.Tensor] = []
    basis[0] = q / torch.linalg.vector_norm(q)
    previous: torch.Tensor | None = None
    for j in range(limit):
        w = A.T @ (A @ basis[j])
        alpha = basis[j] @ w
        w = w - basis[: j + 1].T @ (basis[: j + 1] @ w)
        w = w - basis[: j + 1].T @ (basis[: j + 1] @ w)  # twice is enough (Kahan–Parlett)
        alphas.append(alpha)
        beta = torch.linalg.vector_norm(w)
        done = j + 1 == limit or float(beta) <= 1e-13 * float(torch.abs(alphas[0]))
        if (j + 1) % CHECK_EVERY == 0 or done:
            ritz = _ritz_top(alphas, betas, k)
            if done or (previous is not None and bool(
                    torch.all(torch.abs(ritz - previous) <= LANCZOS_TOL * ritz[0]))):
                return torch.sqrt(torch.clamp(ritz, min=0.0))
            previous = ritz
        betas.append(beta)
        basis[j + 1] = w / beta
    raise AssertionError("unreachable: the loop returns on its last iteration")


def _ritz_top(alphas: list[torch.Tensor], betas: list[torch.Tensor], k: int) -> torch.Tensor:
    """Largest ``k`` eigenvalues of the Lanczos tridiagonal matrix (padded with 0 if fewer)."""
    T = torch.diag(torch.stack(alphas))
    if betas:
        off = torch.stack(betas[: len(alphas) - 1])
        T = T + torch.diag(off, 1) + torch.diag(off, -1)
    values = torch.flip(torch.linalg.eigvalsh(T), dims=(0,))
    if values.numel() < k:
        values = torch.cat([values, torch.zeros(k - values.numel(), dtype=values.dtype, device=values.device)])
    return values[:k]
