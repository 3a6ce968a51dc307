"""Sphinx extension: one generated page per discovered claim, the catalog, the bibliography, and the
claims overview of every family page.

At ``builder-inited`` it writes, under ``_generated/``, from the discovered checks
(``rmtcheck.discover``), ``docs/references.bib`` and the published evidence
``evidence/verification.json`` (the latest verify run's report, copied there with its figures by
``python -m rmtcheck.publish``):

- ``claims/<id>.md``: the statement, the rendered formula, the source (theorem or equation) with its
  citation key linked to the bibliography, assumptions and regime, the evidence (numbers rounded to
  their precision), every wrong variant with its rejection margin, the figures attached to that
  check (``Check.figures``; none when it has none), the family's symbolic checks and the BibTeX
  entry. A claim with no evidence, or whose formula or predictor changed since the evidence was
  recorded (the SHA-256 in the report differs), says so instead of showing stale numbers.
- ``catalog.md``: one row per claim.
- ``bibliography.md``: every entry of ``references.bib`` (and of plugins' own ``Check.bibtex``), with
  its DOI or arXiv link where the entry records one, the claims citing it, and what the project's
  "source documents 000-003" are.
- ``families/<family>.md``: what a family claims (statement and typeset formula per claim) and how
  to verify and cite it, included at the top of each family page.

Claims' ``source`` strings name the project's source documents by number ("source document 001"):
:data:`SOURCE_DOCUMENTS` maps each number to the talk or paper it is, and the pages show that.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1]
OUT = DOCS / "_generated"
EVIDENCE = DOCS / "evidence"
BIB = DOCS / "references.bib"

# The documents this project was started from (``/work/shared/papers``), by the number claims'
# sources use: (BibTeX key, how a reader should see it).
SOURCE_DOCUMENTS: dict[str, tuple[str, str]] = {
    "000": ("hodgkinson2023", "Hodgkinson, *Overparameterization and the power law paradigm* "
                              "(NeurIPS 2023 workshop talk, 2023)"),
    "001": ("mahoney2023", "Mahoney, *Practical neural network theory* (tutorial slides, 2023)"),
    "002": ("kothapalli2025", "Kothapalli, Pang, Deng, Liu & Yang, *From spikes to heavy tails* (TMLR, 2025)"),
    "003": ("crafting2024", "*Crafting heavy-tails in weight matrix spectrum without gradient noise* "
                            "(anonymous ICLR 2025 submission on OpenReview, 2024; an earlier version of 002)"),
}
_SOURCE_DOCUMENT = re.compile(
    r"(?:Kothapalli et al\.? \(2025\),\s*)?[Ss]ource document (00[0-3])(?:\s*\((?:Couillet & Liao|Mahoney)\))?")
SIGNIFICANT = 4  # digits shown for drawn parameters


def _checks() -> tuple[Any, ...]:
    """The discovered checks (:func:`rmtcheck.discover`; rmtcheck's own and the installed plugins')."""
    import rmtcheck

    return tuple(rmtcheck.discover())


# --- BibTeX -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BibEntry:
    """One BibTeX entry: its type, key, fields (raw values, outer braces removed) and source text."""

    kind: str
    key: str
    fields: Mapping[str, str]
    text: str


def _closing(text: str, start: int) -> int:
    """Index of the brace closing the one at ``start``."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced braces in BibTeX at offset {start}")


def parse_bibtex(text: str) -> dict[str, BibEntry]:
    """The entries of a BibTeX database by key (``@string``/``@comment`` are skipped)."""
    entries: dict[str, BibEntry] = {}
    for match in re.finditer(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text):
        kind = match.group(1).lower()
        if kind in {"string", "comment", "preamble"}:
            continue
        end = _closing(text, match.end() - len(match.group(0)) + match.group(0).index("{"))
        body = text[match.end():end]
        fields: dict[str, str] = {}
        position = 0
        field = re.compile(r"\s*,?\s*(\w+)\s*=\s*")
        while position < len(body):
            found = field.match(body, position)
            if found is None or found.end() >= len(body):
                break
            name, position = found.group(1).lower(), found.end()
            if body[position] == "{":
                close = _closing(body, position)
                fields[name], position = body[position + 1:close], close + 1
            elif body[position] == '"':
                close = body.index('"', position + 1)
                fields[name], position = body[position + 1:close], close + 1
            else:
                value = re.match(r"[^,\s}]+", body[position:])
                fields[name] = value.group(0) if value else ""
                position += len(fields[name])
        entries[match.group(2)] = BibEntry(kind, match.group(2), fields, text[match.start():end + 1])
    return entries


_ACCENTS = {"v": "\u030c", '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
            "c": "\u0327", "=": "\u0304", "u": "\u0306", ".": "\u0307", "H": "\u030b"}


