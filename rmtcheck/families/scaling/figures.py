"""Figures of the scaling-law family (fixed seeds, reproducible).

* ``scaling_gd_loss.png``: GD loss against ``t`` on log-log axes for two power-law quadratics (points: the
  simulated GD iterates; solid line: the first-order expansion ``(C/2nu)(2 eta Lambda t)^{-a}[Gamma(a) -
  Gamma(a+2)/(4t)]``; dashed: the leading asymptote alone).
* ``scaling_ridge_curves.png``: ridge excess risk against ``n`` for two ridge schedules ``lam = lam0 n^{-ell}``
  (bias-dominated ``ell = 0.3``, variance-dominated ``ell = 0.8``) on the power-law model ``alpha = 2``,
  ``r = 0.55``, ``p = 256``: points the simulated means (bars 2 SE), lines the deterministic equivalent, the
  legend the fitted exponent with its SE against the predicted one.
* ``scaling_learned_gd.png``: GD on Gaussian linear regression (``nu = 1.5``, ``kappa/nu = 0.8``, ``n = 200``,
  ``p = 1000``): the mean risk over designs against ``t`` (log-log) with the two-resolvent deterministic
  equivalent, the population loss and its power law, the floor and the predicted crossover time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from scipy import special

from rmtcheck import Figure
from rmtcheck.families.scaling._common import (
    LearnedParams,
    learned_noise,
    learned_risks,
    loglog_slope,
    ridge_risks,
)
from theory import scaling

__all__ = ["GD_LOSS_FIGURE", "LEARNED_GD_FIGURE", "RIDGE_CURVES_FIGURE", "gd_loss_figure", "learned_gd_figure",
           "ridge_curves_figure"]


def gd_loss_figure(path: Path, plt: Any) -> None:
    from rmtcheck.families.scaling._common import GDParams, gd_losses
    from sim.device import generator

    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for colour, (nu, kappa) in (("C0", (1.25, 1.5)), ("C1", (1.5, 2.25))):
        params = GDParams(nu=nu, kappa=kappa, eta=1.0, K=2**17, t0=2, t_max=2000, points=24, fit_points=8)
        times = params.times
        losses = gd_losses(params, generator(1500))
        dense = np.geomspace(times[0], times[-1], 200)
        args = (params.eta, params.Lambda, nu, params.C, kappa)
        a = kappa / nu
        ax.loglog(times, losses, "o", color=colour, ms=4,
                  label=f"GD, nu = {nu:g}, kappa = {kappa:g} (a = {a:.3g})")
        ax.loglog(dense, scaling.gd_power_law_expansion(dense, *args), "-", color=colour, lw=1,
                  label=r"$\frac{C}{2\nu}(2\eta\Lambda t)^{-a}[\Gamma(a) - \Gamma(a+2)/4t]$")
        ax.loglog(dense, scaling.gd_power_law_asymptote(dense, *args), "--", color=colour, lw=1,
                  label="leading asymptote")
    ax.set_xlabel(r"step $t$")
    ax.set_ylabel(r"loss $L(t)$")
    ax.set_title("GD on power-law quadratics, eta Lambda = 1, K = 2^17", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def ridge_curves_figure(path: Path, plt: Any) -> None:
    from rmtcheck.families.scaling._common import ExponentParams
    from sim.device import generator

    params = ExponentParams(alpha=2.0, r=0.55, ell=0.3, ell_variance=0.8, lam0=1.0, lam0_variance=0.1, sigma2=0.1,
                            p=256, ns=(128, 256, 512, 1024, 2048), replicates=40)
    ns = np.asarray(params.ns, dtype=np.float64)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    gen = generator(1501)
    for colour, ell in (("C0", params.ell), ("C3", params.ell_variance)):
        means, errors = [], []
        for n in params.ns:
            values = ridge_risks(params.ridge(n, ell), gen)
            means.append(float(values.mean()))
            errors.append(float(values.std(ddof=1)) / np.sqrt(values.size))
        m, e = np.asarray(means), np.asarray(errors)
        slope, se = loglog_slope(ns, m, e / m)
        predicted = scaling.ridge_risk_exponent(params.alpha, params.r, ell)
        dense = np.unique(np.round(np.geomspace(ns[0], ns[-1], 40)).astype(int))
        curve = []
        for n in dense:
            ridge = params.ridge(int(n), ell)
            eigs, beta2 = ridge.population()
            curve.append(scaling.ridge_risk(eigs, beta2, ridge.sigma2, int(n), ridge.lam))
        lam0 = params.lam0 if ell == params.ell else params.lam0_variance
        ax.errorbar(ns, m, yerr=2 * e, fmt="o", color=colour, ms=4, capsize=2,
                    label=f"lam = {lam0:g} n^-{ell:g} ({predicted.phase}): fitted {-slope:.3f} +- {se:.3f}, "
                    f"predicted {predicted.exponent:.3f}")
        ax.loglog(dense, curve, "-", color=colour, lw=1, label="deterministic equivalent")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"samples $n$")
    ax.set_ylabel("excess risk")
    ax.set_title("ridge learning curves, alpha = 2, r = 0.55, sigma^2 = 0.1, p = 256", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


GD_LOSS_FIGURE = Figure("scaling_gd_loss.png", gd_loss_figure)
RIDGE_CURVES_FIGURE = Figure("scaling_ridge_curves.png", ridge_curves_figure)


def learned_gd_figure(path: Path, plt: Any) -> None:
    from rmtcheck.families.scaling._common import crossing
    from sim.device import generator

    sigma2 = learned_noise(200, 5, 1.5, 0.8, 0.05)
    params = LearnedParams(n=200, ratio=5, nu=1.5, a=0.8, sigma2=sigma2, eta_frac=0.6, replicates=60)
    eigs, beta2 = params.population()
    times = params.times
    risks = learned_risks(params, generator(1502))
    mean = risks[:, :-1].mean(axis=0)
    se = risks[:, :-1].std(axis=0, ddof=1) / np.sqrt(risks.shape[0])
    eta = params.eta
    dense = np.geomspace(times[0], times[-1], 300)
    curve = scaling.gd_learned_risk(dense, eta, eigs, beta2, sigma2, params.n)
    floor = scaling.gd_learned_floor(eigs, beta2, sigma2, params.n)
    population = 2.0 * np.asarray(scaling.gd_quadratic_loss(dense, eta, eigs, beta2))
    law = 2.0 * np.asarray(scaling.gd_power_law_asymptote(dense, eta, 1.0, params.nu, 1.0, params.a * params.nu))
    t_x = scaling.gd_learned_crossover(eta, eigs, beta2, sigma2, params.n)
    measured, _ = crossing(times, risks)
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    ax.errorbar(times[::3], mean[::3], yerr=2 * se[::3], fmt="o", ms=3, color="C0", capsize=2,
                label=f"GD, mean over {params.replicates} designs (n = {params.n}, p = {params.p})")
    ax.loglog(dense, curve, "-", color="C0", lw=1, label="two-resolvent deterministic equivalent")
    ax.loglog(dense, population, "--", color="C2", lw=1, label=r"population loss ($n = \infty$)")
    ax.loglog(dense, law, ":", color="C2", lw=1,
              label=r"population law $\frac{C}{\nu}\Gamma(a)(2\eta\Lambda t)^{-a}$")
    ax.axhline(floor, color="C3", lw=1, label="floor: ridgeless deterministic equivalent")
    ax.axhline(2.0 * floor, color="C3", lw=0.8, ls=":", label=r"$2\times$ floor (defines $t_\times$)")
    ax.axvline(t_x, color="C1", lw=1, label=f"predicted crossover t_x = {t_x:.0f} (measured {measured:.0f})")
    a = params.a
    meet = (special.gamma(a) / params.nu / floor) ** (1.0 / a) / (2.0 * eta)
    ax.axvline(meet, color="C1", lw=0.8, ls="--", label=f"population law meets the floor: t = {meet:.0f}")
    ax.set_ylim(floor / 3.0, float(mean[0]) * 1.5)
    ax.set_xlabel(r"step $t$")
    ax.set_ylabel(r"excess risk $R_n(t)$")
    ax.set_title(f"GD on Gaussian linear regression: nu = {params.nu:g}, kappa/nu = {params.a:g}, "
                 f"sigma^2 = {sigma2:.2g} (noise 5% of the floor)", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


LEARNED_GD_FIGURE = Figure("scaling_learned_gd.png", learned_gd_figure)
