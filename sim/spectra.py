"""Spectra of sample covariance matrices, computed on the smaller Gram side."""

from __future__ import annotations

import math

import torch

from sim import _validate as check
from theory._validate import flag, positive_int

#: Most bisection steps :func:`tridiagonal_top_eigenvalue` (and the samplers built on it) accept. The start
#: bracket is at most ``2 |T|`` wide (``|T|`` the 2-norm), so ``k`` steps leave an error below ``2^(1-k) |T|``,
#: and the float64 Sturm count is exact only for some matrix within about ``m * 2^-53 |T|`` of ``T`` (it is
#: backward stable: Kahan 1966; Demmel, *Applied Numerical Linear Algebra*, 1997, §5.3.4): beyond about 60 steps
#: the answer cannot improve. 200 leaves a wide margin; larger counts only burn time (``2**63 - 1`` steps
#: would run for millennia), so they are refused.
MAX_ITERATIONS = 200
#: Largest degrees of freedom :func:`chi_square` accepts: ``2 Gamma(dof / 2)`` stays below the float64 maximum.
MAX_DOF = 1e300


def _iterations(value: int) -> int:
    """A bisection step count in ``[1, MAX_ITERATIONS]``."""
    positive_int("iterations", value)
    if value > MAX_ITERATIONS:
        raise ValueError(f"iterations must be an integer in [1, {MAX_ITERATIONS}] "
                         f"(float64 bisection stops improving "
                         f"after about 60 steps); got {value!r}")
    return int(value)


def covariance_eigenvalues(x: torch.Tensor, *, full: bool = False) -> torch.Tensor:
    """Eigenvalues of ``S = X X^T / n`` for a batch ``x`` of shape ``(batch, p, n)``.

    Returns ``(batch, p)`` ascending. For ``p > n`` the ``p - n`` structural zeros are
    appended exactly and only the ``n x n`` Gram matrix ``X^T X / n`` is diagonalised,
    unless ``full=True`` asks for the ``p x p`` matrix itself (used when the zeros are
    what is being tested).
    """
    check.tensor("x", x, ndim=3)
    full = flag("full", full)
    scale = check.power_of_two_scale(x)  # 1 unless the entries' squares would overflow or underflow
    x = x / scale
    _, p, n = x.shape
    if full or p <= n:
        gram = x @ x.transpose(-1, -2) / n
        full_values: torch.Tensor = torch.linalg.eigvalsh(gram)
        return _rescaled(full_values, scale)
    small = torch.linalg.eigvalsh(x.transpose(-1, -2) @ x / n)
    zeros = torch.zeros(x.shape[0], p - n, dtype=x.dtype, device=x.device)
    return _rescaled(torch.cat([zeros, small], dim=-1), scale)


def _rescaled(values: torch.Tensor, scale: float, name: str = "x") -> torch.Tensor:
    """Eigenvalues of the Gram matrix of ``x / scale`` times ``scale^2``; ``ValueError`` if they overflow."""
    if scale == 1.0:
        return values
    out = values * scale * scale
    if not bool(torch.isfinite(out).all()):
        raise ValueError(f"{name} is too large: the eigenvalues exceed the float range")
    return out


