"""Progress of a verify run: examples done of examples drawn, the claims running, and an ETA from
measured costs.

On a terminal one line is redrawn in place; elsewhere (nox, CI, a log file) a plain line is printed
every ``interval`` seconds (default 30) by a background timer, so a long claim never leaves the log
silent for more than that. The ETA is the sum of the remaining claims' *expected* costs — each claim's
wall time in an earlier report of the same profile (the run's own report directory, else the published
evidence), the median of the known ones for a claim never measured — scaled by how fast this machine has
been so far (measured time over expected time of the claims finished in this run).
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

__all__ = ["RunProgress", "format_seconds"]


def format_seconds(seconds: float) -> str:
    """``h:mm:ss`` (``m:ss`` under an hour)."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


@dataclass
class _Claim:
    expected: float
    examples: int = 0
    done: int = 0
    started: float | None = None
    finished: bool = False
    took: float = 0.0


@dataclass
class RunProgress:
    """Counts of a run and their display (thread-safe: the timer reads while the run writes).

    Args:
        claims: The claim ids still to run, in order.
        expected: Measured seconds per claim id from an earlier run of the same profile (may be empty).
        done_before: Claims already finished (a resume).
        stream: Where to write (default stderr).
        interval: Seconds between plain lines when ``stream`` is not a terminal.
    """

    claims: list[str]
    expected: Mapping[str, float] = field(default_factory=dict)
    done_before: int = 0
    stream: TextIO | None = None
    interval: float = 30.0

    def __post_init__(self) -> None:
        known = [v for v in self.expected.values() if v > 0]
        fallback = statistics.median(known) if known else 0.0
        self._claims = {cid: _Claim(float(self.expected.get(cid, fallback)) or fallback) for cid in self.claims}
        self._out: TextIO = sys.stderr if self.stream is None else self.stream
        self._tty = bool(getattr(self._out, "isatty", lambda: False)())
        self._lock = threading.Lock()
        self._shown = 0
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    # -- counts ---------------------------------------------------------------------------------
    def claim_started(self, claim_id: str, examples: int) -> None:
        with self._lock:
            claim = self._claims[claim_id]
            claim.examples, claim.started = examples, claim.started or time.monotonic()
        self._redraw()

    def example_done(self, claim_id: str) -> None:
        with self._lock:
            claim = self._claims[claim_id]
            claim.done += 1
            if claim.started is None:
                claim.started = time.monotonic()
        self._redraw()

    def claim_done(self, claim_id: str, wall_time: float) -> None:
        with self._lock:
            claim = self._claims[claim_id]
            claim.finished, claim.took = True, wall_time
            claim.done = max(claim.done, claim.examples)
        self._redraw()

    # -- text -----------------------------------------------------------------------------------
    def eta(self) -> float | None:
        """Seconds left: remaining expected cost times this run's measured/expected speed ratio. Without
        earlier measurements every claim is expected to cost the mean of the claims finished so far
        (``None`` before the first one finishes)."""
        with self._lock:
            claims = list(self._claims.values())
            done = [c for c in claims if c.finished]
            measured = [c for c in done if c.expected > 0]
            if measured:
                speed, fallback = sum(c.took for c in measured) / sum(c.expected for c in measured), 0.0
            elif done:
                speed, fallback = 1.0, sum(c.took for c in done) / len(done)
            else:
                speed, fallback = 1.0, 0.0
            left = 0.0
            for claim in claims:
                if claim.finished:
                    continue
                share = 1.0 - (claim.done / claim.examples if claim.examples else 0.0)
                left += (claim.expected or fallback) * share
        if left == 0.0 and any(not c.finished for c in claims):
            return None
        return left * speed

    def line(self) -> str:
        """``verify: 3/50 claims, 81/1150 examples; running mp.edges (5/25); 2:10 elapsed, ETA 11:32``."""
        with self._lock:
            total = len(self._claims) + self.done_before
            finished = sum(c.finished for c in self._claims.values()) + self.done_before
            drawn = sum(c.examples for c in self._claims.values() if c.examples)
            examples = sum(c.done for c in self._claims.values())
            running = [f"{cid} ({c.done}/{c.examples or '?'})" for cid, c in self._claims.items()
                       if c.started is not None and not c.finished]
        eta = self.eta()
        shown_eta = "ETA unknown" if eta is None else f"ETA {format_seconds(eta)}"
        examples_text = f"{examples}/{drawn} examples drawn so far" if drawn else "0 examples"
        more = " ..." if len(running) > 3 else ""
        running_text = ("; running " + ", ".join(running[:3]) + more) if running else ""
        return (f"verify: {finished}/{total} claims, {examples_text}{running_text}; "
                f"{format_seconds(time.monotonic() - self._started)} elapsed, {shown_eta}")

    def _redraw(self) -> None:
        if not self._tty:
            return
        text = self.line()
        with self._lock:
            self._out.write("\r" + text.ljust(self._shown))
            self._out.flush()
            self._shown = len(text)

    def clear(self) -> None:
        """Erase the terminal line (before printing other output)."""
        with self._lock:
            if self._tty and self._shown:
                self._out.write("\r" + " " * self._shown + "\r")
                self._out.flush()
                self._shown = 0

    # -- plain lines off a terminal -------------------------------------------------------------
    def start(self) -> None:
        """Start the timer of plain lines (off a terminal only)."""
        if self._tty or self._timer is not None:
            return

        def tick() -> None:
            while not self._stop.wait(self.interval):
                print(self.line(), file=self._out, flush=True)

        self._timer = threading.Thread(target=tick, name="rmtcheck-progress", daemon=True)
        self._timer.start()

    def stop(self) -> None:
        self._stop.set()
        if self._timer is not None:
            self._timer.join(timeout=1.0)
        self.clear()
