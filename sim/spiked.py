"""Samplers for spiked random matrices and their top singular triplets.

Each model is built as a factor ``A`` whose outer product ``A A^T`` is the matrix of the
claim (or, for the rectangular model, ``A`` is the matrix itself); top eigenpairs are then
computed on the smaller Gram side, so ``p`` may be much larger than ``n`` at no cost.

* multiplicative: ``A = Sigma^{1/2} Z / sqrt(n)``, ``Sigma^{1/2} = I + U diag(sqrt(1 + ell) - 1) U^T``;
* additive: ``A = [Z / sqrt(n), sqrt(ell) u]``, so ``A A^T = ell u u^T + Z Z^T / n``;
* rectangular: ``Y = G / sqrt(m) + theta a b^T``.

``gaussian_spike_top`` samples the top eigenvalue of the rank-one multiplicative model with Gaussian
entries without forming the matrix (a tridiagonal model exact in law, O(min(p, n)) per draw and bisection step).

Spike directions are uniform on the sphere (orthonormalised Gaussian vectors), hence
delocalised: the outlier fluctuations then do not depend on the entry law's fourth cumulant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from numpy.typing import NDArray

from sim import _validate as check
from sim.ensembles import ENTRY_LAWS, EntryLaw, entries
from sim.spectra import _chi_square, _iterations, _tridiagonal_top
from theory._validate import nonneg_array, real_scalar


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
    the other side; exact up to rounding for singular values well above 0. ``a`` is a finite float tensor,
    ``k`` in ``[1, min(p, n)]``; ``ValueError`` naming ``a`` where a top singular value is 0 (no direction)
    or the singular values overflow.
    """
    check.tensor("a", a, ndim=3)
    _, p, n = a.shape
    if not 1 <= check.size("k", k) <= min(p, n):
        raise ValueError(f"k must lie in [1, min(p, n) = {min(p, n)}]; got {k!r}")
    scale = check.power_of_two_scale(a)
    out = _top_singular(a / scale, k)
    values = out.values * scale
    if not (bool(torch.isfinite(values).all()) and bool(torch.isfinite(out.left).all())
            and bool(torch.isfinite(out.right).all())):
        raise ValueError("a has a zero top singular value (its singular vectors are undefined) or is too large")
    return Triplets(values, out.left, out.right)


