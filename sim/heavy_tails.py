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

from sim import _validate as check
from sim.device import DEFAULT_DTYPE
from theory._validate import function, nonneg_int, option, positive_finite, real_scalar

TailLaw = Literal["pareto", "student_t"]
TAIL_LAWS: tuple[TailLaw, ...] = ("pareto", "student_t")
#: The most steps a recursion sampler accepts. Each step is a few kernel launches (>= ~10 us), so 10^7 steps are
#: already minutes; larger counts (``2**63 - 1``) could never finish and are refused.
MAX_STEPS = 10**7
#: Largest ``m + 10 s`` of the Kesten multiplier's log-normal law (``exp`` overflows float64 beyond 709.78).
LOG_A_MAX = 700.0
#: Most weight-window levels of :func:`split_tail` (the target weight ``2^-levels`` stays a normal float64).
MAX_LEVELS = 1000


def _steps(value: int) -> int:
    nonneg_int("steps", value)
    if value > MAX_STEPS:
        raise ValueError(f"steps must be an integer in [0, {MAX_STEPS}] (a longer run could not finish); "
                         f"got {value!r}")
    return int(value)


def _finite_samples(x: torch.Tensor, names: str) -> torch.Tensor:
    """``x`` if every sample is finite, else ``ValueError`` naming the parameters that make them overflow."""
    if x.numel() and not bool(torch.isfinite(x).all()):
        raise ValueError(f"{names} out of range: the samples overflow float64 (tail too heavy, or the "
                         "recursion expands)")
    return x


