"""The execution engines: the same report at any scale, and nothing lost.

* serial vs ``--workers 2`` (a LocalCluster, one of whose workers is killed mid-run) vs a real
  cluster (``dask scheduler`` + two ``dask worker`` processes on 127.0.0.1 through ``--scheduler``):
  the reports agree number for number (wall times aside) at equal torch thread counts;
* a run interrupted by SIGINT (partial report valid, exit 130), resumed, killed by SIGKILL, resumed
  again: no claim is computed twice and the final report equals the uninterrupted one; a resume
  under another seed or profile is refused;
* the serial engine imports no Dask; the progress bar is silent off a terminal.

Cheap built-in claims under the ``ci`` profile keep the file within about a minute on 2 cores.
"""

from __future__ import annotations

import io
import json
import math
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import torch

from rmtcheck.cli import main
from rmtcheck.engine import Progress

REPO = Path(__file__).resolve().parents[1]
CLAIMS = ("mp.esd", "mp.atom", "mp.moments", "mp.stieltjes")  # discovery order
ENV = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "RMTCHECK_NO_PLUGINS": "1"}


def numbers(value: Any) -> Any:
    """A report's claims without their wall times (the only fields allowed to differ)."""
    if isinstance(value, dict):
        return {k: numbers(v) for k, v in value.items() if k != "wall_time_s"}
    if isinstance(value, list):
        return [numbers(v) for v in value]
    return value


def report_claims(directory: Path) -> dict[str, Any]:
    claims: dict[str, Any] = json.loads((directory / "verification.json").read_text())["claims"]
    return claims


