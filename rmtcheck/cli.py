"""The rmtcheck command (also: python -m rmtcheck).

Commands:
  list      every discovered claim: id, statement, citation, variants (near misses marked *),
            resolution target, and where it comes from (built-in or the plugin's distribution)
  verify    run claims against simulation; write DIR/verification.json and .md after every claim and
            append every finished claim to DIR/evidence.jsonl (default DIR: reports/)
  cite      a claim's BibTeX entry, rmtcheck's software citation, and a summary of the claim's
            verification certificate from the published evidence (or --report DIR)
  diff      what changed between two verification.json reports

Exit codes (every command):
  0    success: every chosen claim passed; no regression found
  1    a claim did not pass, a regression was found, or cite was asked for a claim without passing evidence
  2    usage error or unreadable input (a bad option, an unknown id, a missing or malformed report)
  130  interrupted (Ctrl-C); the report keeps every claim that finished: continue with --resume DIR
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import re
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from theory import __version__

if TYPE_CHECKING:
    from rmtcheck.check import Check
    from rmtcheck.experiment import Outcome
    from rmtcheck.plugins import Discovery
    from rmtcheck.profiles import Profile
    from rmtcheck.run import ClaimResult

REPO = Path(__file__).resolve().parents[1]
ROOT_SEED_MAX = 2**63 - 1

SOFTWARE_BIBTEX = """@software{{rmtcheck,
  title = {{rmtcheck: verifying random-matrix predictions for machine learning against simulation}},
  author = {{{{rmtcheck developers}}}},
  version = {{{version}}},
  year = {{2026}},
  note = {{See CITATION.cff}}
}}"""


class UsageError(Exception):
    """Bad input from the command line or an unreadable file: one line on stderr, exit 2."""


# -- data shipped with the package ----------------------------------------------------------------------
def _data(name: str) -> str | None:
    """A file shipped in the wheel as ``rmtcheck/_data/NAME``, else the source tree's copy, else ``None``."""
    shipped = resources.files("rmtcheck").joinpath(f"_data/{name}")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    source = {"references.bib": REPO / "docs" / "references.bib",
              "evidence/verification.json": REPO / "docs" / "evidence" / "verification.json"}.get(name)
    return source.read_text(encoding="utf-8") if source is not None and source.is_file() else None


def references() -> str:
    """The BibTeX database (``docs/references.bib``, shipped in the wheel)."""
    return _data("references.bib") or ""


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


def load_report(path: Path) -> dict[str, Any]:
    """A verification report (``UsageError`` with one line if it is missing, unreadable or malformed)."""
    if path.is_dir():
        path = path / "verification.json"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"no report at {path} (run rmtcheck verify first)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the report {path}: {error}") from None
    return parse_report(text, str(path))


