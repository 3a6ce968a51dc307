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
from collections.abc import Callable
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


def kesten_step(m: float, s: float, q: float) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor]:
    """One step ``w <- a w + b`` of the Kesten recursion (``log|a| ~ N(m, s^2)``, sign -1 w.p. ``q``)."""

    def step(w: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        size = w.shape
        log_a = m + s * torch.randn(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        flip = torch.rand(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < q
        a = torch.where(flip, -torch.exp(log_a), torch.exp(log_a))
        return a * w + torch.randn(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)

    return step


def sgd_step(eta: float, batch: int) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor]:
    """One step of 1-d SGD in its exact chi-square form
    ``u <- (1 - (eta/B) chi2_B) u + (eta/B) sqrt(chi2_B) Z``."""
    scale = eta / batch

    def step(w: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        x = torch.randn((w.shape[0], batch), generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        chi2 = x.square().sum(-1)
        z = torch.randn(w.shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        return (1.0 - scale * chi2) * w + scale * chi2.sqrt() * z

    return step


def split_tail(step: Callable[[torch.Tensor, torch.Generator], torch.Tensor], w: torch.Tensor, steps: int,
               base: float, per_level: float, levels: int, groups: int,
               gen: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Continue ``steps`` steps of a recursion from the population ``w`` with a weight window
    (splitting and Russian roulette) that keeps about as many particles at each level of ``|w|``.

    Level ``j = clamp(floor(per_level * log2(|w| / base)) + 1, 0, levels)``; its target weight is
    ``2^-j``. After each step a particle of weight ``omega`` becomes ``floor(r) + Bernoulli(frac(r))``
    copies of weight ``2^-j``, ``r = omega 2^j``: the expected total weight is unchanged, so
    ``sum omega 1{|w| > x} / len(w)`` estimates ``P(|w_steps| > x)`` without bias for every ``x``
    (splitting with a weight window; Glasserman et al. 1999, Rubino & Tuffin 2009, ch. 3). With
    ``per_level`` near the tail index each level halves the probability and holds about as many
    particles as the first. Returns ``|w|``, the weights and the group (``index % groups`` of the
    initial particle: lineages of different initial particles are independent).
    """
    group = torch.arange(w.numel(), device=w.device) % groups
    weight = torch.ones_like(w)
    for _ in range(steps):
        w = step(w, gen)
        level = torch.floor(per_level * torch.log2(w.abs() / base)) + 1.0
        target = torch.exp2(-level.nan_to_num(0.0).clamp(0.0, float(levels)))
        ratio = weight / target
        whole = torch.floor(ratio)
        extra = torch.rand(ratio.shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < ratio - whole
        copies = (whole + extra.to(DEFAULT_DTYPE)).to(torch.long)
        w = torch.repeat_interleave(w, copies)
        weight = torch.repeat_interleave(target, copies)
        group = torch.repeat_interleave(group, copies)
    return w.abs(), weight, group
