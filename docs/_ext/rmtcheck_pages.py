"""Sphinx extension: one generated page per discovered claim, and the catalog page.

At ``builder-inited`` it writes ``_generated/catalog.md`` and ``_generated/claims/<id>.md`` from the
discovered checks (``rmtcheck.check.discover``) and the published evidence ``evidence/verification.json``
(the latest verify run's report, copied there with its figures by ``python -m rmtcheck.publish``). A
claim page shows the statement, the rendered formula, the citation with its BibTeX entry,
assumptions and regime, every wrong variant with its rejection margin, the achieved resolution
against its target, the sizes and seeds, the family's figures and symbolic checks, and the date and
commit of the evidence. A claim with no evidence, or whose formula or predictor changed since the
evidence was recorded (the SHA-256 in the report differs), says so instead of showing stale numbers.
"""

from __future__ import annotations

import importlib
import inspect
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rmtcheck.cli import bibtex_entry, references

DOCS = Path(__file__).resolve().parents[1]
OUT = DOCS / "_generated"
EVIDENCE = DOCS / "evidence"



def load_evidence(path: Path = EVIDENCE / "verification.json") -> dict[str, Any] | None:
    """The published report, or ``None`` when there is none."""
    if not path.exists():
        return None
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def symbolic_checks(family: str) -> list[tuple[str, str]]:
    """``(name, first docstring line)`` of the sympy checks of ``family`` (its ``PROOFS``)."""
    try:
        module = importlib.import_module(f"rmtcheck.families.{family}")
    except ImportError:
        return []
    out = []
    for check in getattr(module, "PROOFS", ()):
        doc = inspect.getdoc(check) or ""
        out.append((check.__name__, doc.splitlines()[0] if doc else ""))
    return out


def figures(family: str) -> list[str]:
    """Published figure files of the checks of ``family`` (their :class:`rmtcheck.check.Figure` file names)."""
    from rmtcheck.plugins import discover

    names = {f.filename for c in discover() if c.family == family for f in c.figures}
    return sorted(name for name in names if (EVIDENCE / name).exists())


def _cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell (bars escaped)."""
    return text.replace("|", "\\|")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100.0 * value:.3g}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"


def _ranges(examples: Iterable[dict[str, Any]]) -> list[str]:
    """Per drawn parameter: its range (numbers) or its distinct values (everything else)."""
    values: dict[str, list[Any]] = {}
    for example in examples:
        for name, value in example["params"].items():
            values.setdefault(name, []).append(value)
    lines = []
    for name, seen in values.items():
        numbers = [v for v in seen if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and len(numbers) == len(seen):
            lo, hi = min(numbers), max(numbers)
            lines.append(f"`{name}`: {_num(lo)}" + ("" if lo == hi else f" … {_num(hi)}"))
        else:
            distinct = sorted({str(v) for v in seen})
            shown = ", ".join(distinct[:6]) + (" …" if len(distinct) > 6 else "")
            lines.append(f"`{name}`: {shown}")
    return lines


def _cite_lines(claim_id: str) -> list[str]:
    """How to get the claim's verification certificate, where the ``rmtcheck`` command exists."""
    from importlib import metadata

    if not metadata.entry_points(group="console_scripts", name="rmtcheck"):
        return []
    return ["The verification certificate of this claim:", "", "```bash", f"rmtcheck cite {claim_id}", "```", ""]


def evidence_section(claim: Any, payload: dict[str, Any] | None, current_hash: str) -> list[str]:
    """The evidence block of a claim page (or why there is none)."""
    lines = ["## Evidence", ""]
    row = None if payload is None else payload["claims"].get(claim.id)
    if row is None or not row["examples"]:
        return [*lines, "**No evidence yet**: no published verify run covers this claim.", ""]
    if row.get("formula_sha256") != current_hash:
        return [*lines, "**No current evidence**: the formula or the prediction function changed after the "
                f"published run of {payload['date'] if payload else '?'}; its numbers are not shown.", ""]
    assert payload is not None
    lines += [
        f"From the verify run of {payload.get('date', '?')} (commit `{payload.get('git_commit')}`, "
        f"profile `{payload['profile']}`, Hypothesis seed `{payload['hypothesis_seed']}`, "
        f"{payload['device']}).",
        "",
        "| status | examples passed | resolution | target | worst error / tolerance |",
        "| --- | --- | --- | --- | --- |",
        f"| **{row['status']}** | {row['passed']} / {row['examples']} | {_pct(row.get('resolution'))} | "
        f"{_pct(row.get('resolution_target'))} | {_num(row['worst_error_over_tolerance'])} |",
        "",
        "Resolution is the smallest relative error of the formula the check catches at the sizes "
        "it ran (worst over examples); the target is the claim's own.",
        "",
        "**Sizes and parameters drawn:** " + "; ".join(_ranges(row["examples_detail"])) + ".",
        "",
        "**Seeds:** " + ", ".join(str(e["seed"]) for e in row["examples_detail"][:12])
        + (" …" if row["examples"] > 12 else ""),
        "",
    ]
    return lines