def latex_text(value: str) -> str:
    """A BibTeX field as Markdown text: accents to Unicode, braces dropped, ``--`` to an en dash;
    ``$...$`` math is kept for MathJax."""
    def accent(match: re.Match[str]) -> str:
        import unicodedata

        return unicodedata.normalize("NFC", match.group(2) + _ACCENTS[match.group(1)])

    parts = re.split(r"(\$[^$]*\$)", value)
    for index in range(0, len(parts), 2):
        text = parts[index]
        text = re.sub(r"\\([vc\"'`^~=u.H])\s*\{?\s*([A-Za-z])\}?", accent, text)
        text = text.replace("\\&", "&").replace("---", "—").replace("--", "–").replace("~", " ")
        text = text.replace("{", "").replace("}", "")
        text = re.sub(r"\s+", " ", text)
        parts[index] = text.replace("*", "\\*").replace("_", "\\_")
    return "".join(parts).strip()


def _authors(value: str) -> str:
    names = []
    for name in re.split(r"\s+and\s+", latex_text(value)):
        last, _, first = name.partition(",")
        names.append(f"{first.strip()} {last.strip()}".strip() if first else name.strip())
    if len(names) > 2:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return " and ".join(names)


def doi_and_arxiv(entry: BibEntry) -> tuple[str | None, str | None]:
    """The entry's DOI and arXiv identifier, where it records them (``doi``, ``eprint`` with
    ``archivePrefix = arXiv``, or ``arXiv:ID`` in ``note``/``journal``)."""
    doi = entry.fields.get("doi")
    arxiv = None
    if entry.fields.get("archiveprefix", "").lower() == "arxiv" and entry.fields.get("eprint"):
        arxiv = entry.fields["eprint"]
    if arxiv is None:
        for name in ("note", "journal", "howpublished"):
            found = re.search(r"arXiv:\s*([\w./-]+\d)", entry.fields.get(name, ""))
            if found:
                arxiv = found.group(1)
                break
    return doi, arxiv


def bib_anchor(key: str) -> str:
    """The cross-reference label of a bibliography entry."""
    return f"bib-{key}"


def cite(key: str) -> str:
    """A link from any generated page to ``key``'s bibliography entry."""
    return f"{{ref}}`{key} <{bib_anchor(key)}>`"


def format_entry(entry: BibEntry) -> str:
    """One bibliography line: authors (year). Title. Venue. DOI / arXiv links."""
    f = entry.fields
    parts = [f"{_authors(f['author'])} ({f.get('year', 'n.d.')})." if "author" in f else f"({f.get('year')})."]
    parts.append(f"{latex_text(f.get('title', entry.key)).rstrip('.')}.")
    venue = f.get("journal") or f.get("booktitle") or f.get("publisher") or f.get("howpublished")
    if venue:
        detail = latex_text(venue)
        if f.get("volume"):
            detail += f" {f['volume']}" + (f"({f['number']})" if f.get("number") else "")
        if f.get("pages"):
            detail += f", {latex_text(f['pages'])}"
        parts.append(f"*{detail}*.")
    if f.get("note"):
        note = re.sub(r"[Ss]ource document (00[0-3])", lambda m: f"source document {m.group(1)}", f["note"])
        parts.append(latex_text(note).rstrip(".") + ".")
    doi, arxiv = doi_and_arxiv(entry)
    if doi:
        parts.append(f"DOI: [{doi}](https://doi.org/{doi}).")
    if arxiv:
        parts.append(f"arXiv: [{arxiv}](https://arxiv.org/abs/{arxiv}).")
    return " ".join(parts)


def render_source(source: str) -> str:
    """A claim's ``source`` with every "source document 00x" shown as the talk or paper it is, linked
    to its bibliography entry."""
    def replace(match: re.Match[str]) -> str:
        key, shown = SOURCE_DOCUMENTS[match.group(1)]
        return f"{shown} [{cite(key)}]"

    return _SOURCE_DOCUMENT.sub(replace, source)


# --- numbers ------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100.0 * value:.3g}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3g}"


def rounded(value: Any, digits: int = SIGNIFICANT) -> str:
    """A drawn parameter for display: floats to ``digits`` significant digits, recursively inside
    lists, tuples and dicts; integers and strings as they are."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        inner = ", ".join(rounded(v, digits) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {rounded(v, digits)}" for k, v in value.items()) + "}"
    return str(value)


def _ranges(examples: Iterable[dict[str, Any]]) -> list[str]:
    """Per drawn parameter: its range (numbers) or its distinct values (everything else), rounded."""
    values: dict[str, list[Any]] = {}
    for example in examples:
        for name, value in example["params"].items():
            values.setdefault(name, []).append(value)
    lines = []
    for name, seen in values.items():
        numbers = [v for v in seen if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and len(numbers) == len(seen):
            lo, hi = min(numbers), max(numbers)
            lines.append(f"`{name}`: {rounded(lo)}" + ("" if lo == hi else f" … {rounded(hi)}"))
        else:
            distinct = sorted({rounded(v) for v in seen})
            shown = ", ".join(f"`{v}`" if v.startswith(("[", "(", "{")) else v for v in distinct[:6])
            lines.append(f"`{name}`: {shown}" + (" …" if len(distinct) > 6 else ""))
    return lines


def _cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell (bars escaped)."""
    return text.replace("|", "\\|")


