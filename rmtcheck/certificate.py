"""Verification certificates and regression diffs, computed from a verify report.

A *certificate* is what a researcher cites next to a formula: the claim (id, LaTeX formula, the
SHA-256 of formula and predictor source), how it was checked (variants and their outcomes,
sizes, seeds, tolerances, resolution against target), where (versions, device, git commit,
date), and a SHA-256 over the canonical JSON of all of it, so any later edit is detectable.

A *diff* of two reports lists what a change of theory or code did to the evidence: claims whose
status got worse, whose resolution grew by more than a stated factor, whose formula hash changed
(their certificates are stale), and claims that appeared or disappeared.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from rmtcheck.claim import Claim
from rmtcheck.experiment import Status

RESOLUTION_FACTOR = 1.25
UNKNOWN_RANK = 5


def _rank(status: object) -> int:
    """The rank of a status string (worse is higher); an unknown status ranks worst."""
    try:
        return Status(str(status)).rank
    except ValueError:
        return UNKNOWN_RANK


def _number(value: object) -> float | None:
    """``value`` as a finite float, else ``None`` (missing, NaN, infinite or not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def canonical_sha256(payload: Any) -> str:
    """SHA-256 of ``payload`` as canonical JSON (sorted keys, no whitespace, UTF-8)."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def certificate(claim: Claim, report: dict[str, Any]) -> dict[str, Any]:
    """The certificate of ``claim`` from a verify ``report`` (``ValueError`` if it holds no
    evidence for the claim, or evidence recorded for a different formula or predictor)."""
    row = report.get("claims", {}).get(claim.id)
    if row is None or not row.get("examples"):
        raise ValueError(f"claim_id {claim.id!r}: the report holds no evidence for it")
    if row.get("formula_sha256") != claim.formula_sha256:
        raise ValueError(f"claim_id {claim.id!r}: the report's evidence is stale (the formula or the "
                         "prediction function changed since it was recorded)")
    examples = [
        {
            "params": ex["params"],
            "seed": ex["seed"],
            "status": ex.get("status"),
            "resolution": ex.get("resolution"),
            "comparisons": [{k: c[k] for k in ("statistic", "measured", "predicted", "tolerance")}
                            for c in ex["comparisons"]],
        }
        for ex in row["examples_detail"]
    ]
    body = {
        "claim": {
            "id": claim.id,
            "statement": claim.statement,
            "formula": claim.formula,
            "formula_sha256": claim.formula_sha256,
            "citation": claim.citation,
            "source": claim.source,
        },
        "status": row["status"],
        "resolution": row.get("resolution"),
        "resolution_target": row.get("resolution_target"),
        "variants": {
            v.name: {"description": v.description, "near_miss": v.near_miss,
                     "rejected": row["variants"].get(v.name, {}).get("rejected"),
                     "examples": row["examples"],
                     "smallest_error_over_tolerance":
                         row["variants"].get(v.name, {}).get("smallest_error_over_tolerance")}
            for v in claim.variants
        },
        "examples": examples,
        "run": {key: report.get(key) for key in ("date", "git_commit", "profile", "hypothesis_seed", "device",
                                                  "versions")},
    }
    return {**body, "sha256": canonical_sha256(body)}


@dataclass(frozen=True)
class Change:
    """One difference between two reports; ``regression`` marks the ones that fail a diff."""

    claim_id: str
    kind: str
    detail: str
    regression: bool


def diff(old: dict[str, Any], new: dict[str, Any], factor: float = RESOLUTION_FACTOR, *,
         common: bool = False) -> list[Change]:
    """Regressions and other changes from ``old`` to ``new`` (two verification reports).

    A regression: a worse status, a changed formula or predictor, a resolution worse by more than
    ``factor``, a resolution that is missing or not finite in ``new`` for a claim that ran, and (unless
    ``common``) a claim that disappeared. ``common=True`` compares only the claims in both reports.
    """
    if not factor >= 1.0:
        raise ValueError(f"factor must be >= 1; got {factor!r}")
    before, after = old.get("claims", {}), new.get("claims", {})
    changes: list[Change] = []
    if not common:
        changes += [Change(cid, "disappeared", "in the old report only", True)
                    for cid in before if cid not in after]
        changes += [Change(cid, "appeared", "in the new report only", False) for cid in after if cid not in before]
    for cid in (c for c in after if c in before):
        a, b = before[cid], after[cid]
        rank_a, rank_b = _rank(a.get("status")), _rank(b.get("status"))
        if rank_b != rank_a:
            changes.append(Change(cid, "status", f"{a.get('status')} -> {b.get('status')}", rank_b > rank_a))
        if a.get("formula_sha256") != b.get("formula_sha256"):
            changes.append(Change(cid, "formula", "the formula or predictor changed: old certificates are stale",
                                  True))
        res_a, res_b = _number(a.get("resolution")), _number(b.get("resolution"))
        if res_b is None and b.get("examples"):
            changes.append(Change(cid, "resolution", f"missing or not finite in the new report "
                                  f"({b.get('resolution')!r})", True))
        elif res_a is not None and res_b is not None and res_b > factor * res_a:
            changes.append(Change(cid, "resolution", f"{100 * res_a:.3g}% -> {100 * res_b:.3g}% "
                                  f"(worse by more than x{factor:g})", True))
        elif res_a is not None and res_b is not None and res_b * factor < res_a:
            changes.append(Change(cid, "resolution", f"{100 * res_a:.3g}% -> {100 * res_b:.3g}% (better)", False))
    return changes
