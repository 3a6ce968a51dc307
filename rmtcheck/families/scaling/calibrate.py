"""Calibration of the ridge bias bound (``python -m rmtcheck.families.scaling.calibrate [draws] [replicates]``).

Draws ridge problems from the ``verify`` strategy (filter included), simulates ``replicates`` designs and
prints the relative deviation of the mean risk from the deterministic equivalent, its standard error, and
the deviation in units of ``1/n`` and of ``1/(n - df_2)``: the finite-size bias the constant ``B_RIDGE``
must bound (``_common.py``; ``learned`` and ``curve``: ``B_FLOOR``, ``B_CROSS`` and ``B_CURVE`` in
``gd_floor.py``, ``gd_crossover.py`` and ``gd_curve.py``)."""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
from hypothesis import HealthCheck, given, settings

from rmtcheck.families.scaling import gd_crossover, gd_curve
from rmtcheck.families.scaling import ridge_risk as ridge_risk_claim
from rmtcheck.families.scaling._common import SIZES, RidgeParams, ridge_risks
from theory.scaling import effective_ridge, ridge_risk


def main(count: int, replicates: int) -> None:
    from sim.device import generator

    rows: list[tuple[float, ...]] = []

    @settings(max_examples=count, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=ridge_risk_claim.draws(SIZES["verify"]))
    def one(params: RidgeParams) -> None:
        params = dataclasses.replace(params, replicates=replicates)
        eigs, beta2 = params.population()
        values = ridge_risks(params, generator(7 + len(rows), "cpu"))
        predicted = ridge_risk(eigs, beta2, params.sigma2, params.n, params.lam)
        kappa = effective_ridge(eigs, params.n, params.lam)
        df2 = float(np.sum((eigs / (eigs + kappa)) ** 2))
        rel = float(np.mean(values)) / predicted - 1.0
        se = float(np.std(values, ddof=1)) / np.sqrt(values.size) / predicted
        rows.append((rel, se, rel * params.n, rel * (params.n - df2)))
        print(f"{params.spectrum:9s} p={params.p} n={params.n} lam={params.lam:.3g} df2={df2:.1f} rel={rel:+.4f} "
              f"se={se:.4f} rel*n={rel * params.n:+.2f} rel*(n-df2)={rel * (params.n - df2):+.2f}", flush=True)

    one()
    table = np.asarray(rows)
    bound = (np.abs(table[:, 0]) + 2 * table[:, 1]) / table[:, 0] * table[:, 3]
    print("max (|rel| + 2 se) * (n - df2):", float(np.max(bound)))




def learned(count: int, replicates: int) -> None:
    """Floor and crossover of GD on Gaussian linear regression: per verify draw (crossover strategy, filter
    included) the relative deviation of the mean floor from the ridgeless deterministic equivalent (times
    ``n - df_2``) and of the measured crossover from the predicted one (``log`` ratio times ``n``), with SEs."""
    from rmtcheck.families.scaling._common import LearnedParams, learned_risks
    from rmtcheck.families.scaling.gd_crossover import crossing
    from sim.device import generator
    from theory.scaling import gd_learned_crossover, gd_learned_floor

    rows: list[tuple[float, ...]] = []

    @settings(max_examples=count, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=gd_crossover.draws(SIZES["verify"]))
    def one(params: LearnedParams) -> None:
        params = dataclasses.replace(params, replicates=replicates)
        eigs, beta2 = params.population()
        values = learned_risks(params, generator(11 + len(rows), "cpu"))
        floor = gd_learned_floor(eigs, beta2, params.sigma2, params.n)
        kappa = effective_ridge(eigs, params.n, 0.0)
        eff = params.n - float(np.sum((eigs / (eigs + kappa)) ** 2))
        rel = float(np.mean(values[:, -1])) / floor - 1.0
        se = float(np.std(values[:, -1], ddof=1)) / np.sqrt(values.shape[0]) / floor
        t_x, se_log = crossing(params.times, values)
        pred = gd_learned_crossover(params.eta, eigs, beta2, params.sigma2, params.n)
        dev = float(np.log(t_x / pred))
        rows.append((rel * eff, (abs(rel) + 2 * se) * eff, dev * params.n, (abs(dev) + 2 * se_log) * params.n))
        print(f"n={params.n} p={params.p} nu={params.nu:.3f} a={params.a:.3f} floor rel={rel:+.4f} se={se:.4f} "
              f"rel*(n-df2)={rel * eff:+.2f} | t_x={t_x:.4g} pred={pred:.4g} log dev={dev:+.4f} se={se_log:.4f} "
              f"dev*n={dev * params.n:+.2f}", flush=True)

    one()
    table = np.asarray(rows)
    print("max (|floor rel| + 2 se)(n - df2):", float(np.max(table[:, 1])),
          "max (|log dev| + 2 se) n:", float(np.max(table[:, 3])))


def learned_curve(count: int, replicates: int) -> None:
    """Whole GD curve: per verify draw (curve strategy) and comparison time of ``GDCurveExperiment``, the relative
    deviation of the mean risk from the two-resolvent deterministic equivalent in units of ``1/n``."""
    from rmtcheck.families.scaling._common import LearnedParams, learned_risks
    from rmtcheck.families.scaling.gd_curve import curve_indices
    from sim.device import generator
    from theory.scaling import gd_learned_risk

    worst: list[float] = []

    @settings(max_examples=count, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=gd_curve.draws(SIZES["verify"]))
    def one(params: LearnedParams) -> None:
        params = dataclasses.replace(params, replicates=replicates)
        eigs, beta2 = params.population()
        values = learned_risks(params, generator(31 + len(worst), "cpu"))
        index = curve_indices(params)
        columns = np.append(index, values.shape[1] - 1)
        times = np.append(params.times[index], np.inf)
        predicted = np.asarray(gd_learned_risk(times, params.eta, eigs, beta2, params.sigma2, params.n))
        mean = values[:, columns].mean(axis=0)
        se = values[:, columns].std(axis=0, ddof=1) / np.sqrt(values.shape[0])
        rel = mean / predicted - 1.0
        bound = (np.abs(rel) + 2.0 * se / predicted) * params.n
        worst.append(float(np.max(bound)))
        print(f"n={params.n} p={params.p} nu={params.nu:.3f} a={params.a:.3f} rel*n=" +
              " ".join(f"{v:+.2f}" for v in rel * params.n) + f" | max (|rel| + 2 se) n = {worst[-1]:.2f}",
              flush=True)

    one()
    print("max over draws of (|rel| + 2 se) n:", max(worst))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "curve":
        learned_curve(int(sys.argv[2]) if len(sys.argv) > 2 else 10,
                      int(sys.argv[3]) if len(sys.argv) > 3 else 300)
        sys.exit(0)
    if len(sys.argv) > 1 and sys.argv[1] == "learned":
        learned(int(sys.argv[2]) if len(sys.argv) > 2 else 10, int(sys.argv[3]) if len(sys.argv) > 3 else 600)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 16, int(sys.argv[2]) if len(sys.argv) > 2 else 300)