# --- pages --------------------------------------------------------------------------------------


def load_evidence(path: Path = EVIDENCE / "verification.json") -> dict[str, Any] | None:
    """The published report, or ``None`` when there is none."""
    if not path.exists():
        return None
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def symbolic_checks(family: str) -> list[tuple[str, str]]:
    """``(name, first docstring line)`` of the sympy checks of ``family`` (its ``PROOFS``)."""
    try:
        module = importlib.import_module(f"proofs_check.{family}")
    except ImportError:
        return []
    out = []
    for check in getattr(module, "PROOFS", ()):
        doc = inspect.getdoc(check) or ""
        out.append((check.__name__, doc.splitlines()[0] if doc else ""))
    return out


def check_figures(check: Any) -> list[str]:
    """Published figure files attached to ``check`` (its :class:`rmtcheck.Figure` file names)."""
    return [f.filename for f in check.figures if (EVIDENCE / f.filename).exists()]


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
        "| status | examples passed | resolution | planned resolution | target | worst error / tolerance |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| **{row['status']}** | {row['passed']} / {row['examples']} | {_pct(row.get('resolution'))} | "
        f"{_pct(row.get('planned_resolution'))} | {_pct(row.get('resolution_target'))} | "
        f"{_num(row['worst_error_over_tolerance'])} |",
        "",
        "Resolution is the smallest relative error of the formula the check catches on the samples it "
        "ran (worst over examples). The target, the claim's own, gates the *planned* resolution "
        "(tolerance / |predicted|, fixed by the design before the noise is seen): a formula off by twice "
        "the planned resolution is rejected whenever the right one agrees ({doc}`error budget </error_budget>`).",
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
                     f"{_cell(render_source(variant.description))} | {rejected} | {margin} |")
    return [*lines, ""]


def claim_page(check: Any, payload: dict[str, Any] | None, bib: Mapping[str, BibEntry], current_hash: str) -> str:
    claim = check.claim
    entry = bib.get(claim.citation)
    row = None if payload is None else payload["claims"].get(claim.id)
    current = row is not None and row.get("formula_sha256") == current_hash
    target = (f"{_pct(claim.resolution_target)} — {render_source(claim.resolution_basis)}"
              if claim.resolution_target is not None else "none declared")
    lines = [
        f"# `{claim.id}`", "", claim.statement, "", "$$", claim.formula, "$$", "",
        f"**Source:** {render_source(claim.source)} — cited as [{cite(claim.citation)}].", "",
        "**Assumptions:**", "", *[f"- {render_source(a)}" for a in claim.assumptions], "",
        f"**Regime:** {render_source(claim.regime)}", "",
        f"**Kind:** {claim.kind}", "",
        f"**Resolution target:** {target}", "",
        f"**Family page:** {{doc}}`{claim.family} </{claim.family}>`", "",
        *evidence_section(claim, payload, current_hash),
        *variants_section(claim, payload, current),
    ]
    shown = check_figures(check)
    if shown:
        lines += ["## Figures", ""]
        lines += [f"![{name}](../../evidence/{name})\n" for name in shown]
    checks = symbolic_checks(claim.family)
    lines += ["## Symbolic checks of the family", ""]
    lines += [f"- `{name}`: {doc}" for name, doc in checks] or ["None for this family."]
    bibtex = entry.text if entry is not None else (check.bibtex or f"% no BibTeX entry for {claim.citation}")
    lines += ["", "## Cite", "", f"Bibliography: {cite(claim.citation)}.", "",
              "```bibtex", bibtex, "```", ""]
    lines += _cite_lines(claim.id)
    return "\n".join(lines)