def _top_singular(a: torch.Tensor, k: int) -> Triplets:
    _, p, n = a.shape
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
    the sign convention that makes it uniform); ``k`` in ``[1, dim]``, sizes bounded by ``2^31 - 1`` entries."""
    check.sizes(("batch", batch), ("dim", dim), ("k", k))
    if k > dim:
        raise ValueError(f"k must lie in [1, dim = {dim}] (orthonormal columns); got {k!r}")
    check.generator("gen", gen)
    g = torch.randn((batch, dim, k), generator=gen, device=gen.device, dtype=torch.float64)
    q, r = torch.linalg.qr(g)
    signs = torch.sign(torch.diagonal(r, dim1=-2, dim2=-1))
    signs = torch.where(signs == 0, torch.ones_like(signs), signs)
    out: torch.Tensor = q * signs.unsqueeze(1)
    return out


def multiplicative_factor(z: torch.Tensor, u: torch.Tensor, ells: Sequence[float]) -> torch.Tensor:
    """``Sigma^{1/2} Z / sqrt(n)`` for ``Sigma = I + U diag(ells) U^T``; ``z`` is ``(batch, p, n)``,
    ``u`` ``(batch, p, r)`` orthonormal, ``ells`` ``r`` finite values ``>= 0``."""
    check.tensor("z", z, ndim=3)
    check.tensor("u", u, ndim=3, device=z.device, dtype=z.dtype, like="z")
    if u.shape[:2] != z.shape[:2]:
        raise ValueError(f"u must have shape (batch, p, r) with (batch, p) = {tuple(z.shape[:2])} (those of z); "
                         f"got {tuple(u.shape)}")
    spikes = nonneg_array("ells", ells)
    if spikes.shape != (u.shape[2],):
        raise ValueError(f"ells must hold r = {u.shape[2]} values (one per column of u); got shape {spikes.shape}")
    n = z.shape[-1]
    boost = torch.tensor([math.sqrt(1.0 + ell) - 1.0 for ell in spikes.tolist()], dtype=z.dtype, device=z.device)
    projected = u.transpose(-1, -2) @ z
    out = (z + u @ (boost.unsqueeze(-1) * projected)) / math.sqrt(n)
    if not bool(torch.isfinite(out).all()):
        raise ValueError("z, u or ells too large: the factor overflows float64")
    return out


def additive_factor(z: torch.Tensor, u: torch.Tensor, ell: float) -> torch.Tensor:
    """``[Z / sqrt(n), sqrt(ell) u]`` so that its outer product is ``ell u u^T + Z Z^T / n``
    (``z`` ``(batch, p, n)``, ``u`` ``(batch, p, r)``, ``ell >= 0`` finite)."""
    check.tensor("z", z, ndim=3)
    check.tensor("u", u, ndim=3, device=z.device, dtype=z.dtype, like="z")
    if u.shape[:2] != z.shape[:2]:
        raise ValueError(f"u must have shape (batch, p, r) with (batch, p) = {tuple(z.shape[:2])} (those of z); "
                         f"got {tuple(u.shape)}")
    ell = check.nonneg("ell", ell)
    n = z.shape[-1]
    return torch.cat([z / math.sqrt(n), math.sqrt(ell) * u], dim=-1)


def rectangular(g: torch.Tensor, a: torch.Tensor, b: torch.Tensor, theta: float) -> torch.Tensor:
    """``G / sqrt(m) + theta a b^T`` for ``g`` ``(batch, n, m)`` and unit ``a`` ``(batch, n, 1)``,
    ``b`` ``(batch, m, 1)``; ``theta`` finite (``ValueError`` naming ``theta`` where the sum overflows)."""
    check.tensor("g", g, ndim=3)
    batch, n, m = g.shape
    check.tensor("a", a, ndim=3, device=g.device, dtype=g.dtype, like="g")
    check.tensor("b", b, ndim=3, device=g.device, dtype=g.dtype, like="g")
    if a.shape != (batch, n, 1):
        raise ValueError(f"a must have shape (batch, n, 1) = {(batch, n, 1)} for g of shape {tuple(g.shape)}; "
                         f"got {tuple(a.shape)}")
    if b.shape != (batch, m, 1):
        raise ValueError(f"b must have shape (batch, m, 1) = {(batch, m, 1)} for g of shape {tuple(g.shape)}; "
                         f"got {tuple(b.shape)}")
    theta = real_scalar("theta", theta)
    out = g / math.sqrt(m) + theta * (a @ b.transpose(-1, -2))
    if not bool(torch.isfinite(out).all()):
        raise ValueError(f"theta={theta!r} (or g, a, b) too large: the matrix overflows float64")
    return out


def noise(*, p: int, n: int, law: EntryLaw, gen: torch.Generator, batch: int) -> torch.Tensor:
    """``(batch, p, n)`` iid unit-variance entries of ``law`` (positive sizes, at most ``2^31 - 1`` entries)."""
    check.generator("gen", gen)
    return entries(check.sizes(("batch", batch), ("p", p), ("n", n)), law, gen)


def gaussian_spike_top(*, p: int, n: int, ell: float, gen: torch.Generator, count: int) -> torch.Tensor:
    """Top eigenvalue of the one-spike Gaussian model, ``count`` draws, O(min(p, n)) work per draw and
    bisection step (see :func:`gaussian_spike_top_with_controls`, whose first output this is)."""
    return gaussian_spike_top_with_controls(p=p, n=n, ell=ell, gen=gen, count=count)[0]


def spike_control_moments(*, p: int, n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Exact mean ``(3,)`` and covariance ``(3, 3)`` of the controls of
    :func:`gaussian_spike_top_with_controls` (``q = p - 1``, ``M = Z_2^T Z_2 / n``): ``w1 = |z_1|^2 / n``
    (chi^2_n / n), ``w2 = tr M`` (chi^2_{q n} / n), ``w3 = z_1^T M z_1 / n``. With Gaussian ``z_1``
    independent of ``M`` and the Wishart moment ``E tr M^2 = q (n + q + 1) / n``: means ``1, q, q / n``;
    ``Var w1 = 2 / n``, ``Var w2 = 2 q / n``, ``Var w3 = (2 E tr M^2 + Var tr M) / n^2 = 2 q (n + q + 2) / n^3``,
    ``Cov(w1, w2) = 0``, ``Cov(w1, w3) = 2 E tr M / n^2 = 2 q / n^2``,
    ``Cov(w2, w3) = Var(tr M) / n = 2 q / n^2``. ``p >= 2`` and ``n >= 1`` integers up to ``2^31 - 1``."""
    _spike_sizes(p, n)
    q = p - 1
    mean = np.array([1.0, float(q), q / n])
    cov = np.array([
        [2.0 / n, 0.0, 2.0 * q / n**2],
        [0.0, 2.0 * q / n, 2.0 * q / n**2],
        [2.0 * q / n**2, 2.0 * q / n**2, 2.0 * q * (n + q + 2) / n**3],
    ])
    return mean, cov


