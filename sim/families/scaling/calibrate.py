"""Calibration of the ridge bias bound (``python -m sim.families.scaling.calibrate [draws] [replicates]``).

Draws ridge problems from the ``verify`` strategy (filter included), simulates ``replicates`` designs and
prints the relative deviation of the mean risk from the deterministic equivalent, its standard error, and
the deviation in units of ``1/n`` and of ``1/(n - df_2)``: the finite-size bias the constant ``B_RIDGE``
must bound (``tolerances.py``)."""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
from hypothesis import HealthCheck, given, settings

from sim.device import generator
from sim.families.scaling import draws
from sim.families.scaling.params import RidgeParams
from sim.families.scaling.simulate import ridge_risks
from sim.families.scaling.sizes import SIZES
from theory.scaling import effective_ridge, ridge_risk


def main(count: int, replicates: int) -> None:
    rows: list[tuple[float, ...]] = []

    @settings(max_examples=count, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(params=draws.ridge_risk_sized(SIZES["verify"]))
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 16, int(sys.argv[2]) if len(sys.argv) > 2 else 300)
