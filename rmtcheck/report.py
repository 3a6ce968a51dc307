"""The verification report: ``verification.json`` and ``verification.md``."""

from __future__ import annotations

import datetime
import json
import platform
import subprocess
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

import torch

from rmtcheck.claim import Claim
from rmtcheck.experiment import Outcome, claim_status
from sim.device import default_device, describe

PACKAGES = ("rmtcheck", "numpy", "scipy", "mpmath", "sympy", "torch", "hypothesis")


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(directory: Path | None = None) -> str | None:
    """The checked-out commit of the repository around ``directory`` (``None`` outside git);
    ``-dirty`` is appended when tracked files differ from it."""
    where = directory or Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True,
                              check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=where,
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return head + ("-dirty" if dirty else "")


def _outcome_record(outcome: Outcome) -> dict[str, Any]:
    return {
        "params": dict(outcome.params),
        "seed": outcome.seed,
        "device": outcome.device,
        "wall_time_s": round(outcome.wall_time, 4),
        "agrees": outcome.agrees,
        "passed": outcome.passed,
        "status": outcome.status,
        "resolution": outcome.resolution,
        "planned_resolution": outcome.planned_resolution,
        "resolution_target": outcome.resolution_target,
        "comparisons": [{**asdict(c), "error": c.error, "passed": c.passed, "resolution": c.resolution,
                         "planned_resolution": c.planned_resolution}
                        for c in outcome.comparisons],
        "variants": {
            name: {
                "rejected": outcome.rejected(name),
                "comparisons": [{**asdict(c), "error": c.error, "passed": c.passed}
                                for c in comps],
            }
            for name, comps in outcome.variants.items()
        },
    }


def claim_row(
    claim: Claim,
    runs: Sequence[Outcome],
    *,
    origin: str = "built-in",
    error: str | None = None,
    target: float | None = None,
    hypothesis_seed: str | None = None,
) -> dict[str, Any]:
    """One claim's evidence (plain JSON values): examples, pass count, worst |error|/tolerance,
    resolution (worst over examples) against the target, variant power, the traceback if the check
    raised (``error``), where the claim comes from (``origin``) and the claim's Hypothesis seed."""
    worst = max((c.error / c.tolerance for o in runs for c in o.comparisons), default=None)
    row: dict[str, Any] = {
        "statement": claim.statement,
        "formula_sha256": claim.formula_sha256,
        "citation": claim.citation,
        "source": claim.source,
        "origin": origin,
        "hypothesis_seed": hypothesis_seed,
        "examples": len(runs),
        "passed": sum(o.passed for o in runs),
        "status": claim_status(runs, error),
        "error": error,
        "resolution": max((o.resolution for o in runs), default=None),
        "planned_resolution": max((o.planned_resolution for o in runs), default=None),
        "resolution_target": runs[0].resolution_target if runs else (
            target if target is not None else claim.resolution_target),
        "worst_error_over_tolerance": worst,
        "variants": {
            v.name: {
                "near_miss": v.near_miss,
                "rejected": sum(o.rejected(v.name) for o in runs),
                "smallest_error_over_tolerance": min(
                    (max(c.error / c.tolerance for c in o.variants[v.name]) for o in runs),
                    default=None,
                ),
            }
            for v in claim.variants
        },
        "wall_time_s": round(sum(o.wall_time for o in runs), 3),
        "examples_detail": [_outcome_record(o) for o in runs],
    }
    return json.loads(json.dumps(row, default=str))  # type: ignore[no-any-return]


def summarise(outcomes: Sequence[Outcome], claims: Sequence[Claim]) -> dict[str, Any]:
    """Per-claim rows (:func:`claim_row`) for ``claims``, from ``outcomes`` grouped by claim id; a claim
    without outcomes is ``"not run"``."""
    grouped: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.claim_id].append(outcome)
    return {claim.id: claim_row(claim, grouped.get(claim.id, [])) for claim in claims}


