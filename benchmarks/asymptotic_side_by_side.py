"""Issue 24: the automatic finite-size analysis (rmtcheck.asymptotic) next to the hand-calibrated built-in checks.

For each claim: the built-in check on its first ``--examples`` ci-profile examples (its own sizes, replicates
and calibrated bias bound) and the automatic path (the claim's own prediction and wrong variants, an
:class:`~rmtcheck.asymptotic.Asymptotic` experiment on a ladder, no bias bound) on as many points of the claim's
regime (``wigner.outlier``: the outside package of ``tests/data/wigner_example``, with its near-miss
theta + 1.1/theta both as a variant and as the claim). Printed per claim: worst resolution, seconds per
example, status, variants rejected. Gaussian entries;
spike directions ``e_1`` (the Gaussian model is rotation invariant). Run with ``OMP_NUM_THREADS=1
PYTHONPATH=. python benchmarks/asymptotic_side_by_side.py [--only ID] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch

from rmtcheck.asymptotic import Asymptotic, Ladder, Point
from rmtcheck.check import Check
from rmtcheck.claim import Claim, Predictor, Variant
from rmtcheck.experiment import Outcome
from rmtcheck.families.scaling._common import LearnedParams, learned_risks
from rmtcheck.plugins import discover
from rmtcheck.profiles import get_profile
from rmtcheck.run import Example, draw_examples, run_example
from sim.two_layer import first_step
from theory import adam_step


def _covariance(gen: torch.Generator, n: int, count: int, ell: float, c: float) -> torch.Tensor:
    """``Sigma^{1/2} Z / sqrt(n)``, ``Sigma = I + ell e1 e1^T``, ``p = round(c n)``."""
    z = torch.randn(count, round(c * n), n, generator=gen, dtype=torch.float64)
    z[:, 0, :] *= math.sqrt(1.0 + ell)
    return z / math.sqrt(n)


def spiked_top(gen: torch.Generator, n: int, count: int, ell: float, c: float) -> torch.Tensor:
    x = _covariance(gen, n, count, ell, c)
    out: torch.Tensor = torch.linalg.eigvalsh(x @ x.mT)[:, -1]
    return out


def spiked_overlap(gen: torch.Generator, n: int, count: int, ell: float, c: float) -> torch.Tensor:
    x = _covariance(gen, n, count, ell, c)
    out: torch.Tensor = torch.linalg.eigh(x @ x.mT).eigenvectors[:, 0, -1].square()
    return out


def wigner_top(gen: torch.Generator, n: int, count: int, theta: float) -> torch.Tensor:
    """Top eigenvalue of ``theta e1 e1^T + GOE/sqrt(n)`` (bulk on [-2, 2]); limit ``theta + 1/theta``."""
    g = torch.randn(count, n, n, generator=gen, dtype=torch.float64)
    w = (g + g.mT) / math.sqrt(2.0 * n)
    w[:, 0, 0] += theta
    out: torch.Tensor = torch.linalg.eigvalsh(w)[:, -1]
    return out


def mp_top(gen: torch.Generator, n: int, count: int, c: float, sigma2: float) -> torch.Tensor:
    z = torch.randn(count, round(c * n), n, generator=gen, dtype=torch.float64)
    out: torch.Tensor = sigma2 * torch.linalg.eigvalsh(z @ z.mT / n)[:, -1]
    return out


def lowrank_ratio(gen: torch.Generator, n: int, count: int, ell: float, c: float) -> torch.Tensor:
    z = torch.randn(count, round(c * n), n, generator=gen, dtype=torch.float64) / math.sqrt(n)
    x = z @ z.mT
    x[:, 0, 0] += ell
    values = torch.linalg.eigvalsh(x)
    out: torch.Tensor = values[:, -2] / values[:, -1]
    return out


def adam_sizes(d: int, nd: float, hd: float) -> tuple[int, int, int]:
    return round(nd * d), round(hd * d), d


def adam_top(gen: torch.Generator, n: int, count: int, factor: float, nd: float, hd: float) -> torch.Tensor:
    """``sigma_1(W1)`` at ``factor`` times the threshold; the ladder's size is ``d``."""
    nn, h, d = adam_sizes(n, nd, hd)
    eta = factor * adam_step.adam_spike_threshold(nn, h, d, 0.3)
    step = first_step(nn, h, d, "adam", gen, count, 0.3)
    out: torch.Tensor = torch.linalg.matrix_norm(step.W0 - eta * step.direction, ord=2)
    return out


