"""Installing rmtcheck changes nothing else in a user's environment (issue 23, item 4), and the house has
no import cycle and no upward import (item 2).

The pytest tests run ``python -m pytest`` in a fresh directory with the interpreter that has rmtcheck
installed (its ``pytest11`` entry point therefore loads, as in any user's project), and check what the
user's own tests see.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("rmtcheck", "sim", "theory", "proofs_check")
# Deprecated aliases of moved modules (removed in 0.3). They resolve their target with
# importlib.import_module at first attribute access and hold no import statement of it.
ALIASES = {"sim.check", "sim.harness", "sim.profiles", "sim.testing", "theory.claim"}


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HYPOTHESIS_PROFILE")}
    env["OMP_NUM_THREADS"] = "1"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-p", "no:randomly", *args], cwd=project, capture_output=True, text=True, env=env,
                          timeout=600, check=False)


def _write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def test_the_plugin_leaves_an_unrelated_hypothesis_test_alone(tmp_path: Path) -> None:
    """No conftest: the settings an unrelated @given test sees are exactly those it sees with rmtcheck's plugin
    disabled (Hypothesis's defaults, or its own "ci" profile where a CI variable is set), and pytest
    start-up imported neither torch nor sim."""
    _write(tmp_path, {"test_user.py": """
        import json, os, sys
        from hypothesis import given, settings, strategies as st

        SEEN = []

        def test_nothing_heavy_was_imported_at_start_up():
            assert "torch" not in sys.modules
            assert not any(m == "sim" or m.startswith("sim.") for m in sys.modules)

        @given(st.integers())
        def test_defaults(x):
            SEEN.append(x)
            current = settings.default
            with open(os.environ["SETTINGS_OUT"], "w") as out:
                json.dump({"max_examples": current.max_examples, "deadline": str(current.deadline),
                           "derandomize": current.derandomize, "database": str(current.database)}, out)

        def test_count():
            assert len(SEEN) >= 10
    """})
    seen = {}
    for label, extra in (("with", ()), ("without", ("-p", "no:rmtcheck"))):
        out = tmp_path / f"settings-{label}.json"
        os.environ["SETTINGS_OUT"] = str(out)
        try:
            result = _pytest(tmp_path, "test_user.py", *extra)
        finally:
            del os.environ["SETTINGS_OUT"]
        assert result.returncode == 0, result.stdout + result.stderr
        assert "3 passed" in result.stdout
        seen[label] = out.read_text()
    assert seen["with"] == seen["without"]


def test_a_user_profile_named_ci_keeps_its_settings(tmp_path: Path) -> None:
    _write(tmp_path, {
        "conftest.py": """
            from hypothesis import settings
            settings.register_profile("ci", max_examples=1000)
            settings.load_profile("ci")
        """,
        "test_user.py": """
            from hypothesis import given, settings, strategies as st

            SEEN = []

            @given(st.integers())
            def test_theirs(x):
                SEEN.append(x)
                assert settings.default.max_examples == 1000

            def test_count():
                assert len(SEEN) > 100
        """})
    result = _pytest(tmp_path, "test_user.py", "--rmtcheck-profile", "ci")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_project_with_its_own_sim_package_runs_pytest(tmp_path: Path) -> None:
    _write(tmp_path, {"sim/__init__.py": "VALUE = 'the users own sim'\n",
                      "test_mine.py": """
                          import sim

                          def test_own_sim():
                              assert sim.VALUE == "the users own sim"
                      """})
    result = _pytest(tmp_path, "test_mine.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_check_test_runs_under_the_chosen_profile_beside_user_tests(tmp_path: Path) -> None:
    """``check_test`` uses rmtcheck's profile for its own draws; the user's @given test in the same file
    keeps the user's settings."""
    example = ROOT / "tests" / "data" / "wigner_example"
    _write(tmp_path, {
        "conftest.py": """
            from hypothesis import settings
            settings.register_profile("mine", max_examples=37)
            settings.load_profile("mine")
        """,
        "test_both.py": """
            from hypothesis import given, settings, strategies as st
            from rmtcheck import check_test, get_profile
            from wigner_example import CHECK

            test_wigner = check_test(CHECK)
            SEEN = []

            @given(st.integers())
            def test_mine(x):
                SEEN.append(x)
                assert settings.default.max_examples == 37

            def test_count():
                assert len(SEEN) == 37

            def test_profile(rmtcheck_session):
                assert rmtcheck_session.profile.name == "ci"
                assert rmtcheck_session.results["wigner.outlier"].outcomes
                expected = get_profile("ci").examples(CHECK.examples)
                assert len(rmtcheck_session.results["wigner.outlier"].outcomes) == expected
        """})
    env_path = str(example)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "test_both.py",
         "--rmtcheck-profile", "ci"], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}, "PYTHONPATH": env_path,
             "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