def write_report(
    directory: Path,
    rows: Mapping[str, Mapping[str, Any]],
    *,
    profile: str,
    hypothesis_seed: str | None,
    wall_time: float,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``verification.json`` and ``verification.md`` into ``directory`` (each written to a
    temporary file first and renamed: an interrupted write leaves the previous report) and return
    the payload. ``rows`` maps claim ids to :func:`claim_row` records; ``extra`` adds top-level keys
    (plugin errors, figures)."""
    directory.mkdir(parents=True, exist_ok=True)
    device = default_device()
    payload = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "profile": profile,
        "hypothesis_seed": hypothesis_seed,
        "device": describe(device),
        "torch_threads": torch.get_num_threads(),
        "versions": package_versions(),
        "wall_time_s": round(wall_time, 2),
        **(dict(extra) if extra else {}),
        "claims": {claim_id: dict(row) for claim_id, row in rows.items()},
    }
    _atomic_write(directory / "verification.json", json.dumps(payload, indent=2, default=str))
    _atomic_write(directory / "verification.md", markdown(payload))
    return payload


def _atomic_write(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"


def resolution_cell(resolution: float | None, target: float | None) -> str:
    """``0.84% / 2%``: the achieved resolution and the target as percentages."""
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{100.0 * value:.2g}%"

    return f"{pct(resolution)} / {pct(target)}"


def _sessions_line(sessions: list[Mapping[str, Any]]) -> list[str]:
    """A resumed report's sessions (the date, commit and wall time above are the last session's)."""
    if len(sessions) < 2:
        return []
    parts = [f"{s.get('started')} at `{s.get('commit')}` ({s.get('finished', 0)} claim(s))" for s in sessions]
    return ["- sessions (the run and its resumes; date, commit and wall time above are the last one's): "
            + "; ".join(parts)]


def markdown(payload: dict[str, Any]) -> str:
    lines = [
        "# rmtcheck verification report",
        "",
        f"- date: {payload['date']}, commit: `{payload['git_commit']}`",
        f"- profile: `{payload['profile']}`, hypothesis seed: `{payload['hypothesis_seed']}`",
        f"- device: {payload['device']}, torch threads: {payload['torch_threads']}",
        f"- wall time: {payload['wall_time_s']} s",
        *_sessions_line(payload.get("sessions") or []),
        "- versions: " + ", ".join(f"{k} {v}" for k, v in payload["versions"].items()),
        "",
        "A claim passes an example when every statistic is within its size-derived tolerance "
        "*and* every registered wrong variant is rejected on the same sample. "
        "`worst err/tol` is the largest |measured − predicted| / tolerance over all examples "
        "(must be ≤ 1); for variants, `min err/tol` is the smallest over examples of the "
        "largest ratio (must be > 1); near-miss variants are marked *. `resolution` is the "
        "smallest relative error of the formula the check catches on its sample, worst over examples; "
        "the target is enforced on the *planned* resolution (tolerance / |predicted|, fixed before the "
        "noise is seen): a claim whose design misses its target fails.",
        "",
        "| claim | status | examples | passed | resolution / target | worst err/tol "
        "| variants (rejected / min err/tol) | time (s) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for claim_id, row in payload["claims"].items():
        variants = "; ".join(
            f"{name}{'*' if v['near_miss'] else ''}: {v['rejected']}/{row['examples']} "
            f"({_fmt(v['smallest_error_over_tolerance'])})"
            for name, v in row["variants"].items()
        )
        lines.append(
            f"| `{claim_id}` | {row['status']} | {row['examples']} | {row['passed']} | "
            f"{resolution_cell(row['resolution'], row['resolution_target'])} | "
            f"{_fmt(row['worst_error_over_tolerance'])} | {variants} | {row['wall_time_s']} |"
        )
    figures = payload.get("figures") or []
    if figures:
        lines += ["", "## Figures", ""]
        lines += [f"![{name}]({name})" for name in figures]
    errors = payload.get("plugin_errors") or []
    if errors:
        lines += ["", "## Plugins that failed to load", ""]
        lines += [f"- `{e['name']}` ({e['distribution']}): {e['error']}" for e in errors]
    lines += ["", "## Failures", ""]
    failures = [
        (cid, ex) for cid, row in payload["claims"].items() for ex in row["examples_detail"]
        if not ex["passed"]
    ]
    if not failures and not any(row.get("error") for row in payload["claims"].values()):
        lines.append("None.")
    for cid, ex in failures:
        lines.append(f"- `{cid}` seed {ex['seed']} params {ex['params']}")
    for cid, row in payload["claims"].items():
        if row.get("error"):
            lines += [f"- `{cid}` raised:", "", "```", str(row["error"]).rstrip(), "```"]
    return "\n".join(lines) + "\n"