def floor_risk(gen: torch.Generator, n: int, count: int, ratio: int, nu: float, a: float, sigma2: float) -> Any:
    params = LearnedParams(n=n, ratio=ratio, nu=nu, a=a, sigma2=sigma2, eta_frac=0.5, replicates=count)
    return learned_risks(params, gen, curve=False)[:, -1]


def _wrap(claim: Claim, convert: Callable[[Predictor], Predictor], extra: tuple[Variant, ...] = ()) -> Claim:
    return Claim(claim.id, claim.statement, claim.formula, claim.citation, claim.source, claim.assumptions,
                 claim.regime, convert(claim.predict),
                 tuple(Variant(v.name, v.description, convert(v.predict), v.near_miss) for v in claim.variants)
                 + extra, claim.resolution_target, claim.resolution_basis, claim.kind)


def _upper(f: Predictor) -> Predictor:
    return lambda c, sigma2: float(np.asarray(f(c, sigma2))[1])


def _adam(f: Predictor) -> Predictor:
    def at(factor: float, nd: float, hd: float, d: int) -> float:
        nn, h, dd = adam_sizes(d, nd, hd)
        return float(f(factor * adam_step.adam_spike_threshold(nn, h, dd, 0.3), nn, h, dd, 0.3))
    return at


def _floor(f: Predictor) -> Predictor:
    def at(ratio: int, nu: float, a: float, sigma2: float, n: int) -> float:
        eigs, beta2 = LearnedParams(n=n, ratio=ratio, nu=nu, a=a, sigma2=sigma2, eta_frac=0.5,
                                    replicates=2).population()
        return float(f(eigs, beta2, sigma2, n))
    return at


def _same(f: Predictor) -> Predictor:
    return f


@dataclass(frozen=True)
class Case:
    claim_id: str
    batch: Callable[..., Any]
    convert: Callable[[Predictor], Predictor]
    order: float
    points: tuple[dict[str, Any], ...]
    ladder: Ladder
    size_argument: str | None = None
    cost_power: float = 3.0
    extra: tuple[Variant, ...] = ()
    wrong: Predictor | None = None  # also run the automatic path with this as the claim (it must fail)


WIGNER_EXAMPLE = Path(__file__).resolve().parents[1] / "tests" / "data" / "wigner_example"


def _check(claim_id: str) -> Check[Any]:
    """The built-in check, or for ``wigner.outlier`` the outside package of ``tests/data/wigner_example``
    (issue 13's plugin, hand-calibrated: 4 SE + a bias bound 2/n), imported from its source directory."""
    if claim_id == "wigner.outlier":
        if str(WIGNER_EXAMPLE) not in sys.path:
            sys.path.insert(0, str(WIGNER_EXAMPLE))
        check: Check[Any] = importlib.import_module("wigner_example").CHECK
        return check
    return discover(plugins=False).get(claim_id)