def parse_report(text: str, where: str) -> dict[str, Any]:
    """The report in ``text`` (``UsageError`` naming ``where`` unless it is a report's JSON)."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"{where} is not a verification report (not JSON: {error.msg} at line {error.lineno})") \
            from None
    claims = payload.get("claims") if isinstance(payload, dict) else None
    if not isinstance(claims, dict) or not all(isinstance(row, dict) for row in claims.values()):
        raise UsageError(f"{where} is not a verification report (no 'claims' table of claim rows)")
    for claim_id, row in claims.items():
        if not isinstance(row.get("status"), str):
            raise UsageError(f"{where}: claim {claim_id!r} has no status")
    result: dict[str, Any] = payload
    return result


# -- discovery ------------------------------------------------------------------------------------------
def _discover() -> Discovery:
    from rmtcheck.plugins import discover

    found = discover()
    for error in found.errors:
        print(f"rmtcheck: plugin {error.name!r} ({error.distribution}, {error.value}) failed to load: "
              f"{error.error}", file=sys.stderr)
    return found


def _select(found: Discovery, ids: Sequence[str], families: Sequence[str]) -> tuple[Check[Any], ...]:
    try:
        return found.select(ids, families)
    except KeyError as error:
        raise UsageError(str(error.args[0])) from None


# -- list -----------------------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    for check in _select(_discover(), [], args.family or []):
        claim = check.claim
        target = "none" if check.target is None else f"{100 * check.target:.3g}%"
        variants = ", ".join(v.name + ("*" if v.near_miss else "") for v in claim.variants)
        print(f"{claim.id}\n  {claim.statement}\n  citation: {claim.citation} ({claim.source})\n"
              f"  variants: {variants}\n  resolution target: {target}\n  from: {check.origin}")
    return 0


# -- verify ---------------------------------------------------------------------------------------------
def _summary_line(index: int, total: int, result: ClaimResult, factor: float) -> str:
    res = "—" if result.resolution is None else f"{100 * result.resolution:.2g}%"
    target = "none" if result.check.target is None else f"{100 * result.check.target * factor:.2g}%"
    return (f"[{index:>{len(str(total))}}/{total}] {result.claim_id:32s} {result.status:8s} "
            f"{len(result.outcomes):3d} examples  resolution {res} (target {target})  {result.wall_time:6.1f} s")


def _resume(args: argparse.Namespace, found: Discovery) -> tuple[Any, str, int | None, list[str], list[str]]:
    """For ``--resume DIR``: the evidence, and the profile, seed and claims to use (the log's unless given)."""
    from rmtcheck.evidence import FILENAME, read_evidence

    if args.report is not None and Path(args.report) != Path(args.resume):
        raise UsageError("--resume DIR writes its report to DIR; drop --report or make it the same")
    path = Path(args.resume) / FILENAME
    try:
        evidence = read_evidence(path)
    except FileNotFoundError:
        raise UsageError(f"cannot resume: no {path} (start the run without --resume)") from None
    except (ValueError, OSError) as error:
        raise UsageError(f"cannot resume: {error}") from None
    profile = args.profile or evidence.profile or "ci"
    root = args.seed if args.seed is not None else evidence.root_seed
    ids, families = list(args.ids), list(args.family or [])
    if not ids and not families:
        ids = [claim_id for claim_id in evidence.claims if claim_id in found.ids()] or list(found.ids())
    return evidence, profile, root, ids, families


def _expected_costs(report_dir: Path, profile: str) -> dict[str, float]:
    """Seconds per claim measured by an earlier run of ``profile``: the report in ``report_dir``, else the
    published evidence (``{}`` if neither is of this profile)."""
    texts = []
    with contextlib.suppress(OSError, UnicodeDecodeError):
        texts.append((report_dir / "verification.json").read_text(encoding="utf-8"))
    texts.append(_data("evidence/verification.json") or "")
    for text in texts:
        try:
            payload = parse_report(text, "report")
        except UsageError:
            continue
        if payload.get("profile") == profile:
            return {cid: float(row.get("wall_time_s") or 0.0) for cid, row in payload["claims"].items()}
    return {}


def _replay(profile: Profile, root: int, ids: Sequence[str], families: Sequence[str], every: bool) -> str:
    """The command that reproduces this run exactly."""
    chosen = "" if every else "".join(f" {cid}" for cid in ids) + "".join(f" --family {f}" for f in families)
    return f"rmtcheck verify{chosen} --profile {profile.name} --seed {root}"


class _Printer:
    """The run's observer: progress counts, and with ``-v`` one line per finished example."""

    def __init__(self, progress: Any, verbose: bool) -> None:
        self.progress, self.verbose = progress, verbose

    def drawn(self, claim_id: str, count: int) -> None:
        self.progress.claim_started(claim_id, count)

    def outcome(self, outcome: Outcome) -> None:
        self.progress.example_done(outcome.claim_id)
        if self.verbose:
            self.progress.clear()
            print(f"  {outcome.claim_id:32s} {outcome.status:8s} resolution {100 * outcome.resolution:.3g}%  "
                  f"{outcome.wall_time:6.2f} s  {_rounded(outcome.params)}", flush=True)


def _rounded(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (float(f"{v:.4g}") if isinstance(v, float) else v) for k, v in params.items()}


def cmd_verify(args: argparse.Namespace) -> int:
    from rmtcheck.engine import ClaimTask, DaskEngine, make_engine, using
    from rmtcheck.evidence import EvidenceLog, ResumeMismatchError
    from rmtcheck.plugins import plugins_enabled
    from rmtcheck.profiles import get_profile
    from rmtcheck.progress import RunProgress
    from rmtcheck.report import git_commit, write_report

    found = _discover()
    evidence: Any = None
    ids, families, root, profile_name = list(args.ids), list(args.family or []), args.seed, args.profile or "ci"
    if args.resume is not None:
        evidence, profile_name, root, ids, families = _resume(args, found)
    chosen = _select(found, ids, families)
    profile = get_profile(profile_name, cuda=_cuda(args.device) if args.device is not None else None)
    if root is None:
        root = 0 if profile.derandomize else random.SystemRandom().randrange(2**32)
    if evidence is not None:
        try:
            evidence.check(profile=profile.name, cuda=profile.cuda, root_seed=root)
        except ResumeMismatchError as error:
            raise UsageError(str(error)) from None
    report_dir = Path(args.resume or args.report or "reports")
    rows: dict[str, Any] = {}
    if evidence is not None:
        wanted = {check.id for check in chosen}
        rows = {cid: dict(line["row"]) for cid, line in evidence.finished.items() if cid in wanted}
    try:
        log = EvidenceLog(report_dir, profile=profile.name, cuda=profile.cuda, root_seed=root,
                          resume=evidence is not None)
    except OSError as error:
        raise UsageError(f"cannot write the report to {report_dir}: {error.strerror or error}") from None
    idle = len(rows) == len(chosen) and not args.figures  # a resume with nothing left: no cluster
    try:
        engine = make_engine(workers=None if idle else args.workers, scheduler=None if idle else args.scheduler,
                             threads_per_worker=None if idle else args.threads_per_worker, gpu=_cuda(args.device))
    except (ValueError, ImportError, OSError) as error:
        log.close()
        raise UsageError(str(error)) from None
    if isinstance(engine, DaskEngine):
        engine.warm_up(plugins=plugins_enabled())
    where = "" if engine.name == "serial" else f", engine {engine.name} ({engine.slots()} worker slot(s))"
    every = {check.id for check in chosen} == set(found.ids())  # the replay needs no ids
    print(f"rmtcheck verify: {len(chosen)} claim(s), profile {profile.name!r}, root seed {root} "
          f"(replay: {_replay(profile, root, ids, families, every)}), report {report_dir}/{where}"
          + (f"; resuming: {len(rows)} claim(s) already in {report_dir}/evidence.jsonl" if evidence else ""),
          flush=True)
    extra: dict[str, Any] = {"plugin_errors": [vars(e) for e in found.errors],
                             "replay": _replay(profile, root, ids, families, every)}
    if engine.name != "serial":
        extra["engine"] = {"name": engine.name, "slots": engine.slots()}
    if evidence is not None and not args.figures:
        extra["figures"] = _report_figures(report_dir)  # a resume keeps the figures the run already wrote
    started = time.perf_counter()

    def save() -> None:
        ordered = {check.id: rows[check.id] for check in chosen if check.id in rows}
        write_report(report_dir, ordered, profile=profile.name, hypothesis_seed=str(root),
                     wall_time=time.perf_counter() - started, extra=extra)

    todo = [check for check in chosen if check.id not in rows]
    tasks = [ClaimTask(check, profile, root, device=args.device) for check in todo]
    progress = RunProgress([c.id for c in todo], _expected_costs(report_dir, profile.name), done_before=len(rows))
    interrupted = False
    try:
        extra["sessions"] = [*(dict(done) for done in (evidence.sessions if evidence is not None else ())),
                             log.run([check.id for check in chosen], commit=git_commit())]
        progress.start()
        for result in engine.run_claims(tasks, _Printer(progress, args.verbose)):
            row = result.row()
            with _deferred_interrupt():  # the evidence line and the report row, both or neither
                log.claim(result.claim_id, row, wall_time=result.wall_time, worker=result.worker,
                          torch_threads=result.torch_threads, engine_error=result.engine_error)
                rows[result.claim_id] = row
                save()
            progress.claim_done(result.claim_id, result.wall_time)
            progress.clear()
            print(_summary_line(len(rows), len(chosen), result, profile.target_factor), flush=True)
            if result.status != "pass" and args.verbose:
                print(result.explain(), flush=True)
        progress.stop()
        if args.figures:
            with using(engine):
                extra["figures"] = write_figures(chosen, report_dir)
    except KeyboardInterrupt:
        interrupted = True
        progress.stop()
        print("rmtcheck verify: interrupted; the report holds the claims that finished "
              f"(continue with: rmtcheck verify --resume {report_dir})", file=sys.stderr)
    finally:
        progress.stop()
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


def _report_figures(report_dir: Path) -> list[str]:
    """The figure files listed by the report in ``report_dir`` that exist there (``[]`` without a report)."""
    try:
        text = (report_dir / "verification.json").read_text(encoding="utf-8")
        names = parse_report(text, "report").get("figures")
    except (OSError, UnicodeDecodeError, UsageError):
        return []
    return [str(n) for n in names or [] if isinstance(n, str) and (report_dir / n).is_file()]


def _cuda(device: str | None) -> bool:
    """Whether ``device`` (``None``: the default device) is a CUDA device."""
    from sim.device import resolve_device

    try:
        return resolve_device(device).type == "cuda"
    except (ValueError, RuntimeError) as error:
        raise UsageError(f"--device: {error}") from None


def write_figures(checks: Sequence[Check[Any]], directory: Path) -> list[str]:
    """Write every figure of ``checks`` (each file once) into ``directory``; return the file names."""
    from rmtcheck.figures import pyplot

    directory.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for check in checks:
        for figure in check.figures:
            if figure.filename in written:
                continue
            figure.draw(directory / figure.filename, pyplot())
            written.append(figure.filename)
            print(f"wrote {directory / figure.filename}", flush=True)
    return written


# -- cite -----------------------------------------------------------------------------------------------
def _cite_report(args: argparse.Namespace) -> tuple[dict[str, Any], str]:
    if args.report is not None:
        return load_report(Path(args.report)), str(args.report)
    text = _data("evidence/verification.json")
    if text is None:
        raise UsageError("no published evidence is installed; give --report DIR of a verify run")
    return parse_report(text, "the published evidence"), "the published evidence"


def certificate_summary(cert: Mapping[str, Any]) -> str:
    """A few lines: status, resolution, examples, variants rejected, run, hash."""
    run = cert.get("run", {})
    variants = cert.get("variants", {})
    rejected = ", ".join(f"{name}{'*' if v.get('near_miss') else ''} {v.get('rejected')}/{v.get('examples')}"
                         for name, v in variants.items())
    res, target = cert.get("resolution"), cert.get("resolution_target")
    shown = "—" if res is None else f"{100 * res:.2g}%"
    goal = "none" if target is None else f"{100 * target:.2g}%"
    return "\n".join([
        f"% claim {cert['claim']['id']}: {cert['claim']['statement']}",
        f"% status {cert['status']} on {len(cert.get('examples', []))} examples, "
        f"resolution {shown} (target {goal})",
        f"% variants rejected (near misses *): {rejected}",
        f"% run: profile {run.get('profile')}, seed {run.get('hypothesis_seed')}, commit {run.get('git_commit')}, "
        f"{run.get('date')}, {run.get('device')}",
        f"% certificate sha256 {cert['sha256']} (full certificate: rmtcheck cite {cert['claim']['id']} --json)",
    ])


def cmd_cite(args: argparse.Namespace) -> int:
    from rmtcheck.certificate import certificate

    check = _select(_discover(), [args.claim_id], [])[0]
    claim = check.claim
    report, where = _cite_report(args)
    try:
        cert = certificate(claim, report)
    except ValueError as error:
        print(f"rmtcheck: {error} ({where})", file=sys.stderr)
        return 1
    ci = report.get("profile") != "verify"
    if cert["status"] != "pass":
        print(f"rmtcheck: {claim.id} has status {cert['status']!r} in {where}: no certificate of a verified "
              "claim can be given", file=sys.stderr)
        return 1
    if ci:
        print(f"rmtcheck: note: {where} is {report.get('profile')!r}-profile evidence (smaller sizes, relaxed "
              "targets), not a verify run", file=sys.stderr)
    text = json.dumps(cert, indent=2, sort_keys=True, default=str)
    if args.out is not None:
        try:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot write --out {args.out}: {error.strerror or error}") from None
    if args.json:
        print(text)
        return 0
    entry = (bibtex_entry(claim.citation, check.bibtex) or bibtex_entry(claim.citation, references())
             or f"% no BibTeX entry for {claim.citation}")
    software = SOFTWARE_BIBTEX.format(version=__version__)
    print(f"% The claim ({claim.source})\n{entry}\n\n% The software\n{software}\n")
    print("% Verification certificate" + (" (ci-profile evidence)" if ci else ""))
    print(certificate_summary(cert))
    if args.out is not None:
        print(f"% full certificate written to {args.out}")
    return 0


# -- diff -----------------------------------------------------------------------------------------------
def cmd_diff(args: argparse.Namespace) -> int:
    from rmtcheck.certificate import diff

    if not (isinstance(args.factor, float) and math.isfinite(args.factor) and args.factor >= 1.0):
        raise UsageError(f"--factor must be a finite number >= 1; got {args.factor!r}")
    old, new = load_report(Path(args.old)), load_report(Path(args.new))
    if old.get("profile") != new.get("profile"):
        print(f"rmtcheck: warning: comparing a {old.get('profile')!r}-profile report with a "
              f"{new.get('profile')!r}-profile one: sizes and targets differ", file=sys.stderr)
    changes = diff(old, new, factor=args.factor, common=args.common)
    for change in changes:
        mark = "REGRESSION" if change.regression else "change"
        print(f"{mark:10s} {change.claim_id:28s} {change.kind}: {change.detail}")
    regressions = sum(c.regression for c in changes)
    scope = " (claims in both reports)" if args.common else ""
    print(f"{regressions} regression(s), {len(changes) - regressions} other change(s){scope}")
    return 1 if regressions else 0


# -- parser ---------------------------------------------------------------------------------------------
def _root_seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer in [0, 2**63 - 1]; got {text!r}") from None
    if not 0 <= value <= ROOT_SEED_MAX:
        raise argparse.ArgumentTypeError(f"must be an integer in [0, 2**63 - 1]; got {value}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1; got {value}")
    return value


EPILOG = ("exit codes: 0 success, 1 a claim did not pass / a regression / no passing evidence, "
          "2 usage error or unreadable input, 130 interrupted")


def parser() -> argparse.ArgumentParser:
    from rmtcheck.certificate import RESOLUTION_FACTOR

    top = argparse.ArgumentParser(prog="rmtcheck", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--version", action="version", version=f"rmtcheck {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lst = sub.add_parser("list", help="list every discovered claim", epilog=EPILOG,
                         description="Every discovered claim: id, statement, citation, wrong variants (near "
                                     "misses marked *), resolution target, and the package it comes from.")
    lst.add_argument("--family", action="append", metavar="F", help="only the claims of family F (repeatable)")
    lst.set_defaults(run=cmd_list)
    ver = sub.add_parser(
        "verify", help="verify claims against simulation and write a report", epilog=EPILOG,
        description="Run the chosen claims (every claim by default) against simulation. Each claim's examples "
                    "are drawn from the root seed and the claim id; every example must agree within its "
                    "size-derived tolerance, reject every wrong variant and meet the resolution target. "
                    "DIR/verification.json and .md are rewritten after every claim and DIR/evidence.jsonl "
                    "keeps every finished claim, so an interrupted run loses nothing that finished.")
    ver.add_argument("ids", nargs="*", metavar="ID", help="claim ids (default: every claim)")
    ver.add_argument("--family", action="append", metavar="F", help="every claim of family F (repeatable)")
    ver.add_argument("--profile", choices=("ci", "verify"), default=None,
                     help="ci (default: derandomised, smaller sizes) or verify (random seed, larger sizes); "
                          "a resume takes the evidence's")
    ver.add_argument("--seed", type=_root_seed, metavar="S",
                     help="root seed in [0, 2**63 - 1] (default: 0 for ci, random and printed for verify)")
    ver.add_argument("--report", default=None, metavar="DIR", help="report directory (default reports/)")
    ver.add_argument("--figures", action="store_true", help="also write the chosen claims' figures into DIR")
    ver.add_argument("--device", metavar="D", help="torch device (default: cuda if available, else cpu)")
    ver.add_argument("--workers", type=_positive_int, metavar="N",
                     help="run on a new local Dask cluster of N worker processes")
    ver.add_argument("--threads-per-worker", type=_positive_int, metavar="T",
                     help="torch threads per --workers process (default 1)")
    ver.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on the Dask cluster at ADDRESS (default: $RMTCHECK_SCHEDULER)")
    ver.add_argument("--resume", metavar="DIR",
                     help="continue the run whose evidence.jsonl is in DIR: run only the claims it lacks")
    ver.add_argument("-v", "--verbose", action="store_true",
                     help="print each example as it finishes and explain every claim that does not pass")
    ver.set_defaults(run=cmd_verify)
    cite = sub.add_parser(
        "cite", help="BibTeX and the verification certificate of a claim", epilog=EPILOG,
        description="The claim's BibTeX entry, rmtcheck's software citation, and a summary of the claim's "
                    "verification certificate from the published evidence (shipped with rmtcheck) or from "
                    "--report DIR. Refused (exit 1) for a claim whose evidence did not pass.")
    cite.add_argument("claim_id", metavar="ID", help="the claim id (rmtcheck list prints them)")
    cite.add_argument("--report", default=None, metavar="DIR",
                      help="use DIR/verification.json instead of the published evidence")
    cite.add_argument("--json", action="store_true", help="print the full certificate (JSON) only")
    cite.add_argument("--out", metavar="FILE", help="also write the full certificate (JSON) to FILE")
    cite.set_defaults(run=cmd_cite)
    dif = sub.add_parser(
        "diff", help="regressions between two verification.json reports", epilog=EPILOG,
        description="What changed from OLD to NEW: a worse status, a resolution worse by more than --factor, a "
                    "changed formula (stale certificates), a missing or non-finite number, a claim that "
                    "disappeared. Exit 1 on any regression.")
    dif.add_argument("old", metavar="OLD", help="the earlier report (verification.json or its directory)")
    dif.add_argument("new", metavar="NEW", help="the later report (verification.json or its directory)")
    dif.add_argument("--factor", type=float, default=RESOLUTION_FACTOR,
                     help="a resolution worse by more than this factor is a regression "
                          f"(default {RESOLUTION_FACTOR})")
    dif.add_argument("--common", action="store_true",
                     help="compare only the claims in both reports (e.g. a subset run against the full one)")
    dif.set_defaults(run=cmd_diff)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except UsageError as error:
        print(f"rmtcheck: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rmtcheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``rmtcheck list | head``): stop quietly, like cat
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return result


if __name__ == "__main__":
    sys.exit(main())
