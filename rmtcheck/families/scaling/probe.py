"""Agreement probe before the family is wired into the registry (``python -m rmtcheck.families.scaling.probe``).

For each claim and a few parameter draws and seeds: simulate once, compare the claim and every variant,
print agreement, the resolution, and each variant's worst |error|/tolerance (> 1: rejected)."""

from __future__ import annotations

import sys
import time
from typing import Any

from hypothesis import strategies as st

from rmtcheck import Check, get_profile
from rmtcheck.families.scaling import CHECKS


def evaluate(check: Check[Any], params: Any, seed: int) -> dict[str, Any]:
    from sim.device import generator

    claim = check.claim
    experiment: Any = check.experiment
    start = time.perf_counter()
    sample = experiment.simulate(params, generator(seed, "cpu"))
    own = experiment.compare(sample, params, claim.predict)
    margins = {}
    for v in claim.variants:
        comps = experiment.compare(sample, params, v.predict)
        margins[v.name + ("*" if v.near_miss else "")] = max(c.error / c.tolerance for c in comps)
    return {"agrees": all(c.passed for c in own), "resolution": max(c.resolution for c in own),
            "worst_err_over_tol": max(c.error / c.tolerance for c in own), "margins": margins,
            "seconds": time.perf_counter() - start}


def main(profile: str, claim_filter: str = "", examples: int = 0, seed: int = 1000) -> None:
    """``examples = 0``: the profile's own count per claim (its examples times the check's fraction)."""
    chosen = get_profile("verify", cuda=True) if profile == "verify-cuda" else get_profile(profile, cuda=False)
    total = 0.0
    for check in CHECKS:
        claim = check.claim
        if claim_filter and claim_filter not in claim.id:
            continue
        strategy: st.SearchStrategy[Any] = check.strategy(chosen)
        count = examples or chosen.examples(check.examples)
        margins_min: dict[str, float] = {}
        worst, agree, spent = 0.0, True, 0.0
        for k in range(count):
            params = strategy.example()
            out = evaluate(check, params, seed + k)
            spent += out["seconds"]
            worst = max(worst, out["resolution"])
            agree = agree and out["agrees"]
            for name, value in out["margins"].items():
                margins_min[name] = min(margins_min.get(name, float("inf")), value)
            margins = " ".join(f"{n}={m:.3g}" for n, m in out["margins"].items())
            print(f"{claim.id} agrees={out['agrees']} res={out['resolution']:.4f} "
                  f"err/tol={out['worst_err_over_tol']:.2f} {out['seconds']:.1f}s | {margins}\n   {params}",
                  flush=True)
        total += spent
        target = (claim.resolution_target or 0.0) * (3.0 if profile == "ci" else 1.0)
        print(f"SUMMARY {claim.id}: {count} examples, all agree {agree}, worst resolution {worst:.4f} (target "
              f"{target:.3g}), smallest variant margins {margins_min}, {spent:.1f}s", flush=True)
    print(f"total {total:.1f}s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "ci", sys.argv[2] if len(sys.argv) > 2 else "",
         int(sys.argv[3]) if len(sys.argv) > 3 else 0, int(sys.argv[4]) if len(sys.argv) > 4 else 1000)