# -- the import graph -----------------------------------------------------------------------------------
def _modules() -> Iterator[tuple[str, Path]]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


KNOWN = {module for module, _ in _modules()}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(module: str, path: Path) -> set[str]:
    """Every module imported by ``path`` (at any depth: lazy imports inside functions count; imports
    under ``if TYPE_CHECKING:`` do not), resolved to the longest known module name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import module`` depends on the module (its package is initialised first in
            # any case); ``from module import name`` on the module
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in KNOWN else base for a in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    modules = dict(_modules())
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for name in _imports(module, path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for v in graph:
        if v not in index:
            strong(v)
    return out


def test_no_import_cycle() -> None:
    graph = _graph()
    assert _cycles(graph) == []


def _top(name: str) -> str:
    return name.split(".", 1)[0]


@pytest.mark.parametrize(("layer", "forbidden"), [
    ("theory", {"sim", "rmtcheck", "proofs_check", "torch"}),
    ("sim", {"rmtcheck", "proofs_check"}),
    ("proofs_check", {"sim", "rmtcheck", "torch"}),
])
def test_layers_import_only_downwards(layer: str, forbidden: set[str]) -> None:
    modules = dict(_modules())
    bad = {module: sorted(n for n in _imports(module, path) if _top(n) in forbidden)
           for module, path in modules.items() if _top(module) == layer and module not in ALIASES}
    assert {m: names for m, names in bad.items() if names} == {}


def test_the_framework_never_names_its_families() -> None:
    """Only the families themselves (and the entry point in pyproject.toml) name rmtcheck.families."""
    modules = dict(_modules())
    naming = sorted(module for module, path in modules.items()
                    if module.startswith("rmtcheck") and not module.startswith("rmtcheck.families")
                    and any(n.startswith("rmtcheck.families") for n in _imports(module, path)))
    assert naming == []


def test_public_namespace_and_python_m() -> None:
    code = ("import sys, rmtcheck; assert 'torch' not in sys.modules; "
            "names = [getattr(rmtcheck, n) for n in rmtcheck.__all__]; print(len(names))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert int(out.stdout) == len(__import__("rmtcheck").__all__)
    listed = subprocess.run([sys.executable, "-m", "rmtcheck", "list", "--family", "mp"], capture_output=True,
                            text=True, timeout=300, check=False, env={**os.environ, "RMTCHECK_NO_PLUGINS": "1"})
    assert listed.returncode == 0, listed.stderr
    assert "mp.edges" in listed.stdout


def test_version_does_not_import_torch() -> None:
    code = ("import sys; from rmtcheck.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "assert 'torch' not in sys.modules, 'torch imported'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("rmtcheck ")


def test_discovery_list_help_and_version_import_no_torch() -> None:
    """Listing the claims needs their records only: the families import torch and the simulators in the
    functions that simulate (issue 25), so discovery, ``list`` (all, or one family), ``--help`` and
    ``--version`` import no torch module (``python -m rmtcheck list`` checked with ``-X importtime``)."""
    env = {**os.environ, "RMTCHECK_NO_PLUGINS": "1"}
    timed = subprocess.run([sys.executable, "-X", "importtime", "-m", "rmtcheck", "list"], capture_output=True,
                           text=True, timeout=300, check=False, env=env)
    assert timed.returncode == 0, timed.stderr[-2000:]
    assert "mp.edges" in timed.stdout
    assert "scaling." in timed.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines() if "|" in line]
    assert any(m.startswith("rmtcheck.families.adam.") for m in imported)
    assert [m for m in imported if m == "torch" or m.startswith("torch.")] == []
    code = textwrap.dedent("""
        import contextlib, io, sys
        from rmtcheck.cli import main
        from rmtcheck.plugins import discover
        assert len(discover().checks) > 0
        with contextlib.redirect_stdout(io.StringIO()) as out:
            for argv in (["list"], ["list", "--family", "spiked"], ["--help"], ["--version"]):
                try:
                    assert main(argv) == 0, argv
                except SystemExit as stop:
                    assert stop.code in (0, None), argv
        assert "spiked.outlier" in out.getvalue()
        heavy = sorted(m for m in sys.modules if m.split(".")[0] == "torch")
        assert heavy == [], heavy[:5]
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False,
                         env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("ok")


def test_deprecated_paths_warn_and_still_work() -> None:
    code = textwrap.dedent("""
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from sim.check import Check, discover
            from sim.harness import Comparison
            from sim.profiles import get_profile
            from sim.testing import check_test
            from theory.claim import Claim, Variant
        import rmtcheck
        assert Check is rmtcheck.Check and Claim is rmtcheck.Claim and Comparison is rmtcheck.Comparison
        assert discover is rmtcheck.discover and check_test is rmtcheck.check_test
        print(sum(issubclass(w.category, DeprecationWarning) for w in caught))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 5