def claim_lines(directory: Path) -> list[dict[str, Any]]:
    lines = (directory / "evidence.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if '"kind":"claim"' in line]


@pytest.fixture(scope="module")
def one_thread() -> Iterator[None]:
    """torch threads of this process = those of a worker (BLAS reductions depend on the count)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory, one_thread: None) -> dict[str, Any]:
    """The uninterrupted serial report of CLAIMS (root seed 0, ci)."""
    out = tmp_path_factory.mktemp("serial")
    assert main(["verify", *CLAIMS, "--profile", "ci", "--report", str(out)]) == 0
    claims = report_claims(out)
    assert list(claims) == list(CLAIMS)
    assert [line["claim_id"] for line in claim_lines(out)] == list(CLAIMS)
    return numbers(claims)  # type: ignore[no-any-return]


def test_serial_engine_imports_no_dask() -> None:
    code = ("import sys, rmtcheck.cli, rmtcheck.engine as e\n"
            "eng = e.make_engine()\n"
            "assert type(eng).__name__ == 'SerialEngine', eng\n"
            "assert e.map_grid(abs, [-1, 2, -3]) == [1, 2, 3]\n"
            "assert not {'dask', 'distributed'} & set(sys.modules), 'dask imported'\n")
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, timeout=120)


def test_progress_bar_counts_and_is_quiet_off_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term, pipe = Terminal(), io.StringIO()
    for stream in (term, pipe):
        bar = Progress(4, label="verify", stream=stream)
        bar.update(2, 1)
        bar.clear()
    assert "verify [" in term.getvalue()
    assert "2/4 done, 1 running, ETA 0:00:0" in term.getvalue()
    assert pipe.getvalue() == ""


def _worker_processes() -> list[int]:
    """The live worker processes of a LocalCluster started by this process (skipping children that
    exit or turn zombie while they are listed)."""
    import psutil

    pids = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and any("spawn_main" in part for part in child.cmdline()):
                pids.append(child.pid)
        except psutil.Error:
            continue
    return pids


def test_workers_equal_serial_with_a_worker_killed(tmp_path: Path, serial: dict[str, Any]) -> None:
    """``--workers 2``: a worker is SIGKILLed while both are busy; it is replaced, its claim rerun,
    and the report equals the serial one number for number."""
    pytest.importorskip("distributed")
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            path = tmp_path / "evidence.jsonl"
            if path.exists() and path.read_text().count('"kind":"claim"') >= 1:
                for pid in _worker_processes():
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        continue
                    killed.append(pid)
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_worker, daemon=True)
    killer.start()
    code = main(["verify", *CLAIMS, "--profile", "ci", "--report", str(tmp_path), "--workers", "2"])
    killer.join(timeout=5)
    lines = claim_lines(tmp_path)
    seen = [(line["claim_id"], line["worker"], line["row"]["status"], line["engine_error"]) for line in lines]
    assert code == 0, f"killed {killed}; evidence {seen}"
    assert killed, "no worker process was found to kill"
    assert numbers(report_claims(tmp_path)) == serial
    assert sorted(line["claim_id"] for line in lines) == sorted(CLAIMS), seen
    assert all(line["torch_threads"] == 1 and not line["engine_error"] for line in lines), seen
    assert {line["worker"].split(":")[1] for line in lines} != {str(os.getpid())}  # ran on workers


def _cli(directory: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "rmtcheck.cli", "verify", *extra, "--report", str(directory)],
                            env=ENV, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _interrupt_after(proc: subprocess.Popen[bytes], directory: Path, claims: int, sig: int) -> int:
    """Send ``sig`` once ``directory/evidence.jsonl`` holds ``claims`` claim lines; the exit code."""
    path, deadline = directory / "evidence.jsonl", time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if path.exists() and path.read_text().count('"kind":"claim"') >= claims:
            proc.send_signal(sig)
            break
        time.sleep(0.01)
    return proc.wait(timeout=60)


def test_interrupt_kill_and_resume(tmp_path: Path, serial: dict[str, Any]) -> None:
    """SIGINT after one claim (valid partial report, exit 130); resume, SIGKILL after one more;
    resume to the end: every claim computed once, earlier lines untouched, report = serial."""
    first = _interrupt_after(_cli(tmp_path, *CLAIMS, "--profile", "ci"), tmp_path, 1, signal.SIGINT)
    assert first == 130
    partial = report_claims(tmp_path)
    done_first = [line["claim_id"] for line in claim_lines(tmp_path)]
    assert 1 <= len(partial) < len(CLAIMS)
    assert list(partial) == done_first
    assert all(numbers(partial)[cid] == serial[cid] for cid in partial)
    log_first = (tmp_path / "evidence.jsonl").read_text()

    second = _interrupt_after(_cli(tmp_path, "--resume", str(tmp_path)), tmp_path, len(done_first) + 1,
                              signal.SIGKILL)
    assert second == -signal.SIGKILL
    log_second = (tmp_path / "evidence.jsonl").read_text()
    assert log_second.startswith(log_first)
    done_second = [line["claim_id"] for line in claim_lines(tmp_path)]
    assert len(done_first) < len(done_second) < len(CLAIMS)

    assert main(["verify", "--resume", str(tmp_path)]) == 0
    assert (tmp_path / "evidence.jsonl").read_text().startswith(log_second)
    lines = claim_lines(tmp_path)
    assert sorted(line["claim_id"] for line in lines) == sorted(CLAIMS)  # nothing computed twice
    final = report_claims(tmp_path)
    assert list(final) == list(CLAIMS)
    assert numbers(final) == serial


def test_resume_refuses_another_seed_or_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = {"kind": "run", "profile": "ci", "cuda": False, "root_seed": 0, "claims": ["mp.atom"], "started": "-"}
    (tmp_path / "evidence.jsonl").write_text(json.dumps(line) + "\n")
    assert main(["verify", "--resume", str(tmp_path), "--seed", "5"]) == 2
    assert "root seed 0" in capsys.readouterr().err
    assert main(["verify", "--resume", str(tmp_path), "--profile", "verify"]) == 2
    assert "profile 'ci'" in capsys.readouterr().err
    assert main(["verify", "--resume", str(tmp_path / "nowhere")]) == 2
    assert "no " in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_cluster_through_scheduler(tmp_path: Path, serial: dict[str, Any]) -> None:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1; ``--scheduler`` runs two
    claims there (report = serial); ``map_grid`` keeps the order of its points, and points of the RFF
    figure's sweep give the same numbers on the cluster as in this process."""
    distributed = pytest.importorskip("distributed")
    from rmtcheck.engine import DaskEngine
    from rmtcheck.families.rff.figures import double_descent_point, double_descent_points

    address = f"tcp://127.0.0.1:{_free_port()}"
    dask = [sys.executable, "-m", "dask"]
    procs = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                               "--no-dashboard"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        procs += [subprocess.Popen([*dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                    "--no-dashboard"], env=ENV, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL) for _ in range(2)]
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        chosen = CLAIMS[1:3]
        assert main(["verify", *chosen, "--profile", "ci", "--report", str(tmp_path), "--scheduler", address]) == 0
        assert numbers(report_claims(tmp_path)) == {cid: serial[cid] for cid in chosen}
        here = f"{socket.gethostname()}:{os.getpid()}"
        assert here not in {line["worker"] for line in claim_lines(tmp_path)}
        sweep = [p for p in double_descent_points() if p[0] == "sim" and p[1] == "gaussian_mixture"][:3]
        with DaskEngine(scheduler=address) as engine:
            assert engine.slots() == 2
            assert engine.map_grid(math.sqrt, [1.0, 4.0, 9.0, 16.0]) == [1.0, 2.0, 3.0, 4.0]
            assert engine.map_grid(double_descent_point, sweep) == [double_descent_point(p) for p in sweep]
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