def nonzero_extremes(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Smallest and largest non-zero eigenvalues of ``X X^T / n`` (rank ``min(p, n)``)."""
    check.tensor("x", x, ndim=3)
    scale = check.power_of_two_scale(x)
    x = x / scale
    _, p, n = x.shape
    gram = x @ x.transpose(-1, -2) / n if p <= n else x.transpose(-1, -2) @ x / n
    values = _rescaled(torch.linalg.eigvalsh(gram), scale)
    return values[:, 0], values[:, -1]


def wishart_lmax(x: torch.Tensor) -> torch.Tensor:
    """Largest eigenvalue of ``X^T X`` for a batch ``x`` of shape ``(batch, n, p)``."""
    check.tensor("x", x, ndim=3)
    scale = check.power_of_two_scale(x)
    x = x / scale
    _, n, p = x.shape
    gram = x.transpose(-1, -2) @ x if p <= n else x @ x.transpose(-1, -2)
    top: torch.Tensor = torch.linalg.eigvalsh(gram)[:, -1]
    return _rescaled(top, scale)


def chi_square(dof: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Chi-square variates with the given (positive) degrees of freedom, ``2 Gamma(dof / 2)``, drawn from
    ``generator`` on its device (``dof`` must live there too)."""
    check.generator("generator", generator)
    check.tensor("dof", dof, device=generator.device)
    if not bool(((dof > 0) & (dof <= MAX_DOF)).all()):
        raise ValueError(f"dof (degrees of freedom) must lie in (0, {MAX_DOF:g}]")
    return _chi_square(dof, generator)


def _chi_square(dof: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """:func:`chi_square` without the checks (``dof`` built by the samplers here)."""
    return 2.0 * torch._standard_gamma(0.5 * dof, generator=generator)


def _chi(dof: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Chi variates with the given (positive) degrees of freedom: ``sqrt(2 Gamma(dof / 2))``."""
    return torch.sqrt(_chi_square(dof, generator))


def wishart_lmax_tridiagonal(*, n: int, p: int, count: int, generator: torch.Generator,
                             iterations: int = 52) -> torch.Tensor:
    """``count`` independent draws of the largest eigenvalue of ``X^T X``, ``X`` n x p N(0, 1).

    Uses the bidiagonal model of the real Wishart (Laguerre beta = 1) ensemble (Silverstein
    1985; Dumitriu & Edelman 2002, Thm 3.4): with ``m = min(n, p)``, ``N = max(n, p)``, the
    non-zero eigenvalues of ``X^T X`` are those of ``B^T B`` for ``B`` upper bidiagonal with
    diagonal ``chi_N, chi_{N-1}, ..., chi_{N-m+1}`` and superdiagonal ``chi_{m-1}, ..., chi_1``,
    all independent. The top eigenvalue of the tridiagonal ``B^T B`` is found by bisection on the
    Sturm count, vectorised over the draws: O(m) random numbers and O(m iterations) work per
    draw instead of ``n p`` and ``m^3``. ``iterations`` halvings of the Gershgorin bracket
    (width below ``4 N``) leave an error below ``4 N 2^{-52}``; at most :data:`MAX_ITERATIONS`.
    Sizes: ``n, p`` in ``[1, 2^31 - 1]`` and ``count * min(n, p) <= 2^31 - 1``.
    """
    _iterations(iterations)
    d, e = wishart_bidiagonal(n=n, p=p, count=count, generator=generator)
    return bidiagonal_top_eigenvalue(d, e, iterations)


def wishart_bidiagonal(*, n: int, p: int, count: int,
                       generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """Diagonal ``(count, m)`` and superdiagonal ``(count, m - 1)`` of the bidiagonal model
    ``B`` (see :func:`wishart_lmax_tridiagonal`)."""
    check.sizes(("n", n), ("p", p))
    check.sizes(("count", count), ("min(n, p)", min(n, p)))
    check.generator("generator", generator)
    m, big = min(n, p), max(n, p)
    dtype, device = torch.float64, generator.device
    diag_dof = torch.arange(big, big - m, -1, dtype=dtype, device=device).expand(count, m)
    d = _chi(diag_dof.contiguous(), generator)
    if m > 1:
        off_dof = torch.arange(m - 1, 0, -1, dtype=dtype, device=device).expand(count, m - 1)
        e = _chi(off_dof.contiguous(), generator)
    else:
        e = torch.zeros(count, 0, dtype=dtype, device=device)
    return d, e


def bidiagonal_top_eigenvalue(d: torch.Tensor, e: torch.Tensor, iterations: int = 52) -> torch.Tensor:
    """Largest eigenvalue of ``B^T B`` for upper bidiagonal ``B`` (diagonal ``d``, superdiagonal
    ``e``, batched over rows) by bisection on the Sturm count of the tridiagonal ``B^T B``
    (``iterations`` in ``[1, MAX_ITERATIONS]``; see :func:`tridiagonal_top_eigenvalue`)."""
    check.tensor("d", d, ndim=2)
    check.tensor("e", e, ndim=2, device=d.device, dtype=d.dtype, empty=True, like="d")
    if tuple(e.shape) != (d.shape[0], d.shape[1] - 1):
        raise ValueError(f"e must be a tensor of shape (count, m - 1) = {(d.shape[0], d.shape[1] - 1)} for d of "
                         f"shape {tuple(d.shape)}; got "
                         f"{tuple(e.shape)}")
    iterations = _iterations(iterations)
    # Divide by the power of two that brings max(|d|, |e|) into [1, 2) (exact): the squared off-diagonal
    # (d_i e_i)^2 of B^T B then cannot overflow, whatever the magnitude of the entries.
    top = max(float(torch.max(torch.abs(d))), float(torch.max(torch.abs(e))) if e.numel() else 0.0)
    scale = math.ldexp(1.0, math.frexp(top)[1] - 1) if top > 0.0 else 1.0
    d, e = d / scale, e / scale
    # T = B^T B: T_ii = d_i^2 + e_{i-1}^2, T_{i,i+1} = d_i e_i.
    a = d.square()
    a[:, 1:] += e.square()
    return _rescaled(_tridiagonal_top(a, (d[:, :-1] * e).square(), iterations), scale, "d, e")


def tridiagonal_top_eigenvalue(a: torch.Tensor, b2: torch.Tensor, iterations: int = 52) -> torch.Tensor:
    """Largest eigenvalue of the symmetric tridiagonal matrix with diagonal ``a`` ``(count, m)`` and
    squared off-diagonal ``b2`` ``(count, m - 1)`` (non-negative), batched over rows.

    Bisection on the Sturm count (the number of negative pivots of the LDL^T factorisation of
    ``T - x``: all ``m`` are negative iff ``x`` exceeds every eigenvalue), started from the bracket
    ``[max_i a_i, max_i (a_i + |b_{i-1}| + |b_i|)]`` (a Rayleigh quotient and the Gershgorin bound);
    ``iterations`` halvings leave an error below the bracket width times ``2^{-iterations}``.
    O(m) work per draw and iteration, vectorised over the draws (CPU or CUDA). ``iterations`` must lie
    in ``[1, MAX_ITERATIONS]`` (200): beyond about 60 steps float64 bisection cannot improve (see
    :data:`MAX_ITERATIONS`), and an unbounded count could run forever.
    """
    check.tensor("a", a, ndim=2)
    m = a.shape[1]
    check.tensor("b2", b2, ndim=2, device=a.device, dtype=a.dtype, empty=True, like="a")
    if tuple(b2.shape) != (a.shape[0], m - 1):
        raise ValueError(f"b2 must be a tensor of shape (count, m - 1) = {(a.shape[0], m - 1)} for a of shape "
                         f"{tuple(a.shape)}; got "
                         f"{tuple(b2.shape)}")
    if b2.numel() and bool((b2 < 0).any()):
        raise ValueError("b2 (the squared off-diagonal) must be >= 0")
    iterations = _iterations(iterations)
    return _tridiagonal_top(a, b2, iterations)


def _tridiagonal_top(a: torch.Tensor, b2: torch.Tensor, iterations: int) -> torch.Tensor:
    """The bisection of :func:`tridiagonal_top_eigenvalue` (arguments validated by the caller)."""
    m = a.shape[1]
    b_abs = b2.sqrt()
    radius = torch.zeros_like(a)
    radius[:, :-1] += b_abs
    radius[:, 1:] += b_abs
    lo = a.max(dim=1).values
    hi = (a + radius).max(dim=1).values
    if not bool(torch.isfinite(hi).all()):
        raise ValueError("a and b2 are too large: the Gershgorin bound exceeds the float range")
    # Rows (one per tridiagonal index) contiguous over the draws for the Sturm recurrence.
    rows_a = a.t().contiguous()
    rows_b2 = b2.t().contiguous()

    def all_below(x: torch.Tensor) -> torch.Tensor:
        """Whether all m eigenvalues lie below ``x`` (Sturm count of negative pivots = m)."""
        q = rows_a[0] - x
        below = q < 0
        for i in range(1, m):
            q = rows_a[i] - x - rows_b2[i - 1] / q
            below &= q < 0
        return below

    for _ in range(iterations):
        x = 0.5 * (lo + hi)
        top_below = all_below(x)
        hi = torch.where(top_below, x, hi)
        lo = torch.where(top_below, lo, x)
    return 0.5 * (lo + hi)