LADDER = Ladder(40, 2.0, 4, target=0.006, min_replicates=128, max_replicates=4096)
CASES = (
    Case("wigner.outlier", wigner_top, _same, 1.0, ({"theta": 1.5}, {"theta": 2.2}), LADDER,
         extra=(Variant("one_point_one_over_theta", "theta + 1.1/theta (wigner_example's WRONG_CHECK)",
                        lambda theta: theta + 1.1 / theta, True),),
         wrong=lambda theta: theta + 1.1 / theta),
    Case("spiked.outlier", spiked_top, _same, 1.0, ({"ell": 2.0, "c": 0.5}, {"ell": 3.0, "c": 1.0}), LADDER,
         extra=(Variant("two_percent_high", "1.02 (1 + ell)(1 + c/ell)",
                        lambda ell, c: 1.02 * (1 + ell) * (1 + c / ell), True),)),
    Case("spiked.overlap", spiked_overlap, _same, 1.0, ({"ell": 2.0, "c": 0.5}, {"ell": 3.0, "c": 1.0}), LADDER),
    Case("mp.edges", mp_top, _upper, 2.0 / 3.0, ({"c": 0.1, "sigma2": 1.0}, {"c": 0.5, "sigma2": 2.0}),
         Ladder(60, 2.0, 4, target=0.006, min_replicates=128, max_replicates=2048)),
    Case("lowrank.relative_error", lowrank_ratio, _same, 2.0 / 3.0,
         ({"ell": 3.0, "c": 0.5}, {"ell": 4.0, "c": 1.0}), LADDER),
    Case("adam.spike_location", adam_top, _adam, 1.0, ({"factor": 1.6, "nd": 3.0, "hd": 1.0},
                                                       {"factor": 1.5, "nd": 2.0, "hd": 1.25}),
         Ladder(40, 2.0, 4, target=0.006, min_replicates=32, max_replicates=512, batch=32), size_argument="d"),
    Case("scaling.gd_floor", floor_risk, _floor, 1.0, ({"ratio": 4, "nu": 1.5, "a": 0.7, "sigma2": 0.02},),
         Ladder(40, 2.0, 4, target=0.006, min_replicates=32, max_replicates=512, batch=32), size_argument="n"),
)


def _summary(outcomes: list[Outcome], seconds: float) -> dict[str, Any]:
    return {"examples": len(outcomes), "resolution": max(o.resolution for o in outcomes),
            "seconds_per_example": round(seconds / len(outcomes), 1),
            "status": sorted({o.status for o in outcomes}),
            "agrees": all(o.agrees for o in outcomes),
            "variants_rejected": {v: all(o.rejected(v) for o in outcomes) for v in outcomes[0].variants}}


def side_by_side(case: Case, examples: int, builtin: bool) -> dict[str, Any]:
    row: dict[str, Any] = {}
    check = _check(case.claim_id)
    if builtin:
        start = time.perf_counter()
        ci = get_profile("ci", cuda=False)
        drawn = draw_examples(check, ci, root_seed=24)[:examples]
        exact = replace(ci, target_factor=1.0)  # the ci sizes, the verify resolution targets
        outs = [run_example(check, e, exact, "cpu") for e in drawn]
        row["hand-calibrated (ci sizes)"] = _summary(outs, time.perf_counter() - start)
    claim = _wrap(check.claim, case.convert, case.extra)
    experiment = Asymptotic(case.claim_id, batch=case.batch, order=case.order, size_argument=case.size_argument,
                            cost_power=case.cost_power)
    auto: Check[Point] = Check(claim, experiment, lambda profile: None)  # type: ignore[arg-type,return-value]
    start = time.perf_counter()
    outs = [run_example(auto, Example(Point(values, case.ladder), 24 + i), get_profile("ci", cuda=False), "cpu")
            for i, values in enumerate(case.points)]
    row["automatic"] = _summary(outs, time.perf_counter() - start)
    row["automatic"]["details"] = [o.comparisons[0].statistic for o in outs]
    if case.wrong is not None:
        wrong = replace(auto, claim=replace(claim, predict=case.wrong))
        start = time.perf_counter()
        ci = get_profile("ci", cuda=False)
        outs = [run_example(wrong, Example(Point(values, case.ladder), 24 + i), ci, "cpu")
                for i, values in enumerate(case.points)]
        row["automatic, wrong formula as the claim"] = _summary(outs, time.perf_counter() - start)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--examples", type=int, default=2)
    parser.add_argument("--no-builtin", action="store_true")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    results = {}
    for case in CASES:
        if args.only and case.claim_id not in args.only.split(","):
            continue
        results[case.claim_id] = side_by_side(case, args.examples, not args.no_builtin)
        print(case.claim_id, json.dumps(results[case.claim_id], indent=1), flush=True)
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
