"""Torch simulations of the scaling-law family (float64, explicit generators, device of the generator)."""

from __future__ import annotations

import numpy as np
import torch
from numpy.typing import NDArray

from rmtcheck.families.scaling.params import GDParams, LearnedParams, PeakParams, RidgeParams
from theory.scaling import gd_power_law_spectrum

FloatArray = NDArray[np.float64]
_DTYPE = torch.float64
_BATCH_ELEMENTS = 2**22  # design entries per batch of replicates


def gd_losses(params: GDParams, gen: torch.Generator) -> FloatArray:
    """Run GD ``w <- w - eta A (w - w*)`` on the diagonal quadratic and return the loss at ``params.times``.

    The residual ``w_0 - w*`` has coordinates ``+-c_k`` with random signs from ``gen`` (the loss does
    not depend on them; GD is rotation-equivariant, so the diagonal basis loses no generality)."""
    device = gen.device
    eigs_np, coef2_np = gd_power_law_spectrum(params.K, params.Lambda, params.nu, params.C, params.kappa)
    eigs = torch.as_tensor(eigs_np, dtype=_DTYPE, device=device)
    signs = torch.randint(0, 2, (params.K,), generator=gen, device=device).to(_DTYPE) * 2.0 - 1.0
    residual = torch.as_tensor(np.sqrt(coef2_np), dtype=_DTYPE, device=device) * signs
    factor = 1.0 - params.eta * eigs
    record = {int(t) for t in params.times}
    losses: dict[int, float] = {}
    for step in range(1, params.t_max + 1):
        residual = residual * factor
        if step in record:
            losses[step] = 0.5 * float(torch.sum(eigs * residual * residual))
    return np.asarray([losses[int(t)] for t in params.times])


def ridge_risks(params: RidgeParams, gen: torch.Generator) -> FloatArray:
    """Excess risks of ridge, one per Gaussian design (:func:`ridge_risks_and_controls` without the controls)."""
    return ridge_risks_and_controls(params, gen)[0]