def variants_section(claim: Any, payload: dict[str, Any] | None, current: bool) -> list[str]:
    rows = None if payload is None or not current else payload["claims"].get(claim.id)
    lines = ["## Wrong variants", "",
             "Each must be rejected on the same sample at the same tolerance; a near-miss variant is "
             "within a few percent of the claim in the drawn regime.", "",
             "| variant | near miss | what it gets wrong | rejected | smallest error / tolerance |",
             "| --- | --- | --- | --- | --- |"]
    for variant in claim.variants:
        seen = None if rows is None else rows["variants"].get(variant.name)
        rejected = "—" if seen is None else f"{seen['rejected']} / {rows['examples'] if rows else 0}"
        margin = "—" if seen is None else _num(seen["smallest_error_over_tolerance"])
        lines.append(f"| `{variant.name}` | {'yes' if variant.near_miss else ''} | "
                     f"{variant.description} | {rejected} | {margin} |")
    return [*lines, ""]


def claim_page(claim: Any, payload: dict[str, Any] | None, bib: str, current_hash: str) -> str:
    entry = bibtex_entry(claim.citation, bib)
    row = None if payload is None else payload["claims"].get(claim.id)
    current = row is not None and row.get("formula_sha256") == current_hash
    lines = [
        f"# `{claim.id}`", "", claim.statement, "", "$$", claim.formula, "$$", "",
        f"**Source:** {claim.source} (`{claim.citation}`).", "",
        "**Assumptions:**", "", *[f"- {a}" for a in claim.assumptions], "",
        f"**Regime:** {claim.regime}", "",
        f"**Kind:** {claim.kind}", "",
        "**Resolution target:** " + (f"{_pct(claim.resolution_target)} — {claim.resolution_basis}"
                                     if claim.resolution_target is not None else "none declared"),
        "",
        f"**Family page:** [{claim.family}](../../{claim.family}.md)", "",
        *evidence_section(claim, payload, current_hash),
        *variants_section(claim, payload, current),
    ]
    shown = figures(claim.family)
    if shown:
        lines += ["## Figures", ""]
        lines += [f"![{name}](../../evidence/{name})\n" for name in shown]
    checks = symbolic_checks(claim.family)
    lines += ["## Symbolic checks of the family", ""]
    lines += [f"- `{name}`: {doc}" for name, doc in checks] or ["None for this family."]
    lines += ["", "## Cite", "", "```bibtex", entry or f"% no BibTeX entry for {claim.citation}", "```", ""]
    lines += _cite_lines(claim.id)
    return "\n".join(lines)


def catalog_page(claims: Iterable[Any], payload: dict[str, Any] | None, hashes: dict[str, str]) -> str:
    lines = ["# Claims catalog", ""]
    if payload is None:
        lines += ["No verify run has been published yet (`docs/evidence/verification.json`).", ""]
    else:
        lines += [f"Evidence: verify run of {payload.get('date', '?')}, commit `{payload.get('git_commit')}`, "
                  f"profile `{payload['profile']}`, seed `{payload['hypothesis_seed']}`.", ""]
    lines += ["| claim | statement | status | resolution / target | citation |",
              "| --- | --- | --- | --- | --- |"]
    for claim in claims:
        row = None if payload is None else payload["claims"].get(claim.id)
        if row is None or not row["examples"]:
            status, res = "no evidence", "—"
        elif row.get("formula_sha256") != hashes[claim.id]:
            status, res = "stale", "—"
        else:
            status, res = row["status"], _pct(row.get("resolution"))
        lines.append(f"| [`{claim.id}`](claims/{claim.id}.md) | {_cell(claim.statement)} | {status} | "
                     f"{res} / {_pct(claim.resolution_target)} | `{claim.citation}` |")
    toctree = ["", "```{toctree}", ":hidden:", ":glob:", "", "claims/*", "```", ""]
    return "\n".join(lines + toctree)


def generate(app: Any = None) -> None:
    """Write the generated pages (called at ``builder-inited``)."""
    from rmtcheck.plugins import discover

    checks = discover()

    def claims() -> tuple[Any, ...]:
        return tuple(c.claim for c in checks)

    payload = load_evidence()
    bib = references()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "claims").mkdir(parents=True)
    hashes = {claim.id: claim.formula_sha256 for claim in claims()}
    for claim in claims():
        (OUT / "claims" / f"{claim.id}.md").write_text(claim_page(claim, payload, bib, hashes[claim.id]),
                                                       encoding="utf-8")
    (OUT / "catalog.md").write_text(catalog_page(claims(), payload, hashes), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "1"}