def _spike_sizes(p: int, n: int) -> None:
    check.sizes(("p", p), ("n", n))
    if p < 2:
        raise ValueError(f"p must be an integer with p >= 2 (one spiked and >= 1 other coordinate); got {p!r}")


def gaussian_spike_top_with_controls(*, p: int, n: int, ell: float, gen: torch.Generator,
                                     count: int, iterations: int = 44) -> tuple[torch.Tensor, torch.Tensor]:
    """Top eigenvalue of ``S = Sigma^{1/2} Z Z^T Sigma^{1/2} / n`` for ``count`` draws, Gaussian ``Z``
    (``p x n``), one spike ``Sigma = I + ell u u^T``, sampled exactly in law from O(min(p, n)) random
    numbers per draw, without the matrix.

    By rotation invariance take ``u = e_1`` and split ``Z = [z_1^T; Z_2]`` (``Z_2`` is ``q x n``,
    ``q = p - 1``): the non-zero eigenvalues of ``S`` are those of ``A = (Z_2^T Z_2 + (1 + ell) z_1 z_1^T) / n``.
    ``z_1`` is independent of ``Z_2``, whose law is invariant under rotations of ``R^n``; rotating
    ``z_1`` onto ``|z_1| e_1`` (``|z_1|^2 ~ chi^2_n``) therefore leaves ``Z_2``'s law unchanged. Householder
    bidiagonalisation of ``Z_2`` (Dumitriu & Edelman 2002, Theorem 3.4, applied column-first) uses right
    reflections that act on coordinates ``2..n`` only, so they fix ``e_1``: ``Z_2^T Z_2`` is orthogonally
    similar, by a rotation fixing ``e_1``, to ``B^T B`` with ``B`` upper bidiagonal, independent entries
    ``B_jj ~ chi_{q - j + 1}`` and ``B_{j, j+1} ~ chi_{n - j}``. Hence ``A`` has the law of the tridiagonal
    ``(B^T B + (1 + ell) chi^2_n e_1 e_1^T) / n``, whose top eigenvalue comes from
    :func:`sim.spectra.tridiagonal_top_eigenvalue` (``iterations`` bisection steps on a bracket of width
    O(1 + ell + c): error below 1e-11 at the default).

    Also returns ``(count, 3)`` controls with exactly known means and covariance
    (:func:`spike_control_moments`), for variance reduction: ``|z_1|^2 / n``, ``tr(Z_2^T Z_2) / n`` and
    ``z_1^T Z_2^T Z_2 z_1 / n^2 = |z_1|^2 B_11^2 / n^2``. The randomness comes
    from ``gen`` alone, on its device.

    Arguments: ``p >= 2``, ``n >= 1``, ``count >= 1`` with ``count * min(p, n) <= 2^31 - 1``; ``ell >= 0`` finite
    (``ValueError`` naming ``ell`` where ``(1 + ell) chi^2_n`` overflows); ``iterations`` in ``[1, 200]``
    (:data:`sim.spectra.MAX_ITERATIONS`: float64 bisection stops improving after about 60).
    """
    _spike_sizes(p, n)
    check.sizes(("count", count), ("min(p, n)", min(p, n)))
    ell = check.nonneg("ell", ell)
    check.generator("gen", gen)
    iterations = _iterations(iterations)
    q = p - 1
    diagonal, size, upper = min(q, n), min(n, q + 1), min(q, n - 1)
    dtype, device = torch.float64, gen.device
    diag2 = _chi_square(torch.arange(q, q - diagonal, -1, dtype=dtype, device=device).expand(count, diagonal), gen)
    sup_dof = torch.arange(n - 1, n - 1 - upper, -1, dtype=dtype, device=device).expand(count, upper)
    sup2 = _chi_square(sup_dof, gen) if upper else torch.zeros(count, 0, dtype=dtype, device=device)
    norm2 = _chi_square(torch.full((count,), float(n), dtype=dtype, device=device), gen)
    a = torch.zeros(count, size, dtype=dtype, device=device)
    a[:, :diagonal] = diag2
    a[:, 1:upper + 1] += sup2
    controls = torch.stack([norm2 / n, a.sum(dim=1) / n, norm2 * diag2[:, 0] / n**2], dim=1)
    a[:, 0] += (1.0 + ell) * norm2
    a = a / n
    if not bool(torch.isfinite(a[:, 0]).all()):
        raise ValueError(f"ell={ell!r} is too large: (1 + ell) chi^2_n / n overflows float64")
    top = _tridiagonal_top(a, (diag2[:, :upper] * sup2) / n**2, iterations)
    return top, controls


