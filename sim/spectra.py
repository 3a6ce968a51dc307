"""Spectra of sample covariance matrices, computed on the smaller Gram side."""

from __future__ import annotations

import torch


def covariance_eigenvalues(x: torch.Tensor, *, full: bool = False) -> torch.Tensor:
    """Eigenvalues of ``S = X X^T / n`` for a batch ``x`` of shape ``(batch, p, n)``.

    Returns ``(batch, p)`` ascending. For ``p > n`` the ``p - n`` structural zeros are
    appended exactly and only the ``n x n`` Gram matrix ``X^T X / n`` is diagonalised,
    unless ``full=True`` asks for the ``p x p`` matrix itself (used when the zeros are
    what is being tested).
    """
    if x.ndim != 3:
        raise ValueError(f"x must have shape (batch, p, n); got {tuple(x.shape)}")
    _, p, n = x.shape
    if full or p <= n:
        gram = x @ x.transpose(-1, -2) / n
        full_values: torch.Tensor = torch.linalg.eigvalsh(gram)
        return full_values
    small = torch.linalg.eigvalsh(x.transpose(-1, -2) @ x / n)
    zeros = torch.zeros(x.shape[0], p - n, dtype=x.dtype, device=x.device)
    return torch.cat([zeros, small], dim=-1)


def nonzero_extremes(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Smallest and largest non-zero eigenvalues of ``X X^T / n`` (rank ``min(p, n)``)."""
    _, p, n = x.shape
    gram = x @ x.transpose(-1, -2) / n if p <= n else x.transpose(-1, -2) @ x / n
    values = torch.linalg.eigvalsh(gram)
    return values[:, 0], values[:, -1]


def wishart_lmax(x: torch.Tensor) -> torch.Tensor:
    """Largest eigenvalue of ``X^T X`` for a batch ``x`` of shape ``(batch, n, p)``."""
    _, n, p = x.shape
    gram = x.transpose(-1, -2) @ x if p <= n else x @ x.transpose(-1, -2)
    top: torch.Tensor = torch.linalg.eigvalsh(gram)[:, -1]
    return top