def catalog_page(claims: Iterable[Any], payload: dict[str, Any] | None, hashes: dict[str, str]) -> str:
    lines = ["# Claims catalog", ""]
    if payload is None:
        lines += ["No verify run has been published yet (`docs/evidence/verification.json`).", ""]
    else:
        lines += [f"Evidence: verify run of {payload.get('date', '?')}, commit `{payload.get('git_commit')}`, "
                  f"profile `{payload['profile']}`, seed `{payload['hypothesis_seed']}`. Each claim's page "
                  "has its formula, source, evidence and wrong variants; the citation keys link to the "
                  "{doc}`bibliography <bibliography>`.", ""]
    lines += [r"A claim passes when, on every drawn example, the simulated statistic $\hat T$ agrees with the "
              r"claim, $\vert \hat T - T_{\rm claim}\vert \le \tau$, every wrong variant is rejected, "
              r"$\vert \hat T - T_{\rm variant}\vert > \tau$, and the resolution (the smallest relative "
              "error of the formula the check would catch) meets the claim's target.", ""]
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
                     f"{res} / {_pct(claim.resolution_target)} | {cite(claim.citation)} |")
    toctree = ["", "```{toctree}", ":hidden:", ":glob:", "", "claims/*", "```", ""]
    return "\n".join(lines + toctree)


def _sort_key(entry: BibEntry) -> tuple[str, str, str]:
    first = latex_text(entry.fields.get("author", entry.key)).split(",")[0].split(" and ")[0]
    return (first.lower(), entry.fields.get("year", ""), entry.key)


def bibliography_page(bib: Mapping[str, BibEntry], claims: Iterable[Any]) -> str:
    citing: dict[str, list[str]] = {}
    for claim in claims:
        citing.setdefault(claim.citation, []).append(claim.id)
    lines = ["# Bibliography", "",
             "Every citation key of the claims (`Claim.citation`, printed by `rmtcheck cite`) with its "
             "DOI or arXiv identifier where it has one, and the claims that cite it. A claim page names "
             "the theorem or equation in its **Source** line.", "",
             "## The source documents", "",
             "Claims' sources refer to the four documents this project was started from by number:", ""]
    for number, (key, shown) in SOURCE_DOCUMENTS.items():
        lines.append(f"- **{number}**: {shown} [{cite(key)}]")
    lines += ["", "## References", "", "::::{div} rmt-bib", ""]
    for entry in sorted(bib.values(), key=_sort_key):
        claimed = citing.get(entry.key, [])
        used = ("Cited by " + ", ".join(f"[`{c}`](claims/{c}.md)" for c in claimed) + ".") if claimed else ""
        lines += [f"({bib_anchor(entry.key)})=", f"**{entry.key}** — {format_entry(entry)} {used}".rstrip(), ""]
    lines += ["::::", ""]
    return "\n".join(lines)


def family_overview(family: str, checks: Iterable[Any]) -> str:
    """What ``family`` claims, each claim with its typeset formula, and how to verify and cite one."""
    mine = [c.claim for c in checks if c.claim.family == family]
    lines = ["## What is claimed", ""]
    for claim in mine:
        lines += [f"**{{doc}}`{claim.id} </_generated/claims/{claim.id}>`** — {claim.statement} "
                  f"[{cite(claim.citation)}]", "", "$$", claim.formula, "$$", ""]
    first = mine[0].id if mine else f"{family}.…"
    lines += ["## How to use it", "",
              "Each claim above links to its page: source theorem, assumptions, the latest evidence "
              "and the wrong variants it rejects. To re-verify the family, or one claim, and to cite "
              "one:", "",
              "```bash",
              f"# every {family}.* claim at small sizes (minutes)",
              f"rmtcheck verify --family {family} --profile ci",
              "# one claim at the published sizes",
              f"rmtcheck verify {first} --profile verify",
              "# its BibTeX entry and verification certificate",
              f"rmtcheck cite {first}",
              "```", "",
              "In a test suite, `rmtcheck.check_test` turns a claim into a pytest test "
              "({doc}`plugins </plugins>`).", ""]
    return "\n".join(lines)


def generate(app: Any = None) -> None:
    """Write the generated pages (called at ``builder-inited``)."""
    checks = _checks()
    claims = tuple(c.claim for c in checks)
    payload = load_evidence()
    bib = parse_bibtex(BIB.read_text(encoding="utf-8"))
    for check in checks:  # plugins' own references (Check.bibtex)
        if check.claim.citation not in bib and getattr(check, "bibtex", None):
            bib.update(parse_bibtex(check.bibtex))
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "claims").mkdir(parents=True)
    (OUT / "families").mkdir()
    hashes = {claim.id: claim.formula_sha256 for claim in claims}
    for check in checks:
        claim = check.claim
        (OUT / "claims" / f"{claim.id}.md").write_text(claim_page(check, payload, bib, hashes[claim.id]),
                                                       encoding="utf-8")
    (OUT / "catalog.md").write_text(catalog_page(claims, payload, hashes), encoding="utf-8")
    (OUT / "bibliography.md").write_text(bibliography_page(bib, claims), encoding="utf-8")
    for family in sorted({claim.family for claim in claims}):
        (OUT / "families" / f"{family}.md").write_text(family_overview(family, checks), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "version": "2"}
