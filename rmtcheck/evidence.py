"""The evidence log of a verify run: ``DIR/evidence.jsonl``, one JSON line per finished claim.

Every finished claim is appended at once (written, flushed and ``fsync``-ed before the run moves
on), so a run killed at any point — Ctrl-C, ``SIGKILL``, a lost node — keeps every claim that
finished; ``rmtcheck verify --resume DIR`` reads the log back and runs only what is missing.

Lines (plain JSON):

* ``{"kind": "run", "profile": ..., "cuda": ..., "root_seed": ..., "claims": [...], "started": ...,
  "commit": ...}`` — written when a run starts or resumes: what it was asked to verify, when, and at which
  commit (a resumed report lists every session: ``Evidence.sessions``).
* ``{"kind": "claim", "claim_id": ..., "profile": ..., "cuda": ..., "root_seed": ..., "finished": ...,
  "wall_time_s": ..., "worker": ..., "torch_threads": ..., "engine_error": ..., "row": {...}}`` — one
  finished claim; ``row`` is its report row (:func:`rmtcheck.report.claim_row`). ``engine_error`` marks
  a claim the engine lost (its worker died on every retry): a resume runs it again.

A line cut short by a kill (not JSON) is skipped when the log is read.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

__all__ = ["FILENAME", "Evidence", "EvidenceLog", "ResumeMismatchError", "read_evidence"]

FILENAME = "evidence.jsonl"


class ResumeMismatchError(ValueError):
    """The evidence was produced under another profile or root seed than the resume asks for."""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Evidence:
    """What a log holds: the run settings (from its lines), the finished claims' lines by id and the sessions
    (the run and each resume: ``started``, ``commit``, ``finished`` claims)."""

    profile: str | None
    cuda: bool | None
    root_seed: int | None
    claims: tuple[str, ...]
    finished: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    skipped: int = 0
    sessions: tuple[Mapping[str, Any], ...] = ()

    def check(self, *, profile: str, cuda: bool, root_seed: int) -> None:
        """``ResumeMismatchError`` unless the evidence was produced with ``profile``, ``cuda`` and
        ``root_seed`` (a resumed report must equal an uninterrupted one)."""
        for name, mine, theirs in (("profile", profile, self.profile), ("root seed", root_seed, self.root_seed),
                                   ("CUDA sizes", cuda, self.cuda)):
            if theirs is not None and mine != theirs:
                raise ResumeMismatchError(
                    f"cannot resume: the evidence was produced with {name} {theirs!r}, this run asks for "
                    f"{mine!r} (resume with the same --profile/--seed/--device, or start a new report)")


def read_evidence(path: Path) -> Evidence:
    """Read ``path`` (``FileNotFoundError`` if absent). Claims recorded twice keep the last line;
    lines of an engine error are not counted as finished; a line cut short by a kill is skipped
    (counted in ``Evidence.skipped``).
    ``ResumeMismatchError`` if the lines disagree among themselves on profile or seed."""
    profile: str | None = None
    cuda: bool | None = None
    root: int | None = None
    claims: tuple[str, ...] = ()
    finished: dict[str, dict[str, Any]] = {}
    sessions: list[dict[str, Any]] = []
    skipped = 0
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            try:
                line = json.loads(text)
            except json.JSONDecodeError:
                skipped += 1  # a line cut short by a kill while it was written
                continue
            if not isinstance(line, dict):
                raise ValueError(f"{path}:{number}: not an evidence line (a JSON object)")
            settings = (line.get("profile"), line.get("cuda"), line.get("root_seed"))
            if profile is not None and settings != (profile, cuda, root):
                raise ResumeMismatchError(f"{path}:{number}: mixes runs (profile, CUDA sizes, root seed) "
                                     f"{settings} and {(profile, cuda, root)}")
            profile, cuda, root = settings
            if line.get("kind") == "run":
                claims = tuple(line.get("claims", ()))
                sessions.append({"started": line.get("started"), "commit": line.get("commit"), "finished": 0})
            elif line.get("kind") == "claim" and not line.get("engine_error"):
                if not isinstance(line.get("claim_id"), str) or not isinstance(line.get("row"), dict):
                    raise ValueError(f"{path}:{number}: a claim line without a claim_id or a row")
                finished[line["claim_id"]] = line
                if sessions:
                    sessions[-1]["finished"] += 1
    return Evidence(profile, cuda, root, claims, finished, skipped, tuple(sessions))


class EvidenceLog:
    """An open ``evidence.jsonl``: :meth:`run` and :meth:`claim` append one line each, durably."""

    def __init__(self, directory: Path, *, profile: str, cuda: bool, root_seed: int, resume: bool) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / FILENAME
        self.settings = {"profile": profile, "cuda": cuda, "root_seed": root_seed}
        self.session: dict[str, Any] | None = None
        if not resume and self.path.exists():
            self.path.replace(self.path.with_name(FILENAME + ".prev"))  # a new run; keep the old log once
        self._handle: TextIO = self.path.open("a", encoding="utf-8")
        self._terminate_cut_line()

    def _terminate_cut_line(self) -> None:
        """A line cut short by a kill would glue onto the next one: end it (it stays unreadable and
        :func:`read_evidence` skips it)."""
        if self.path.stat().st_size == 0:
            return
        with self.path.open("rb") as raw:
            raw.seek(-1, os.SEEK_END)
            last = raw.read(1)
        if last != b"\n":
            self._write_raw("\n")

    def _write_raw(self, text: str) -> None:
        self._handle.write(text)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def _append(self, line: Mapping[str, Any]) -> None:
        self._write_raw(json.dumps(line, default=str, separators=(",", ":")) + "\n")

    def run(self, claims: Sequence[str], commit: str | None = None) -> dict[str, Any]:
        """Record that a run (or a resume) of ``claims`` starts at ``commit``; return the session's record
        (``started``, ``commit``, ``finished``: the claims it finishes, counted by :meth:`claim`)."""
        started = _now()
        self._append({"kind": "run", **self.settings, "claims": list(claims), "started": started,
                      "commit": commit})
        session: dict[str, Any] = {"started": started, "commit": commit, "finished": 0}
        self.session = session
        return session

    def claim(self, claim_id: str, row: Mapping[str, Any], *, wall_time: float, worker: str,
              torch_threads: int | None = None, engine_error: bool = False) -> dict[str, Any]:
        """Append one finished claim; return the line written."""
        line = {"kind": "claim", "claim_id": claim_id, **self.settings, "finished": _now(),
                "wall_time_s": round(wall_time, 3), "worker": worker, "torch_threads": torch_threads,
                "engine_error": engine_error, "row": dict(row)}
        self._append(line)
        if not engine_error and self.session is not None:
            self.session["finished"] += 1
        return line

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> EvidenceLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
