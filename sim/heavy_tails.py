"""Samplers with known tails: Pareto and Student-t samples, heavy-tailed matrices, Kesten and
SGD recursions. Every draw uses only the explicit ``torch.Generator``; float64 throughout.

* ``pareto(alpha)``: density ``(alpha - 1) x^-alpha`` on ``[1, inf)``, by inversion
  ``U^(-1 / (alpha - 1))``.
* ``student_t(df)``: Bailey's polar method (Bailey 1994, Math. Comp. 62: a uniform point
  ``(U, V)`` of the unit disc, ``W = U^2 + V^2``, gives ``T = U sqrt(df (W^(-2/df) - 1) / W)``,
  exact for every real ``df > 0``); about 20 times faster than inverting the t CDF with
  ``scipy.special.stdtrit``, which dominated the heavy-tailed matrix claims.
* ``heavy_entries(mu)``: symmetric entries with ``P(|w| > x) = x^-mu`` for ``x >= 1``
  (Pareto law) or Student-t with ``mu`` degrees of freedom (``P(|w| > x) ~ C x^-mu``).
* Kesten: ``w <- a w + b`` with ``log|a| ~ N(m, s^2)``, a random sign ``-1`` with
  probability ``q`` and ``b ~ N(0, 1)``, many chains at once.
* SGD on least squares in dimension ``d`` with ``x ~ N(0, I_d)``, unit label noise and batch
  ``B``: the error ``u = w - w*`` follows ``u <- (I - eta/B sum x x^T) u + eta/B sum x eps``.
"""

from __future__ import annotations

import math
from typing import Literal

import torch

from sim.device import DEFAULT_DTYPE

TailLaw = Literal["pareto", "student_t"]
TAIL_LAWS: tuple[TailLaw, ...] = ("pareto", "student_t")


def _uniform(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Uniforms in the open interval (0, 1) (a zero is resampled as the smallest double > 0)."""
    u = torch.rand(shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
    return u.clamp_min(torch.finfo(DEFAULT_DTYPE).tiny)


def pareto(alpha: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Pareto samples with density ``(alpha - 1) x^-alpha`` on ``[1, inf)`` (``alpha > 1``)."""
    if not alpha > 1.0:
        raise ValueError(f"alpha must be > 1 (allowed range (1, inf)); got {alpha!r}")
    return _uniform(shape, gen).pow(-1.0 / (alpha - 1.0))


def student_t(df: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Student-t samples with ``df`` degrees of freedom (Bailey's polar method, exact)."""
    if not df > 0.0:
        raise ValueError(f"df must be > 0 (allowed range (0, inf)); got {df!r}")
    count = math.prod(shape)
    parts: list[torch.Tensor] = []
    have = 0
    while have < count:
        draws = max(64, int(1.3 * (count - have)) + 64)  # acceptance pi / 4
        u = 2.0 * torch.rand(draws, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) - 1.0
        v = 2.0 * torch.rand(draws, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) - 1.0
        w = u * u + v * v
        keep = (w < 1.0) & (w > 0.0)
        u, w = u[keep], w[keep]
        parts.append(u * torch.sqrt(df * (w.pow(-2.0 / df) - 1.0) / w))
        have += int(u.numel())
    return torch.cat(parts)[:count].reshape(shape)


def heavy_entries(mu: float, law: TailLaw, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Symmetric iid entries with tail index ``mu``: ``P(|w| > x) ~ x^-mu``."""
    if not mu > 0.0:
        raise ValueError(f"mu must be > 0 (allowed range (0, inf)); got {mu!r}")
    if law == "pareto":
        signs = torch.randint(0, 2, shape, generator=gen, device=gen.device).to(DEFAULT_DTYPE) * 2 - 1
        return signs * pareto(mu + 1.0, shape, gen)
    if law == "student_t":
        return student_t(mu, shape, gen)
    raise ValueError(f"law must be one of {TAIL_LAWS}; got {law!r}")


def top_eigenvalues(x: torch.Tensor, k: int) -> torch.Tensor:
    """The ``k`` largest eigenvalues (ascending) of the smaller Gram matrix of each ``x`` in a batch."""
    _, rows, cols = x.shape
    gram = x @ x.transpose(-1, -2) if rows <= cols else x.transpose(-1, -2) @ x
    values: torch.Tensor = torch.linalg.eigvalsh(gram)[..., -k:]
    return values


def kesten_chains(m: float, s: float, q: float, chains: int, steps: int, gen: torch.Generator) -> torch.Tensor:
    """``|w_steps|`` of ``chains`` independent Kesten recursions started at 0."""
    w = torch.zeros(chains, dtype=DEFAULT_DTYPE, device=gen.device)
    for _ in range(steps):
        log_a = m + s * torch.randn(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        flip = torch.rand(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < q
        a = torch.where(flip, -torch.exp(log_a), torch.exp(log_a))
        w = a * w + torch.randn(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
    return w.abs()


def sgd_chains(eta: float, batch: int, dim: int, chains: int, steps: int, gen: torch.Generator) -> torch.Tensor:
    """``||u_steps||`` for ``chains`` independent SGD runs on Gaussian least squares in dimension ``dim``."""
    scale = eta / batch
    if dim == 1:
        # Exact in law and about twice as fast: given the batch, (sum x^2, sum x eps) is
        # (chi2_B, sqrt(chi2_B) Z), so u <- (1 - scale chi2_B) u + scale sqrt(chi2_B) Z.
        w = torch.zeros(chains, dtype=DEFAULT_DTYPE, device=gen.device)
        for _ in range(steps):
            x = torch.randn(chains, batch, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
            chi2 = x.square().sum(-1)
            z = torch.randn(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
            w = (1.0 - scale * chi2) * w + scale * chi2.sqrt() * z
        return w.abs()
    u = torch.zeros(chains, dim, dtype=DEFAULT_DTYPE, device=gen.device)
    for _ in range(steps):
        x = torch.randn(chains, batch, dim, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        noise = torch.randn(chains, batch, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        residual = torch.einsum("cbd,cd->cb", x, u) - noise
        u = u - scale * torch.einsum("cbd,cb->cd", x, residual)
    norms: torch.Tensor = torch.linalg.vector_norm(u, dim=-1)
    return norms
