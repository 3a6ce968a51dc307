"""The ``rmtcheck`` command.

- ``rmtcheck list [--family F]`` — every discovered claim: id, statement, citation, variants
  (near-miss ones marked ``*``), resolution target, and where it comes from (``built-in`` or the
  plugin's distribution); plugins that failed to load are reported.
- ``rmtcheck verify [ID ...] [--family F] [--profile ci|verify] [--seed S] [--report DIR]
  [--figures] [--device D] [--workers N [--threads-per-worker T] | --scheduler ADDRESS]
  [--resume DIR]`` — run the chosen checks (all by default), print per-claim progress, append
  every finished claim to ``DIR/evidence.jsonl`` and write ``DIR/verification.json`` and ``.md``
  after every claim (default ``reports/``); exit 0 only if every chosen claim has status
  ``pass``. ``--workers``/``--scheduler`` run the claims (and the figure sweeps) as Dask tasks
  (``sim.engine``); ``--resume DIR`` skips the claims already in ``DIR/evidence.jsonl``
  (same profile and root seed, else refused).
- ``rmtcheck cite ID [--report DIR] [--format text|json]`` — the claim's BibTeX entry, the
  software citation of rmtcheck, and the claim's verification certificate from the report
  (``--format json``: the certificate alone).
- ``rmtcheck diff OLD.json NEW.json [--factor F]`` — what changed between two verify reports;
  exit 1 on any regression (a worse status, a resolution worse by more than ``F``, a changed
  formula, a claim that disappeared).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
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


def _progress(index: int, total: int, check: Check[Any], done: Any, factor: float) -> str:
    row = done.row
    res = "—" if row["resolution"] is None else f"{100 * row['resolution']:.2g}%"
    target = "none" if check.target is None else f"{100 * check.target * factor:.2g}%"
    return (f"[{index:>{len(str(total))}}/{total}] {check.id:32s} {row['status']:8s} "
            f"{row['examples']:3d} examples  resolution {res} (target {target})  "
            f"{done.wall_time:6.1f} s")


def _resume_settings(args: argparse.Namespace, found: Discovery) -> tuple[Any, ...] | None:
    """For ``--resume DIR``: the evidence, and the profile, seed and claims to use (the log's unless
    given); ``None`` after printing why the resume is refused."""
    from sim.evidence import FILENAME, read_evidence

    path = Path(args.resume) / FILENAME
    try:
        evidence = read_evidence(path)
    except FileNotFoundError:
        print(f"rmtcheck: cannot resume: no {path} (start the run without --resume)", file=sys.stderr)
        return None
    except ValueError as error:
        print(f"rmtcheck: cannot resume: {error}", file=sys.stderr)
        return None
    profile = args.profile or evidence.profile or "ci"
    root = args.seed if args.seed is not None else evidence.root_seed
    ids, families = list(args.ids), list(args.family or [])
    if not ids and not families:
        ids = [claim_id for claim_id in evidence.claims if claim_id in found.ids()] or list(found.ids())
    return evidence, profile, root, ids, families


def cmd_verify(args: argparse.Namespace) -> int:
    from sim.engine import ClaimTask, DaskEngine, Progress, error_row, make_engine, using
    from sim.evidence import EvidenceLog, ResumeMismatchError
    from sim.profiles import get_profile
    from sim.report import write_report

    found = _discover()
    evidence: Any = None
    ids, families, root, profile_name = list(args.ids), list(args.family or []), args.seed, args.profile or "ci"
    if args.resume is not None:
        if args.report is not None and Path(args.report) != Path(args.resume):
            print("rmtcheck: --resume DIR writes its report to DIR; drop --report or make it the same",
                  file=sys.stderr)
            return 2
        settings = _resume_settings(args, found)
        if settings is None:
            return 2
        evidence, profile_name, root, ids, families = settings
    chosen = _select(found, ids, families)
    if chosen is None:
        return 2
    profile = get_profile(profile_name, cuda=_cuda(args.device) if args.device is not None else None)
    if root is None:
        root = 0 if profile.derandomize else random.SystemRandom().randrange(2**32)
    if evidence is not None:
        try:
            evidence.check(profile=profile.name, cuda=profile.cuda, root_seed=root)
        except ResumeMismatchError as error:
            print(f"rmtcheck: {error}", file=sys.stderr)
            return 2
    report_dir = Path(args.resume or args.report or "reports")
    checks = {check.id: check for check in chosen}
    rows: dict[str, Any] = {}
    if evidence is not None:
        rows = {cid: dict(line["row"]) for cid, line in evidence.finished.items() if cid in checks}
    idle = len(rows) == len(chosen) and not args.figures  # a resume with nothing left: no cluster
    try:
        engine = make_engine(workers=None if idle else args.workers,
                             scheduler=None if idle else args.scheduler,
                             threads_per_worker=None if idle else args.threads_per_worker,
                             gpu=_cuda(args.device), checks=checks)
    except (ValueError, ImportError, OSError) as error:
        print(f"rmtcheck: {error}", file=sys.stderr)
        return 2
    if isinstance(engine, DaskEngine):
        engine.warm_up(plugins=_plugins_enabled())
    where = "" if engine.name == "serial" else f", engine {engine.name} ({engine.slots()} worker slot(s))"
    print(f"rmtcheck verify: {len(chosen)} claim(s), profile {profile.name!r}, root seed {root} "
          f"(replay: rmtcheck verify --profile {profile.name} --seed {root}), report {report_dir}/{where}"
          + (f"; resuming: {len(rows)} claim(s) already in {report_dir}/evidence.jsonl" if evidence else ""),
          flush=True)
    extra: dict[str, Any] = {"plugin_errors": [vars(e) for e in found.errors]}
    if engine.name != "serial":
        extra["engine"] = {"name": engine.name, "slots": engine.slots()}
    started = time.perf_counter()

    def save() -> None:
        ordered = {check.id: rows[check.id] for check in chosen if check.id in rows}
        write_report(report_dir, ordered, profile=profile.name, hypothesis_seed=str(root),
                     wall_time=time.perf_counter() - started, extra=extra)

    tasks = [ClaimTask(check.id, profile.name, root, cuda=profile.cuda, device=args.device,
                       plugins=_plugins_enabled()) for check in chosen if check.id not in rows]
    bar = Progress(len(chosen), label="verify", done=len(rows))
    interrupted = False
    log = EvidenceLog(report_dir, profile=profile.name, cuda=profile.cuda, root_seed=root,
                      resume=evidence is not None)
    try:
        log.run([check.id for check in chosen])
        bar.update(len(rows), min(engine.slots(), len(tasks)))
        for done in engine.run_claims(tasks):
            check = checks[done.claim_id]
            row = done.row
            if row is None:
                task = next(t for t in tasks if t.claim_id == done.claim_id)
                row = error_row(check, task, done.error or "the engine lost the task")
                done = replace(done, row=row)
            with _deferred_interrupt():  # the evidence line and the report row, both or neither
                log.claim(done.claim_id, row, wall_time=done.wall_time, worker=done.worker,
                          torch_threads=done.torch_threads, engine_error=done.error is not None)
                rows[done.claim_id] = row
                save()
            bar.clear()
            print(_progress(len(rows), len(chosen), check, done, profile.target_factor), flush=True)
            if row["status"] != "pass" and args.verbose:
                print(done.explain, flush=True)
            bar.update(len(rows), min(engine.slots(), len(chosen) - len(rows)))
        bar.clear()
        if args.figures:
            with using(engine):
                extra["figures"] = write_figures(chosen, report_dir)
    except KeyboardInterrupt:
        interrupted = True
        bar.clear()
        print("rmtcheck verify: interrupted; the report holds the claims that finished "
              f"(continue with: rmtcheck verify --resume {report_dir})", file=sys.stderr)
    finally:
        log.close()
        save()
        engine.close()
    failed = [cid for cid, row in rows.items() if row["status"] != "pass"]
    print(f"{len(rows) - len(failed)} of {len(chosen)} claim(s) pass"
          + (f"; not verified: {', '.join(failed)}" if failed else "")
          + f"; report {report_dir / 'verification.md'}", flush=True)
    if interrupted:
        return 130
    return 1 if failed or len(rows) < len(chosen) else 0


@contextlib.contextmanager
def _deferred_interrupt() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) that arrives inside the block until its end (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _cuda(device: str | None) -> bool:
    """Whether ``device`` (``None``: the default device) is a CUDA device."""
    from sim.device import resolve_device

    return resolve_device(device).type == "cuda"


def _plugins_enabled() -> bool:
    import os

    return os.environ.get("RMTCHECK_NO_PLUGINS", "") not in ("1", "true", "yes")


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
    ver.add_argument("--profile", choices=sorted(PROFILES), default=None,
                     help="ci (default) or verify; a resume takes the evidence's")
    ver.add_argument("--seed", type=int, help="root seed (default: 0 for ci, random and printed for verify)")
    ver.add_argument("--report", default=None, help="report directory (default reports/)")
    ver.add_argument("--figures", action="store_true", help="also write the chosen claims' figures")
    ver.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    ver.add_argument("--workers", type=int, help="run on a new local Dask cluster of N worker processes")
    ver.add_argument("--threads-per-worker", type=int,
                     help="torch threads per --workers process (default 1)")
    ver.add_argument("--scheduler", help="run on the Dask cluster at this address (default: $RMTCHECK_SCHEDULER)")
    ver.add_argument("--resume", metavar="DIR",
                     help="continue the run whose evidence.jsonl is in DIR: skip the claims it holds")
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
