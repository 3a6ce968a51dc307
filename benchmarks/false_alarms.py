"""Measure every claim's false-alarm rate: counted over root seeds, and modelled from the runs' examples.

Two modes, both writing JSON that ``--table`` turns into the table of docs/error_budget.md:

``python benchmarks/false_alarms.py count --claims mp.atom adam.update_frobenius --seeds 200 --out FILE``
    runs each claim under the verify profile at root seeds ``--first .. --first + seeds - 1`` in this
    process and counts the runs that did not pass (appending one JSON line per run to ``FILE``, so an
    interrupted count loses nothing; a rerun skips the seeds already in ``FILE``);

``python benchmarks/false_alarms.py table --reports DIR [DIR ...] --counts FILE --out docs/error_budget_table.md``
    pools the per-example evidence of the verify reports in the ``DIR``s (one run per directory, all with
    every formula right) with :func:`rmtcheck.false_alarms.modelled_rate`, adds the counted rates, and
    writes the Markdown table (claim, runs, failures, upper 95% bound, modelled rate and its bound) and
    the whole-run bound (the sum over claims) for the verify profile.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rmtcheck.false_alarms import (
    clopper_pearson_upper,
    modelled_rate,
    planned_resolution,
    pooled_examples,
    whole_run,
    whole_run_upper,
)


def count(claims: list[str], seeds: int, first: int, out: Path, profile_name: str) -> None:
    import rmtcheck
    from rmtcheck.profiles import get_profile
    from rmtcheck.run import verify_check

    done = set()
    if out.exists():
        for line in out.read_text().splitlines():
            row = json.loads(line)
            done.add((row["claim"], row["root_seed"], row["profile"]))
    profile = get_profile(profile_name, cuda=False)
    found = rmtcheck.discover(plugins=False)
    with out.open("a") as sink:
        for claim_id in claims:
            check = found.get(claim_id)
            for root in range(first, first + seeds):
                if (claim_id, root, profile_name) in done:
                    continue
                start = time.perf_counter()
                result = verify_check(check, profile, root_seed=root)
                row = {"claim": claim_id, "root_seed": root, "profile": profile_name, "status": str(result.status),
                       "resolution": result.resolution, "wall_time_s": round(time.perf_counter() - start, 3),
                       "explain": result.explain()[:2000]}
                sink.write(json.dumps(row) + "\n")
                sink.flush()


def _counts(path: Path | None) -> dict[tuple[str, str], tuple[int, int]]:
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    if path is None or not path.exists():
        return {}
    for line in path.read_text().splitlines():
        row = json.loads(line)
        key = (row["claim"], row["profile"])
        tally[key][0] += 1
        tally[key][1] += row["status"] != "pass"
    return {key: (runs, failures) for key, (runs, failures) in tally.items()}


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _design_examples(profile_name: str, claim_ids: set[str]) -> dict[str, int]:
    """Examples per run of each registered claim in ``claim_ids`` under ``profile_name`` today."""
    from rmtcheck.plugins import discover
    from rmtcheck.profiles import get_profile

    profile = get_profile(profile_name, cuda=False)
    return {check.id: profile.examples(check.examples) for check in discover(plugins=False)
            if check.id in claim_ids}


def table(reports: list[Path], counts: Path | None, out: Path, as_json: Path | None, profile: str,
          calibration: list[Path] | None = None) -> None:
    payloads = [json.loads((d / "verification.json").read_text()) for d in reports]
    if any(p.get("profile") != profile for p in payloads):
        raise SystemExit(f"every report must be of the {profile} profile")
    pooled = pooled_examples(payloads)
    # another profile's examples of the same claims, for the noise scale only (modelled_rate's calibration)
    extra = pooled_examples(json.loads((d / "verification.json").read_text()) for d in calibration or [])
    counted = _counts(counts)
    runs_failed: dict[str, int] = defaultdict(int)
    runs_seen: dict[str, int] = defaultdict(int)
    per_run: dict[str, int] = {}
    for payload in payloads:
        for claim_id, row in payload["claims"].items():
            runs_seen[claim_id] += 1
            runs_failed[claim_id] += row["status"] != "pass"
            per_run[claim_id] = max(per_run.get(claim_id, 0), int(row["examples"]))
    # a run's examples under the current design (a claim whose example count changed after some of the pooled
    # runs is rated at today's count); claims no longer registered keep the largest count seen
    per_run.update(_design_examples(profile, set(per_run)))
    rows: list[dict[str, Any]] = []
    rates = []
    for claim_id in sorted(pooled):
        rate = modelled_rate(pooled[claim_id], examples_per_run=per_run[claim_id],
                             calibration=extra.get(claim_id, []))
        rates.append(rate)
        margins = [planned_resolution(ex) / float(ex["resolution_target"]) for ex in pooled[claim_id]
                   if ex.get("resolution_target")]
        runs, failures = counted.get((claim_id, profile), (0, 0))
        rows.append({
            "claim": claim_id, "runs": runs_seen[claim_id], "runs_failed": runs_failed[claim_id],
            "pooled_examples": rate.examples, "counted_runs": runs, "counted_failures": failures,
            "counted_upper95": clopper_pearson_upper(failures, runs) if runs else None,
            "modelled_agreement": rate.agreement, "modelled_power": rate.power,
            "modelled_resolution": rate.resolution, "modelled": rate.total, "modelled_upper95": rate.upper95,
            "worst_planned_over_target": max(margins) if margins else None,
        })
    run_bound = whole_run_upper(rates)
    run_estimate = whole_run(r["modelled"] for r in rows)
    lines = [
        f"Pooled from {len(payloads)} {profile} reports ({sum(r['pooled_examples'] for r in rows)} examples"
        + (f"; noise scales fitted with the examples of {len(calibration)} more reports" if calibration else "")
        + "); "
        f"whole-run rate (sum over claims): modelled **{run_estimate:.2g}**, upper 95% bound "
        f"**{run_bound:.2g}**.",
        "",
        f"| claim | {profile} runs (failed) | counted runs | failures | upper 95% | modelled per run "
        "(agreement / power / resolution) | modelled upper 95% | worst planned / target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        counted_cells = (f"{r['counted_runs']} | {r['counted_failures']} | {r['counted_upper95']:.2g}"
                         if r["counted_runs"] else "— | — | —")
        lines.append(
            f"| `{r['claim']}` | {r['runs']} ({r['runs_failed']}) | {counted_cells} | "
            f"{r['modelled']:.1e} ({r['modelled_agreement']:.0e} / {r['modelled_power']:.0e} / "
            f"{r['modelled_resolution']:.0e}) | {r['modelled_upper95']:.1e} | "
            f"{_cell(r['worst_planned_over_target'])} |")
    out.write_text("\n".join(lines) + "\n")
    if as_json is not None:
        as_json.write_text(json.dumps({"runs": [str(d) for d in reports], "whole_run_modelled": run_estimate,
                                       "whole_run_upper95": run_bound, "claims": rows}, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("count", help="count failures over root seeds")
    c.add_argument("--claims", nargs="+", required=True)
    c.add_argument("--seeds", type=int, default=200)
    c.add_argument("--first", type=int, default=1)
    c.add_argument("--profile", default="verify", choices=("ci", "verify"))
    c.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("table", help="the false-alarm table from verify reports and counts")
    t.add_argument("--reports", type=Path, nargs="+", required=True)
    t.add_argument("--counts", type=Path)
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--json", type=Path)
    t.add_argument("--profile", default="verify", choices=("ci", "verify"))
    t.add_argument("--calibration", type=Path, nargs="*", default=[],
                   help="reports of another profile whose examples join the noise-scale fit only")
    args = parser.parse_args(argv)
    if args.mode == "count":
        count(args.claims, args.seeds, args.first, args.out, args.profile)
    else:
        table(args.reports, args.counts, args.out, args.json, args.profile, args.calibration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