def _uniform(shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Uniforms in the open interval (0, 1) (a zero is resampled as the smallest double > 0)."""
    u = torch.rand(shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
    return u.clamp_min(torch.finfo(DEFAULT_DTYPE).tiny)


def pareto(alpha: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Pareto samples with density ``(alpha - 1) x^-alpha`` on ``[1, inf)`` (``alpha > 1`` finite; ``shape`` a
    tuple of sizes; ``ValueError`` naming ``alpha`` if a sample exceeds the float64 range, possible for
    ``alpha < 1.06``)."""
    alpha = real_scalar("alpha", alpha)
    if not alpha > 1.0:
        raise ValueError(f"alpha must be > 1 (allowed range (1, inf)); got {alpha!r}")
    shape = check.shape("shape", shape)
    check.generator("gen", gen)
    return _finite_samples(_pareto_tail(alpha - 1.0, shape, gen), "alpha")


def _pareto_tail(tail: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Pareto samples with ``P(X > x) = x^-tail`` on ``[1, inf)`` (``tail = alpha - 1 > 0``)."""
    return _uniform(shape, gen).pow(-1.0 / tail)


def student_t(df: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
    """Student-t samples with ``df`` degrees of freedom (Bailey's polar method, exact); ``df > 0`` finite,
    ``ValueError`` naming ``df`` if a sample exceeds the float64 range (very small ``df``)."""
    positive_finite("df", df)
    shape = check.shape("shape", shape)
    check.generator("gen", gen)
    return _finite_samples(_student_t(float(df), shape, gen), "df")


def _student_t(df: float, shape: tuple[int, ...], gen: torch.Generator) -> torch.Tensor:
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
    """Symmetric iid entries with tail index ``mu``: ``P(|w| > x) ~ x^-mu`` (``mu > 0`` finite, ``law`` one of
    ``TAIL_LAWS``; ``ValueError`` naming ``mu`` if a sample exceeds the float64 range)."""
    mu = positive_finite("mu", mu)
    option("law", law, TAIL_LAWS)
    shape = check.shape("shape", shape)
    check.generator("gen", gen)
    if law == "pareto":
        signs = torch.randint(0, 2, shape, generator=gen, device=gen.device).to(DEFAULT_DTYPE) * 2 - 1
        return _finite_samples(signs * _pareto_tail(mu, shape, gen), "mu")
    return _finite_samples(_student_t(mu, shape, gen), "mu")


def top_eigenvalues(x: torch.Tensor, k: int) -> torch.Tensor:
    """The ``k`` largest eigenvalues (ascending) of the smaller Gram matrix of each ``x`` in a batch
    (``x`` ``(batch, rows, cols)`` finite float, ``k`` in ``[1, min(rows, cols)]``). ``x`` is divided by a power of
    two first when its Gram matrix would overflow or underflow; ``ValueError`` if the eigenvalues overflow."""
    check.tensor("x", x, ndim=3)
    _, rows, cols = x.shape
    if not 1 <= check.size("k", k) <= min(rows, cols):
        raise ValueError(f"k must lie in [1, min(rows, cols) = {min(rows, cols)}]; got {k!r}")
    scale = check.power_of_two_scale(x)
    x = x / scale
    gram = x @ x.transpose(-1, -2) if rows <= cols else x.transpose(-1, -2) @ x
    values: torch.Tensor = torch.linalg.eigvalsh(gram)[..., -k:] * (scale * scale)
    if not bool(torch.isfinite(values).all()):
        raise ValueError("x is too large: its Gram eigenvalues exceed the float range")
    return values


def _kesten_args(m: float, s: float, q: float) -> tuple[float, float, float]:
    m = real_scalar("m", m)
    s = real_scalar("s", s)
    if s < 0.0:
        raise ValueError(f"s must be a finite number >= 0 (allowed range [0, inf)); got {s!r}")
    q = real_scalar("q", q)
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must lie in [0, 1] (a probability); got {q!r}")
    if m + 10.0 * s > LOG_A_MAX:
        raise ValueError(f"m + 10 s must be <= {LOG_A_MAX} (|a| = exp(log|a|) overflows float64 beyond 709.78; "
                         f"10 standard deviations fail with probability < 1e-23); got m={m!r}, s={s!r}")
    return m, s, q


def kesten_chains(m: float, s: float, q: float, chains: int, steps: int, gen: torch.Generator) -> torch.Tensor:
    """``|w_steps|`` of ``chains`` independent Kesten recursions started at 0 (``m`` finite, ``s >= 0``,
    ``m + 10 s <= 700``, ``q`` in ``[0, 1]``, ``steps`` in ``[0, MAX_STEPS]``); ``ValueError`` naming
    ``m, s, steps`` if a chain leaves the float64 range."""
    m, s, q = _kesten_args(m, s, q)
    check.size("chains", chains)
    steps = _steps(steps)
    check.generator("gen", gen)
    w = torch.zeros(chains, dtype=DEFAULT_DTYPE, device=gen.device)
    for _ in range(steps):
        log_a = m + s * torch.randn(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        flip = torch.rand(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < q
        a = torch.where(flip, -torch.exp(log_a), torch.exp(log_a))
        w = a * w + torch.randn(chains, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
    return _finite_samples(w.abs(), "m, s, steps")


def sgd_chains(eta: float, batch: int, dim: int, chains: int, steps: int, gen: torch.Generator) -> torch.Tensor:
    """``||u_steps||`` for ``chains`` independent SGD runs on Gaussian least squares in dimension ``dim``
    (``eta > 0`` finite, sizes with ``chains * batch * dim <= 2^31 - 1``, ``steps`` in ``[0, MAX_STEPS]``);
    ``ValueError`` naming ``eta, batch, steps`` if a run leaves the float64 range."""
    eta = positive_finite("eta", eta)
    check.sizes(("chains", chains), ("batch", batch), ("dim", dim))
    steps = _steps(steps)
    check.generator("gen", gen)
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
        return _finite_samples(w.abs(), "eta, batch, steps")
    u = torch.zeros(chains, dim, dtype=DEFAULT_DTYPE, device=gen.device)
    for _ in range(steps):
        x = torch.randn(chains, batch, dim, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        noise = torch.randn(chains, batch, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        residual = torch.einsum("cbd,cd->cb", x, u) - noise
        u = u - scale * torch.einsum("cbd,cb->cd", x, residual)
    norms: torch.Tensor = torch.linalg.vector_norm(u, dim=-1)
    return _finite_samples(norms, "eta, batch, steps")


def kesten_step(m: float, s: float, q: float) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor]:
    """One step ``w <- a w + b`` of the Kesten recursion (``log|a| ~ N(m, s^2)``, sign -1 w.p. ``q``; ``m``
    finite, ``s >= 0``, ``q`` in ``[0, 1]``). The returned step is unchecked (it runs inside loops)."""
    m, s, q = _kesten_args(m, s, q)

    def step(w: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        size = w.shape
        log_a = m + s * torch.randn(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)
        flip = torch.rand(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < q
        a = torch.where(flip, -torch.exp(log_a), torch.exp(log_a))
        return a * w + torch.randn(size, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE)

    return step


def sgd_step(eta: float, batch: int) -> Callable[[torch.Tensor, torch.Generator], torch.Tensor]:
    """One step of 1-d SGD in its exact chi-square form
    ``u <- (1 - (eta/B) chi2_B) u + (eta/B) sqrt(chi2_B) Z`` (``eta > 0`` finite, ``batch`` a positive size).
    The returned step is unchecked (it runs inside loops)."""
    eta = positive_finite("eta", eta)
    batch = check.size("batch", batch)
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

    Arguments: ``step`` a callable ``(w, gen) -> w'`` of ``w``'s shape; ``w`` a finite 1-d float64 tensor on
    ``gen``'s device; ``steps`` in ``[0, MAX_STEPS]``; ``base``, ``per_level`` finite and > 0; ``levels`` in
    ``[0, MAX_LEVELS]``; ``groups`` a positive size. ``ValueError`` naming ``levels, per_level`` if the
    population grows beyond ``2^31 - 1`` particles.
    """
    function("step", step)
    check.generator("gen", gen)
    check.tensor("w", w, ndim=1, device=gen.device, dtype=DEFAULT_DTYPE)
    steps = _steps(steps)
    base = positive_finite("base", base)
    per_level = positive_finite("per_level", per_level)
    nonneg_int("levels", levels)
    if levels > MAX_LEVELS:
        raise ValueError(f"levels must be an integer in [0, {MAX_LEVELS}] (2^-levels must stay a normal float64); "
                         f"got {levels!r}")
    check.size("groups", groups)
    group = torch.arange(w.numel(), device=w.device) % groups
    weight = torch.ones_like(w)
    for _ in range(steps):
        w = step(w, gen)
        if not isinstance(w, torch.Tensor) or w.shape != weight.shape:
            raise ValueError(f"step must return a tensor of the shape of w {tuple(weight.shape)}; "
                             f"got {w.shape if isinstance(w, torch.Tensor) else type(w).__name__}")
        level = torch.floor(per_level * torch.log2(w.abs() / base)) + 1.0
        target = torch.exp2(-level.nan_to_num(0.0).clamp(0.0, float(levels)))
        ratio = weight / target
        whole = torch.floor(ratio)
        extra = torch.rand(ratio.shape, generator=gen, device=gen.device, dtype=DEFAULT_DTYPE) < ratio - whole
        copies = (whole + extra.to(DEFAULT_DTYPE)).clamp_max(float(check.MAX_ELEMENTS)).to(torch.long)
        total = int(copies.sum())
        if total > check.MAX_ELEMENTS:
            raise ValueError(f"levels, per_level, base: the split population grows beyond {check.MAX_ELEMENTS} "
                             "particles (too many levels per unit of log|w|)")
        w = torch.repeat_interleave(w, copies, output_size=total)
        weight = torch.repeat_interleave(target, copies, output_size=total)
        group = torch.repeat_interleave(group, copies, output_size=total)
    return w.abs(), weight, group
