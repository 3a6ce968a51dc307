"""The ``rmtcheck`` command.

- ``rmtcheck list`` — every registered claim: id, statement, citation, variants (near-miss ones
  marked ``*``) and resolution target;
- ``rmtcheck cite ID [--report DIR] [--format text|json]`` — the claim's BibTeX entry, the
  software citation of rmtcheck, and the claim's verification certificate from the report
  (``--format json``: the certificate alone);
- ``rmtcheck diff OLD.json NEW.json [--factor F]`` — what changed between two verify reports;
  exit 1 on any regression (a worse status, a resolution worse by more than ``F``, a changed
  formula, a claim that disappeared).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from sim.certificate import RESOLUTION_FACTOR, certificate, diff
from theory import __version__
from theory.registry import claims, get

REPO = Path(__file__).resolve().parents[1]

SOFTWARE_BIBTEX = """@software{{rmtcheck,
  title = {{rmtcheck: verifying random-matrix predictions for machine learning against simulation}},
  author = {{{{rmtcheck developers}}}},
  version = {{{version}}},
  year = {{2026}},
  note = {{See CITATION.cff}}
}}"""


def references() -> str:
    """The BibTeX database: shipped in the wheel as ``theory/_data/references.bib``, else the
    source tree's ``docs/references.bib``."""
    shipped = resources.files("theory").joinpath("_data/references.bib")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    return (REPO / "docs" / "references.bib").read_text(encoding="utf-8")


def bibtex_entry(key: str, bib: str) -> str | None:
    """The whole ``@type{key, ...}`` entry (brace-matched), or ``None``."""
    match = re.search(r"@\w+\{" + re.escape(key) + r",", bib)
    if match is None:
        return None
    depth = 0
    for index in range(match.start(), len(bib)):
        depth += {"{": 1, "}": -1}.get(bib[index], 0)
        if depth == 0 and bib[index] == "}":
            return bib[match.start(): index + 1]
    return None


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise SystemExit(f"rmtcheck: no report at {path} (run a verify first)")
    payload: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return payload


def cmd_list(_: argparse.Namespace) -> int:
    for claim in claims():
        target = "none" if claim.resolution_target is None else f"{100 * claim.resolution_target:.3g}%"
        variants = ", ".join(v.name + ("*" if v.near_miss else "") for v in claim.variants)
        print(f"{claim.id}\n  {claim.statement}\n  citation: {claim.citation} ({claim.source})\n"
              f"  variants: {variants}\n  resolution target: {target}\n  from: built-in")
    return 0


def cmd_cite(args: argparse.Namespace) -> int:
    try:
        claim = get(args.claim_id)
    except KeyError as error:
        print(f"rmtcheck: {error.args[0]}", file=sys.stderr)
        return 2
    report = _load(Path(args.report) / "verification.json")
    try:
        cert = certificate(claim, report)
    except ValueError as error:
        print(f"rmtcheck: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(cert, indent=2, sort_keys=True, default=str))
        return 0
    entry = bibtex_entry(claim.citation, references()) or f"% no BibTeX entry for {claim.citation}"
    print(f"% The claim\n{entry}\n\n% The software\n{SOFTWARE_BIBTEX.format(version=__version__)}\n")
    print(f"% Verification certificate (sha256 {cert['sha256']})")
    print(json.dumps(cert, indent=2, sort_keys=True, default=str))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    changes = diff(_load(Path(args.old)), _load(Path(args.new)), factor=args.factor)
    for change in changes:
        mark = "REGRESSION" if change.regression else "change"
        print(f"{mark:10s} {change.claim_id:28s} {change.kind}: {change.detail}")
    regressions = sum(c.regression for c in changes)
    print(f"{regressions} regression(s), {len(changes) - regressions} other change(s)")
    return 1 if regressions else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="rmtcheck", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list every claim").set_defaults(run=cmd_list)
    cite = sub.add_parser("cite", help="BibTeX and the verification certificate of a claim")
    cite.add_argument("claim_id")
    cite.add_argument("--report", default="reports", help="directory holding verification.json")
    cite.add_argument("--format", choices=("text", "json"), default="text")
    cite.set_defaults(run=cmd_cite)
    dif = sub.add_parser("diff", help="regressions between two verification.json reports")
    dif.add_argument("old")
    dif.add_argument("new")
    dif.add_argument("--factor", type=float, default=RESOLUTION_FACTOR,
                     help="resolution worse by more than this factor is a regression "
                          f"(default {RESOLUTION_FACTOR})")
    dif.set_defaults(run=cmd_diff)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
