"""The ``rmtcheck`` command.

- ``rmtcheck list [--family F]`` — every discovered claim: id, statement, citation, variants
  (near-miss ones marked ``*``), resolution target, and where it comes from (``built-in`` or the
  plugin's distribution); plugins that failed to load are reported.
- ``rmtcheck verify [ID ...] [--family F] [--profile ci|verify] [--seed S] [--report DIR]
  [--figures] [--device D]`` — run the chosen checks (all by default), print per-claim progress,
  write ``DIR/verification.json`` and ``.md`` after every claim (default ``reports/``); exit 0 only
  if every chosen claim has status ``pass``.
- ``rmtcheck cite ID [--report DIR] [--format text|json]`` — the claim's BibTeX entry, the
  software citation of rmtcheck, and the claim's verification certificate from the report
  (``--format json``: the certificate alone).
- ``rmtcheck diff OLD.json NEW.json [--factor F]`` — what changed between two verify reports;
  exit 1 on any regression (a worse status, a resolution worse by more than ``F``, a changed
  formula, a claim that disappeared).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from importlib import resources
from pathlib import Path
from typing import Any

from sim.certificate import RESOLUTION_FACTOR, certificate, diff
from sim.check import Check, Discovery, discover
from sim.profiles import PROFILES
from theory import __version__

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


def _discover() -> Discovery:
    found = discover()
    for error in found.errors:
        print(f"rmtcheck: plugin {error.name!r} ({error.distribution}, {error.value}) failed to load: "
              f"{error.error}", file=sys.stderr)
    return found


def _select(found: Discovery, ids: list[str], families: list[str]) -> tuple[Check[Any], ...] | None:
    try:
        return found.select(ids, families)
    except KeyError as error:
        print(f"rmtcheck: {error.args[0]}", file=sys.stderr)
        return None


def cmd_list(args: argparse.Namespace) -> int:
    chosen = _select(_discover(), [], args.family or [])
    if chosen is None:
        return 2
    for check in chosen:
        claim = check.claim
        target = "none" if check.target is None else f"{100 * check.target:.3g}%"
        variants = ", ".join(v.name + ("*" if v.near_miss else "") for v in claim.variants)
        print(f"{claim.id}\n  {claim.statement}\n  citation: {claim.citation} ({claim.source})\n"
              f"  variants: {variants}\n  resolution target: {target}\n  from: {check.origin}")
    return 0


def _progress(index: int, total: int, result: Any, factor: float) -> str:
    res = "—" if result.resolution is None else f"{100 * result.resolution:.2g}%"
    target = "none" if result.check.target is None else f"{100 * result.check.target * factor:.2g}%"
    return (f"[{index:>{len(str(total))}}/{total}] {result.claim_id:32s} {result.status:8s} "
            f"{len(result.outcomes):3d} examples  resolution {res} (target {target})  "
            f"{result.wall_time:6.1f} s")


def cmd_verify(args: argparse.Namespace) -> int:
    from sim.profiles import get_profile
    from sim.report import write_report
    from sim.verify import ClaimResult, verify_check

    found = _discover()
    chosen = _select(found, args.ids, args.family or [])
    if chosen is None:
        return 2
    profile = get_profile(args.profile)
    if args.seed is not None:
        root = args.seed
    else:
        root = 0 if profile.derandomize else random.SystemRandom().randrange(2**32)
    report_dir = Path(args.report)
    print(f"rmtcheck verify: {len(chosen)} claim(s), profile {profile.name!r}, root seed {root} "
          f"(replay: rmtcheck verify --profile {profile.name} --seed {root}), report {report_dir}/",
          flush=True)
    extra: dict[str, Any] = {"plugin_errors": [vars(e) for e in found.errors]}
    rows: dict[str, Any] = {}
    results: list[ClaimResult] = []
    started = time.perf_counter()

    def save() -> None:
        write_report(report_dir, rows, profile=profile.name, hypothesis_seed=str(root),
                     wall_time=time.perf_counter() - started, extra=extra)

    interrupted = False
    try:
        for index, check in enumerate(chosen, start=1):
            result = verify_check(check, profile, root_seed=root, device=args.device)
            results.append(result)
            rows[check.id] = result.row()
            save()
            print(_progress(index, len(chosen), result, profile.target_factor), flush=True)
            if result.status != "pass" and args.verbose:
                print(result.explain(), flush=True)
    except KeyboardInterrupt:
        interrupted = True
        print("rmtcheck verify: interrupted; the report holds the claims that finished", file=sys.stderr)
    if args.figures and not interrupted:
        extra["figures"] = write_figures(chosen, report_dir)
    save()
    failed = [r.claim_id for r in results if r.status != "pass"]
    print(f"{len(results) - len(failed)} of {len(chosen)} claim(s) pass"
          + (f"; not verified: {', '.join(failed)}" if failed else "")
          + f"; report {report_dir / 'verification.md'}", flush=True)
    if interrupted:
        return 130
    return 1 if failed or len(results) < len(chosen) else 0


def write_figures(checks: tuple[Check[Any], ...], directory: Path) -> list[str]:
    """Write every figure of ``checks`` (each file once) into ``directory``; return the file names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for check in checks:
        for figure in check.figures:
            if figure.filename in written:
                continue
            figure.draw(directory / figure.filename, plt)
            written.append(figure.filename)
            print(f"wrote {directory / figure.filename}", flush=True)
    return written


def cmd_cite(args: argparse.Namespace) -> int:
    try:
        check = _discover().get(args.claim_id)
    except KeyError as error:
        print(f"rmtcheck: {error.args[0]}", file=sys.stderr)
        return 2
    claim = check.claim
    report = _load(Path(args.report) / "verification.json")
    try:
        cert = certificate(claim, report)
    except ValueError as error:
        print(f"rmtcheck: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(cert, indent=2, sort_keys=True, default=str))
        return 0
    entry = (bibtex_entry(claim.citation, check.bibtex) or bibtex_entry(claim.citation, references())
             or f"% no BibTeX entry for {claim.citation}")
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
    top.add_argument("--version", action="version", version=f"rmtcheck {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    lst = sub.add_parser("list", help="list every discovered claim")
    lst.add_argument("--family", action="append", help="only this family (repeatable)")
    lst.set_defaults(run=cmd_list)
    ver = sub.add_parser("verify", help="verify claims against simulation and write a report")
    ver.add_argument("ids", nargs="*", metavar="ID", help="claim ids (default: every claim)")
    ver.add_argument("--family", action="append", help="every claim of this family (repeatable)")
    ver.add_argument("--profile", choices=sorted(PROFILES), default="ci")
    ver.add_argument("--seed", type=int, help="root seed (default: 0 for ci, random and printed for verify)")
    ver.add_argument("--report", default="reports", help="report directory (default reports/)")
    ver.add_argument("--figures", action="store_true", help="also write the chosen claims' figures")
    ver.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    ver.add_argument("-v", "--verbose", action="store_true", help="explain every claim that does not pass")
    ver.set_defaults(run=cmd_verify)
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
    if args.command == "verify" and args.seed is not None and args.seed < 0:
        print("rmtcheck: --seed must be an integer >= 0", file=sys.stderr)
        return 2
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
