"""Every workflow is a nox session. Torch is pinned to the local CPU build via constraints.txt."""

from __future__ import annotations

import os
import random

import nox

nox.options.sessions = ["lint", "typecheck", "docs", "tests"]
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True

CONSTRAINTS = ("-c", "constraints.txt")
PACKAGES = ("rmtcheck", "theory", "sim", "proofs_check")
PYTHON = "3.11"
# The test paths: the suite, and the pages and modules whose examples run as doctests.
DOCTESTED = ("tests", "docs/quickstart.md", "rmtcheck/claim.py", "rmtcheck/experiment.py", "rmtcheck/run.py")


def install(session: nox.Session, *extras: str, editable: bool = False) -> None:
    spec = f".[{','.join(extras)}]" if extras else "."
    session.install(*CONSTRAINTS, "torch==2.13.0")
    session.install(*CONSTRAINTS, *(("-e",) if editable else ()), spec)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and format check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "rmtcheck", "theory", "sim", "proofs_check", "tests", "benchmarks", "docs/_ext",
                "docs/conf.py", "noxfile.py")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the three packages."""
    install(session, "test", "report", "dask")
    session.install("mypy>=1.10")
    session.run("mypy", "--strict", *PACKAGES)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite under the derandomised Hypothesis profile ``ci``, on every core (pytest-xdist;
    derandomised examples do not depend on the worker). ``nox -s tests -- -n 0`` runs serially."""
    # editable: the doctests collect rmtcheck/ from the source tree, which must be the same modules that
    # discovery (the installed entry point) imports
    install(session, "test", "compare", "data", "docs", "dask", editable=True)
    session.run("pytest", "-q", "-n", "auto", "-W", "ignore::DeprecationWarning", "--doctest-plus",
                "--durations=15", "--doctest-glob=*.md", *(session.posargs or DOCTESTED),
                "--rmtcheck-profile=ci",
                # one torch/BLAS thread per xdist worker: two workers of two threads each
                # oversubscribe a 2-core machine (measured 7 min 46 s against 3 min 15 s)
                env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})


@nox.session(python=PYTHON)
def verify(session: nox.Session) -> None:
    """Verify every discovered claim (profile ``verify``) with the report figures into ``reports/``:
    ``rmtcheck verify --profile verify --figures``. Extra arguments go to ``rmtcheck verify``
    (claim ids, ``--family F``); ``RMTCHECK_SEED`` replays a run."""
    install(session, "test", "report", "data")
    seed = os.environ.get("RMTCHECK_SEED") or str(random.SystemRandom().randrange(2**32))
    session.log(f"root seed {seed} (replay with RMTCHECK_SEED={seed} nox -s verify)")
    session.run("rmtcheck", "verify", "--profile", "verify", "--figures", "--seed", seed, "--report", "reports",
                *session.posargs)
    session.log("report: reports/verification.md, reports/verification.json")


@nox.session(python=PYTHON)
def proofs(session: nox.Session) -> None:
    """The sympy derivation checks."""
    install(session)
    session.run("python", "-m", "proofs_check")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """pytest-benchmark timings, then rmtcheck against every installed peer on the same inputs,
    interleaved, in one run (benchmarks/compare_peers.py; the table, with its date and machine, is
    written to benchmarks/peers.md and is what the README quotes)."""
    install(session, "test", "compare", "peers", "data")
    session.run("pytest", "benchmarks", "--benchmark-enable", "--benchmark-only",
                "--benchmark-columns=min,median,mean,rounds", "-p", "no:cacheprovider",
                "-o", "addopts=", *session.posargs)
    session.run("python", "benchmarks/compare_peers.py", "--output", "benchmarks/peers.md",
                "--readme", "README.md",
                env={"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """The documentation site, offline, warnings as errors, into docs/_build/html (claim pages are
    generated from the registry and docs/evidence/); screenshots at 1280 px of the index, a family
    page, a claim page, the catalog and the bibliography are saved in the build
    (_static/screenshots/) where Chromium is installed."""
    install(session, "docs")
    session.run("python", "-m", "sphinx", "-E", "-b", "html", "-W", "-n", "--keep-going", "docs",
                "docs/_build/html")
    session.run("python", "docs/_ext/screenshot.py", "docs/_build/html")
    session.log("site: docs/_build/html/index.html")


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """Publish the latest verify run (reports/) to docs/evidence/ and README's claims table."""
    install(session)
    session.run("python", "-m", "rmtcheck.publish", "reports", "docs/evidence", "README.md")