CHUNK = 64


def chunk_sizes(total: int, chunk: int = CHUNK) -> list[int]:
    """``total`` replicates split into batches of ``chunk`` (the remainder last), to bound memory
    (``total`` and ``chunk`` positive integers, at most ``2^31 - 1``)."""
    total, chunk = check.sizes(("total", total)) + check.sizes(("chunk", chunk))
    sizes = [chunk] * (total // chunk)
    return [*sizes, total % chunk] if total % chunk else sizes


def top_eigenvalues(factor: torch.Tensor, k: int) -> torch.Tensor:
    """Top ``k`` eigenvalues of ``A A^T`` (descending) from the smaller Gram matrix, no vectors
    (``factor`` ``(batch, p, m)``, ``k`` an integer in ``[1, min(p, m)]``)."""
    check.tensor("factor", factor, ndim=3)
    side = min(factor.shape[-2], factor.shape[-1])
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= side:
        raise ValueError(f"k must be an integer in [1, min(p, m) = {side}] (the sides of factor); got {k!r}")
    scale = check.power_of_two_scale(factor)  # exact: the Gram matrix of factor / scale cannot overflow
    scaled = factor / scale if scale != 1.0 else factor
    gram = scaled @ scaled.mT if factor.shape[-2] <= factor.shape[-1] else scaled.mT @ scaled
    values: torch.Tensor = torch.linalg.eigvalsh(gram)[:, -k:].flip(-1) * (scale * scale)
    if not bool(torch.isfinite(values).all()):
        raise ValueError("factor is too large: the eigenvalues of A A^T exceed the float64 range "
                         "(entries beyond about 1e154)")
    return values


@dataclass(frozen=True)
class SpikeSample:
    """Per replicate: top eigenvalues ``(R, k)``, squared overlaps ``(R, r)`` with the spikes and
    control variates ``(R, r)`` whose means are known exactly (``u^T S u`` has mean ``1 + ell``,
    ``u^T X u`` mean ``ell + 1``)."""

    eigenvalues: NDArray[np.float64]
    overlaps: NDArray[np.float64]
    controls: NDArray[np.float64] | None = None


def simulate_additive(*, p: int, n: int, ell: float, law: EntryLaw, replicates: int,
                      gen: torch.Generator) -> SpikeSample:
    """Top two eigenvalues of ``ell u u^T + Z Z^T / n`` (``Z`` ``p x n`` of ``law``, ``u`` uniform on the
    sphere), ``replicates`` draws, and the control ``u^T X u`` (no eigenvectors: no claim uses them).
    Sizes positive integers (``p >= 2``: two eigenvalues), ``ell >= 0`` finite, ``law`` one of
    ``ENTRY_LAWS``."""
    check.sizes(("p", p), ("n", n), ("replicates", replicates))
    if p < 2:
        raise ValueError(f"p must be an integer >= 2 (the top two eigenvalues; allowed range 2, 3, ...); "
                         f"got {p!r}")
    check.nonneg("ell", ell)
    if law not in ENTRY_LAWS:
        raise ValueError(f"law must be one of {ENTRY_LAWS}; got {law!r}")
    check.generator("gen", gen)
    values, controls = [], []
    for count in chunk_sizes(replicates):
        z = noise(p=p, n=n, law=law, gen=gen, batch=count)
        u = orthonormal(p, 1, gen, count)
        factor = additive_factor(z, u, ell)
        values.append(top_eigenvalues(factor, 2).cpu())
        controls.append((factor.mT @ u).square().sum(-2).cpu())
    return SpikeSample(torch.cat(values).numpy(), np.zeros((replicates, 0)), torch.cat(controls).numpy())