def ridge_risks_and_controls(params: RidgeParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
    """Excess risks ``E_eps <beta_hat - beta, x>^2`` of ridge, one per Gaussian design (noise averaged exactly).

    Given ``X``: bias ``E_signs d^T Sigma d`` with ``d = (H - I) beta`` the noiseless error, averaged over
    independent random signs of ``beta``'s coordinates in the eigenbasis (the deterministic equivalent
    depends on ``beta_i^2`` only; conditioning removes the spread from ``beta``'s direction), variance
    ``sigma^2 tr(Sigma^{1/2} M^T M Sigma^{1/2})`` with ``M`` the map from labels to ``beta_hat``; the dual
    (``n x n``) system when ``n <= p``, the primal one otherwise; Cholesky solves, no inverses.

    Also returns the controls ``(replicates, p)``: ``(X^T X / n)_ii / lambda_i - 1`` per design, of mean 0
    exactly (``X`` has independent ``N(0, lambda_i)`` columns); computed from the same ``X``, so the
    random stream and the risks are those of the risks alone."""
    device = gen.device
    eigs_np, beta2_np = params.population()
    root = torch.as_tensor(np.sqrt(eigs_np), dtype=_DTYPE, device=device)
    beta = torch.as_tensor(np.sqrt(beta2_np), dtype=_DTYPE, device=device)
    n, p = params.n, params.p
    batch = max(1, min(params.replicates, _BATCH_ELEMENTS // (n * p)))
    out: list[torch.Tensor] = []
    controls: list[torch.Tensor] = []
    done = 0
    while done < params.replicates:
        size = min(batch, params.replicates - done)
        X = torch.randn(size, n, p, generator=gen, dtype=_DTYPE, device=device) * root
        controls.append(torch.sum(X * X, dim=1) / (n * root * root) - 1.0)
        eye_p = torch.eye(p, dtype=_DTYPE, device=device)
        if n <= p:
            gram = X @ X.transpose(1, 2) / n + params.lam * torch.eye(n, dtype=_DTYPE, device=device)
            chol = torch.linalg.cholesky(gram)
            solved = torch.cholesky_solve(X, chol)  # (K + lam)^{-1} X
            residual = X.transpose(1, 2) @ solved / n - eye_p  # H - I, H = X^T (K + lam)^{-1} X / n
            scaled = solved * root  # (K + lam)^{-1} X Sigma^{1/2}
            variance = params.sigma2 * torch.sum(scaled * scaled, dim=(1, 2)) / n**2
        else:
            cov = X.transpose(1, 2) @ X / n
            chol = torch.linalg.cholesky(cov + params.lam * eye_p)
            inverse = torch.cholesky_inverse(chol)  # B = (S + lam)^{-1}
            residual = -params.lam * inverse  # H - I = -lam B
            # noise part of beta_hat = B X^T eps / n: sigma^2/n tr(Sigma B S B), and B S B = B - lam B^2,
            # so tr(Sigma B S B) = sum_i lambda_i B_ii - lam sum_ij lambda_i B_ij^2 (O(p^2) given B)
            weights = root * root
            variance = params.sigma2 * (inverse.diagonal(dim1=1, dim2=2) @ weights
                                        - params.lam * (inverse * inverse).sum(dim=2) @ weights) / n
        # bias averaged over independent random signs of beta's coordinates (the eigenbasis is fixed):
        # E d^T Sigma d = sum_i beta_i^2 [(H - I)^T Sigma (H - I)]_ii
        weighted = residual * root.unsqueeze(-1)  # rows j scaled by lambda_j^{1/2}
        bias = torch.sum(weighted * weighted, dim=1) @ (beta * beta)
        out.append(bias + variance)
        done += size
    return (torch.cat(out).cpu().numpy().astype(np.float64),
            torch.cat(controls).cpu().numpy().astype(np.float64))


def peak_risks(params: PeakParams, gen: torch.Generator) -> tuple[FloatArray, FloatArray]:
    """Ridgeless risks per replicate at ``p = n - gap`` (OLS) and ``p = n + gap`` (minimum norm), ``Sigma = I``.

    OLS: ``sigma^2 tr (X^T X)^{-1}`` (bias 0). Minimum norm: ``|beta|^2 - beta^T X^T (X X^T)^{-1} X beta
    + sigma^2 tr (X X^T)^{-1}`` with ``beta`` a uniformly random unit vector per replicate. Batched."""
    device = gen.device
    n = params.n
    results = []
    for p in (n - params.gap, n + params.gap):
        batch = max(1, min(params.replicates, _BATCH_ELEMENTS // (n * p)))
        risks: list[torch.Tensor] = []
        done = 0
        while done < params.replicates:
            size = min(batch, params.replicates - done)
            X = torch.randn(size, n, p, generator=gen, dtype=_DTYPE, device=device)
            if p < n:
                chol = torch.linalg.cholesky(X.transpose(1, 2) @ X)
                inv_trace = torch.cholesky_inverse(chol).diagonal(dim1=1, dim2=2).sum(dim=1)
                risks.append(params.sigma2 * inv_trace)
            else:
                beta = torch.randn(size, p, generator=gen, dtype=_DTYPE, device=device)
                beta = beta / torch.linalg.vector_norm(beta, dim=1, keepdim=True)
                chol = torch.linalg.cholesky(X @ X.transpose(1, 2))
                inv_trace = torch.cholesky_inverse(chol).diagonal(dim1=1, dim2=2).sum(dim=1)
                proj = (X @ beta.unsqueeze(-1))  # size x n x 1
                kept = (proj * torch.cholesky_solve(proj, chol)).sum(dim=(1, 2))
                risks.append(1.0 - kept + params.sigma2 * inv_trace)
            done += size
        results.append(torch.cat(risks).cpu().numpy().astype(np.float64))
    return results[0], results[1]


def learned_risks(params: LearnedParams, gen: torch.Generator, *, curve: bool = True) -> FloatArray:
    """GD on Gaussian linear regression: the excess risk of ``w_t`` per design (rows) at ``params.times`` and at
    ``t = inf`` (last column), averaged exactly over the label noise and over the signs of ``beta``'s coordinates
    in the eigenbasis (the deterministic equivalent depends on ``beta_k^2`` only). ``curve=False``: the
    ``t = inf`` column only.

    ``w_t = X^T phi_t(K) y / n`` with ``K = X X^T/n = U diag(s) U^T`` and ``phi_t(s) = (1 - (1 - eta s)^t)/s``
    (GD from 0, closed form; ``phi_inf = 1/s``: the minimum-norm interpolator). With ``Y = U^T X``,
    ``G = Y Sigma Y^T/n``, ``C = Y diag(beta^2) Y^T`` and ``e_a = sum_k beta_k^2 lambda_k Y_ak^2``, the residual is
    ``(I - H_t) beta``, ``H_t = Y^T diag(phi_t) Y/n``, and
    ``E_signs bias = sum_k beta_k^2 lambda_k - 2 phi_t . e/n + phi_t^T (G o C) phi_t/n`` (``o`` the entrywise
    product), variance ``sigma^2/n sum_a phi_a^2 G_aa``: O(n^2) per time after O(n^2 p) per design."""
    device = gen.device
    eigs_np, beta2_np = params.population()
    eigs = torch.as_tensor(eigs_np, dtype=_DTYPE, device=device)
    beta2 = torch.as_tensor(beta2_np, dtype=_DTYPE, device=device)
    root = eigs.sqrt()
    n, p = params.n, params.p
    eta = params.eta
    times = torch.as_tensor(params.times if curve else np.zeros(0), dtype=_DTYPE, device=device)
    base = float(torch.sum(eigs * beta2))
    rows: list[torch.Tensor] = []
    for _ in range(params.replicates):
        X = torch.randn(n, p, generator=gen, dtype=_DTYPE, device=device) * root
        s, U = torch.linalg.eigh(X @ X.T / n)
        if not float(eta * s[-1]) < 1.0:
            raise ValueError(f"eta lambda_max(S) = {float(eta * s[-1])!r} >= 1: the closed-form filter needs "
                             "1 - eta s > 0; lower eta_frac")
        Y = U.T @ X  # n x p
        gram = (Y * eigs) @ Y.T / n
        weighted = (Y * beta2) @ Y.T  # C
        e = (Y * Y) @ (beta2 * eigs)
        kernel = gram * weighted
        decay = torch.pow((1.0 - eta * s)[None, :], times[:, None])  # T x n
        phi = torch.cat(((1.0 - decay) / s, (1.0 / s)[None, :]), dim=0)  # (T + 1) x n
        bias = base - 2.0 * (phi @ e) / n + torch.sum((phi @ kernel) * phi, dim=1) / n
        variance = params.sigma2 / n * (phi * phi) @ torch.diagonal(gram)
        rows.append(bias + variance)
    return torch.stack(rows).cpu().numpy().astype(np.float64)
