"""The command line's contract (issues 25 and 26): exit codes that mean one thing each, a one-line message
for every bad or unreadable input, help texts, "did you mean", a replay hint that replays, ``diff
--common`` and a warning across profiles, a short ``cite`` with the full certificate on request, progress
off a terminal, and interrupts that are never results (a resumed report equals an uninterrupted one).

The runs use toy checks (``rmtcheck.plugins.discover`` is replaced by a discovery of them), so they cost
milliseconds.
"""

from __future__ import annotations

import io
import json
import math
import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import strategies as st

import rmtcheck.plugins
from rmtcheck import Check, Claim, Comparison, Predictor, Variant
from rmtcheck.cli import main, parser
from rmtcheck.plugins import Discovery
from rmtcheck.progress import RunProgress

# -- toy checks -----------------------------------------------------------------------------------------
TRIPS: dict[str, int] = {}


def _trip(point: str) -> None:
    """Raise KeyboardInterrupt the n-th time ``point`` is reached (``TRIPS[point] = n``); count down."""
    if point in TRIPS:
        TRIPS[point] -= 1
        if TRIPS[point] == 0:
            raise KeyboardInterrupt


@dataclass(frozen=True)
class Echo:
    """Simulates the parameter itself (with a seeded jitter far inside the tolerance)."""

    def simulate(self, params: float, gen: torch.Generator) -> float:
        _trip("simulate")
        return params + 1e-3 * float(torch.rand((), generator=gen, dtype=torch.float64))

    def compare(self, sample: float, params: float, predict: Predictor) -> tuple[Comparison, ...]:
        return (Comparison("value", sample, float(predict(params)), 0.01),)


def _drawn(x: float) -> float:
    _trip("draw")
    return x


def _claim(name: str, predict: Predictor = lambda x: x) -> Claim:
    return Claim(id=f"toy.{name}", statement=f"{name}: x", formula="x", citation="none", source="-",
                 assumptions=(), regime="-", predict=predict,
                 variants=(Variant("plus_one", "x + 1", lambda x: x + 1, near_miss=True),
                           Variant("double", "2x", lambda x: 2 * x)))


def _checks() -> tuple[Check[Any], ...]:
    draws = st.floats(1.0, 2.0).map(_drawn)
    return (Check(_claim("first"), Echo(), draws), Check(_claim("second"), Echo(), draws),
            Check(_claim("wrong", lambda x: 1.05 * x), Echo(), draws), Check(_claim("third"), Echo(), draws))


@pytest.fixture
def toys(monkeypatch: pytest.MonkeyPatch) -> None:
    found = Discovery(_checks())
    monkeypatch.setattr(rmtcheck.plugins, "discover", lambda **_: found)
    TRIPS.clear()


def _report(directory: Path) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((directory / "verification.json").read_text())
    return payload


