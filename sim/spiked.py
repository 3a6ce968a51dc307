"""Samplers for spiked random matrices and their top singular triplets.

Each model is built as a factor ``A`` whose outer product ``A A^T`` is the matrix of the
claim (or, for the rectangular model, ``A`` is the matrix itself); top eigenpairs are then
computed on the smaller Gram side, so ``p`` may be much larger than ``n`` at no cost.

* multiplicative: ``A = Sigma^{1/2} Z / sqrt(n)``, ``Sigma^{1/2} = I + U diag(sqrt(1 + ell) - 1) U^T``;
* additive: ``A = [Z / sqrt(n), sqrt(ell) u]``, so ``A A^T = ell u u^T + Z Z^T / n``;
* rectangular: ``Y = G / sqrt(m) + theta a b^T``.

Spike directions are uniform on the sphere (orthonormalised Gaussian vectors), hence
delocalised: the outlier fluctuations then do not depend on the entry law's fourth cumulant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from sim.ensembles import EntryLaw, entries


@dataclass(frozen=True)
class Triplets:
    """Top ``k`` singular values (descending) with left and right singular vectors.

    ``values`` is ``(batch, k)``, ``left`` ``(batch, p, k)``, ``right`` ``(batch, n, k)``.
    """

    values: torch.Tensor
    left: torch.Tensor
    right: torch.Tensor


def top_singular(a: torch.Tensor, k: int) -> Triplets:
    """Top ``k`` singular triplets of a batch ``a`` of shape ``(batch, p, n)``.

    Diagonalises the smaller Gram matrix (``min(p, n)`` squared) and maps its eigenvectors to
    the other side; exact up to rounding for singular values well above 0.
    """
    if a.ndim != 3:
        raise ValueError(f"a must have shape (batch, p, n); got {tuple(a.shape)}")
    _, p, n = a.shape
    if not 1 <= k <= min(p, n):
        raise ValueError(f"k must lie in [1, min(p, n) = {min(p, n)}]; got {k}")
    small_left = p <= n
    gram = a @ a.transpose(-1, -2) if small_left else a.transpose(-1, -2) @ a
    values, vectors = torch.linalg.eigh(gram)
    top_values = values[:, -k:].flip(-1).clamp_min(0.0).sqrt()
    top_vectors = vectors[:, :, -k:].flip(-1)
    scale = top_values.unsqueeze(1)
    if small_left:
        return Triplets(top_values, top_vectors, a.transpose(-1, -2) @ top_vectors / scale)
    return Triplets(top_values, a @ top_vectors / scale, top_vectors)


def orthonormal(dim: int, k: int, gen: torch.Generator, batch: int = 1) -> torch.Tensor:
    """``(batch, dim, k)`` orthonormal columns, Haar-distributed (QR of a Gaussian matrix with
    the sign convention that makes it uniform)."""
    g = torch.randn((batch, dim, k), generator=gen, device=gen.device, dtype=torch.float64)
    q, r = torch.linalg.qr(g)
    signs = torch.sign(torch.diagonal(r, dim1=-2, dim2=-1))
    signs = torch.where(signs == 0, torch.ones_like(signs), signs)
    out: torch.Tensor = q * signs.unsqueeze(1)
    return out


def multiplicative_factor(z: torch.Tensor, u: torch.Tensor, ells: Sequence[float]) -> torch.Tensor:
    """``Sigma^{1/2} Z / sqrt(n)`` for ``Sigma = I + U diag(ells) U^T``; ``z`` is ``(batch, p, n)``,
    ``u`` ``(batch, p, r)`` orthonormal."""
    n = z.shape[-1]
    boost = torch.tensor([math.sqrt(1.0 + ell) - 1.0 for ell in ells], dtype=z.dtype, device=z.device)
    projected = u.transpose(-1, -2) @ z
    return (z + u @ (boost.unsqueeze(-1) * projected)) / math.sqrt(n)


def additive_factor(z: torch.Tensor, u: torch.Tensor, ell: float) -> torch.Tensor:
    """``[Z / sqrt(n), sqrt(ell) u]`` so that its outer product is ``ell u u^T + Z Z^T / n``."""
    n = z.shape[-1]
    return torch.cat([z / math.sqrt(n), math.sqrt(ell) * u], dim=-1)


def rectangular(g: torch.Tensor, a: torch.Tensor, b: torch.Tensor, theta: float) -> torch.Tensor:
    """``G / sqrt(m) + theta a b^T`` for ``g`` ``(batch, n, m)`` and unit ``a`` ``(batch, n, 1)``,
    ``b`` ``(batch, m, 1)``."""
    m = g.shape[-1]
    return g / math.sqrt(m) + theta * (a @ b.transpose(-1, -2))


def noise(p: int, n: int, law: EntryLaw, gen: torch.Generator, batch: int) -> torch.Tensor:
    """``(batch, p, n)`` iid unit-variance entries of ``law``."""
    return entries((batch, p, n), law, gen)