def _stable(value: Any) -> Any:
    """A report without its times, dates and machine-dependent fields."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items()
                if k not in ("wall_time_s", "date", "finished", "started", "worker", "torch_threads",
                             "git_commit")}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


# -- exit codes and one-line messages -------------------------------------------------------------------
def test_help_states_every_command_and_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "``" not in text
    for word in ("list", "verify", "cite", "diff", "130", "usage error"):
        assert word in text
    for command in ("list", "verify", "cite", "diff"):
        sub = next(a for a in parser()._actions if a.dest == "command").choices[command]  # type: ignore[union-attr]
        assert sub.description, command
        assert "exit codes" in (sub.epilog or ""), command
        for action in sub._actions:
            assert action.help, (command, action.dest)


def test_unknown_id_and_family_suggest_the_closest(toys: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "toy.frist"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'toy.first'" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["list", "--family", "tyo"]) == 2
    assert "did you mean 'toy'" in capsys.readouterr().err


@pytest.mark.parametrize("seed", [str(2**64), "-1", "x"])
def test_out_of_range_seed_is_a_usage_error(seed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["verify", "--seed", seed])
    assert done.value.code == 2
    assert "2**63 - 1" in capsys.readouterr().err


@pytest.mark.parametrize("content", ["", "{", "\x00\x01binary", "[1, 2]", '{"claims": 3}',
                                     '{"claims": {"a": {"resolution": 1}}}'])
def test_malformed_reports_give_one_line_and_exit_2(tmp_path: Path, content: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"profile": "verify", "claims": {}}))
    for argv in (["diff", str(bad), str(good)], ["diff", str(good), str(bad)],
                 ["cite", "mp.edges", "--report", str(bad)]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("rmtcheck: ")
        assert len(err.splitlines()) == 1
        assert "Traceback" not in err


def test_a_directory_or_missing_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path), str(tmp_path / "nope.json")]) == 2
    assert "no report" in capsys.readouterr().err


def _row(status: str, resolution: float | None, examples: int = 3) -> dict[str, Any]:
    return {"status": status, "resolution": resolution, "examples": examples, "formula_sha256": "f"}


def test_diff_nan_or_missing_resolution_is_a_regression(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.json"
    new = tmp_path / "new.json"
    old.write_text(json.dumps({"profile": "verify", "claims": {"a": _row("pass", 0.02)}}))
    for value in (math.nan, None, "0.02"):
        new.write_text(json.dumps({"profile": "verify", "claims": {"a": _row("pass", value)}}))
        assert main(["diff", str(old), str(new)]) == 1
        assert "REGRESSION" in capsys.readouterr().out


def test_diff_common_and_the_profile_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = tmp_path / "full.json"
    part = tmp_path / "part.json"
    both = {"a": _row("pass", 0.02), "b": _row("pass", 0.02)}
    full.write_text(json.dumps({"profile": "verify", "claims": both}))
    part.write_text(json.dumps({"profile": "ci", "claims": {"a": _row("pass", 0.021)}}))
    assert main(["diff", str(full), str(part)]) == 1
    captured = capsys.readouterr()
    assert "disappeared" in captured.out
    assert "warning" in captured.err
    assert main(["diff", str(full), str(part), "--common"]) == 0
    assert "0 regression(s)" in capsys.readouterr().out


# -- verify: replay, progress, read-only report, resume ----------------------------------------------------
def test_replay_hint_reproduces_the_run(toys: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "toy.first", "toy.third", "--seed", "5", "--report", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    hint = out.split("(replay: ", 1)[1].split(")", 1)[0]
    assert hint == "rmtcheck verify toy.first toy.third --profile ci --seed 5"
    argv = [*hint.split()[1:], "--report", str(tmp_path / "b")]
    assert main(argv) == 0
    assert _stable(_report(tmp_path / "a")["claims"]) == _stable(_report(tmp_path / "b")["claims"])


def test_verbose_prints_each_example(toys: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "toy.first", "-v", "--report", str(tmp_path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("toy.first")]
    assert len(lines) == 10


def test_progress_off_a_terminal_prints_plain_lines() -> None:
    stream = io.StringIO()
    progress = RunProgress(["a", "b"], {"a": 2.0, "b": 6.0}, stream=stream, interval=0.05)
    progress.start()
    progress.claim_started("a", 4)
    progress.example_done("a")
    time.sleep(0.3)
    progress.claim_done("a", 1.0)
    assert progress.eta() == pytest.approx(3.0)  # b expects 6 s, this machine ran a at half its expected time
    progress.stop()
    lines = stream.getvalue().splitlines()
    assert len(lines) >= 2
    assert lines[0].startswith("verify: 0/2 claims, 1/4 examples")
    assert "running a (1/4)" in lines[0]
    assert "ETA" in lines[0]
    assert "\r" not in stream.getvalue()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_unwritable_report_is_exit_2(toys: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    assert main(["verify", "toy.first", "--report", str(locked / "r")]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_impossible_report_location_is_exit_2(toys: None, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert main(["verify", "toy.first", "--report", str(blocker / "r")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the report" in err
    assert "Traceback" not in err


def test_a_hand_edited_evidence_line_is_refused_on_resume(toys: None, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "toy.first", "--report", str(tmp_path)]) == 0
    log = tmp_path / "evidence.jsonl"
    lines = log.read_text().splitlines()
    edited = json.loads(lines[-1])
    del edited["claim_id"]
    log.write_text("\n".join([*lines[:-1], json.dumps(edited)]) + "\n")
    assert main(["verify", "--resume", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "claim_id" in err
    assert "Traceback" not in err


def test_a_resumed_report_lists_its_sessions(toys: None, tmp_path: Path) -> None:
    """The run and each resume keep their start time, commit and the claims they finished (the report's own
    date, commit and wall time are the last session's)."""
    assert main(["verify", "toy.first", "toy.third", "--seed", "5", "--report", str(tmp_path)]) == 0
    single = _report(tmp_path)["sessions"]
    assert len(single) == 1
    assert single[0]["finished"] == 2
    assert "sessions (" not in (tmp_path / "verification.md").read_text()
    log = tmp_path / "evidence.jsonl"
    lines = log.read_text().splitlines()
    log.write_text("\n".join(lines[:-1]) + "\n")  # as if killed before the second claim finished
    assert main(["verify", "--resume", str(tmp_path)]) == 0
    sessions = _report(tmp_path)["sessions"]
    assert [s["finished"] for s in sessions] == [1, 1]
    assert sessions[0]["started"] == json.loads(lines[0])["started"]
    assert sessions[0]["started"] < sessions[1]["started"]
    assert "sessions (" in (tmp_path / "verification.md").read_text()


def _run(report: Path) -> int:
    return main(["verify", "--seed", "11", "--report", str(report)])


@pytest.mark.parametrize(("point", "count"), [("draw", 1), ("draw", 13), ("draw", 31), ("simulate", 1),
                                              ("simulate", 9), ("simulate", 25), ("save", 1), ("save", 3),
                                              ("log", 2)])
def test_an_interrupt_is_never_a_result(toys: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        point: str, count: int) -> None:
    """Ctrl-C while drawing, simulating or writing: exit 130, no claim recorded as finished that did not
    finish, and the resumed report equals an uninterrupted one."""
    assert _run(tmp_path / "whole") == 1  # toy.wrong fails: a failing claim is a result, exit 1
    whole = _report(tmp_path / "whole")

    import rmtcheck.evidence
    import rmtcheck.report

    def tripping(original: Callable[..., Any], name: str) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            _trip(name)
            return original(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(rmtcheck.report, "write_report", tripping(rmtcheck.report.write_report, "save"))
    monkeypatch.setattr(rmtcheck.evidence.EvidenceLog, "claim",
                        tripping(rmtcheck.evidence.EvidenceLog.claim, "log"))
    TRIPS[point] = count
    report = tmp_path / "cut"
    code = _run(report)
    assert code == 130
    TRIPS.clear()
    finished = [json.loads(line) for line in (report / "evidence.jsonl").read_text().splitlines()
                if '"kind":"claim"' in line]
    for line in finished:
        assert line["row"]["status"] in ("pass", "fail")
        assert line["row"]["examples"] == 10
    assert main(["verify", "--resume", str(report)]) == 1
    assert _stable(_report(report)["claims"]) == _stable(whole["claims"])


def test_cite_refuses_a_failing_claim_and_marks_ci_evidence(toys: None, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--seed", "2", "--report", str(tmp_path)]) == 1
    capsys.readouterr()
    assert main(["cite", "toy.wrong", "--report", str(tmp_path)]) == 1
    assert "status 'fail'" in capsys.readouterr().err
    out_file = tmp_path / "cert.json"
    assert main(["cite", "toy.first", "--report", str(tmp_path), "--out", str(out_file)]) == 0
    captured = capsys.readouterr()
    assert "ci" in captured.err
    assert "(ci-profile evidence)" in captured.out
    assert len(captured.out.splitlines()) < 30
    assert json.loads(out_file.read_text())["claim"]["id"] == "toy.first"
    assert main(["cite", "toy.first", "--report", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "pass"


def test_cite_uses_the_published_evidence_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "spiked.outlier"]) == 0
    out = capsys.readouterr().out
    assert "@article{baik2006," in out
    assert "% status pass" in out
    assert "certificate sha256" in out


def test_python_m_rmtcheck_entry(tmp_path: Path) -> None:
    import subprocess

    out = subprocess.run([sys.executable, "-m", "rmtcheck", "diff", str(tmp_path / "a"), str(tmp_path / "b")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 2
    assert out.stderr.startswith("rmtcheck: no report")


def test_eta_without_earlier_measurements_uses_the_claims_finished_so_far() -> None:
    progress = RunProgress(["a", "b", "c"], {}, stream=io.StringIO())
    assert progress.eta() is None
    progress.claim_started("a", 2)
    progress.claim_done("a", 4.0)
    assert progress.eta() == pytest.approx(8.0)
    progress.claim_started("b", 4)
    progress.example_done("b")
    assert progress.eta() == pytest.approx(7.0)
