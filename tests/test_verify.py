"""The check API and the runner: validation, claim seeds, statuses (error included), reports."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch
from hypothesis import strategies as st

from rmtcheck.check import Check
from rmtcheck.claim import Claim, Predictor, Variant
from rmtcheck.experiment import Comparison
from rmtcheck.plugins import Discovery, discover
from rmtcheck.profiles import get_profile
from rmtcheck.report import write_report
from rmtcheck.run import claim_seed, draw_examples, verify_check

sys.path.insert(0, str(Path(__file__).resolve().parent / "data" / "wigner_example"))
import wigner_example


@dataclass(frozen=True)
class Exploding:
    """An experiment that raises on its third example."""

    def simulate(self, params: int, gen: torch.Generator) -> int:
        if params >= 3:
            raise RuntimeError("simulation blew up")
        return params

    def compare(self, sample: int, params: int, predict: Predictor) -> tuple[Comparison, ...]:
        return (Comparison("value", float(sample), float(predict(sample)), 0.5),)


def _claim() -> Claim:
    return Claim(id="toy.identity", statement="x = x", formula="x", citation="none", source="-",
                 assumptions=(), regime="-", predict=lambda x: x,
                 variants=(Variant("plus_one", "x + 1", lambda x: x + 1),
                           Variant("double", "2x", lambda x: 2 * x + 1)))


def test_check_validates_its_parts() -> None:
    with pytest.raises(TypeError, match="claim"):
        Check("mp.edges", Exploding(), st.just(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="simulate"):
        Check(_claim(), object(), st.just(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="examples"):
        Check(_claim(), Exploding(), st.just(1), examples=0.0)
    with pytest.raises(ValueError, match="resolution_target"):
        Check(_claim(), Exploding(), st.just(1), resolution_target=2.0)


def test_claim_seed_depends_on_root_and_id_only() -> None:
    assert claim_seed(5, "mp.edges") == claim_seed(5, "mp.edges")
    assert claim_seed(5, "mp.edges") != claim_seed(6, "mp.edges")
    assert claim_seed(5, "mp.edges") != claim_seed(5, "mp.atom")
    with pytest.raises(ValueError, match="root seed"):
        claim_seed(-1, "mp.edges")


def test_a_raising_check_is_an_error_with_its_traceback(tmp_path: Path) -> None:
    check = Check(_claim(), Exploding(), st.integers(0, 5))
    result = verify_check(check, get_profile("ci", cuda=False))
    assert result.status == "error"
    assert result.error is not None
    assert "simulation blew up" in result.error
    good = verify_check(Check(_claim(), Exploding(), st.integers(0, 2)), get_profile("ci", cuda=False))
    assert good.status == "pass"
    payload = write_report(tmp_path, {check.id: result.row()}, profile="ci", hypothesis_seed="0", wall_time=1.0)
    assert payload["claims"]["toy.identity"]["status"] == "error"
    assert "simulation blew up" in (tmp_path / "verification.md").read_text()
    assert json.loads((tmp_path / "verification.json").read_text())["claims"]["toy.identity"]["error"]


def test_same_root_seed_same_draws() -> None:
    profile = get_profile("verify", cuda=False)
    check = Check(_claim(), Exploding(), st.integers(0, 2), examples=0.2)
    first = verify_check(check, profile, root_seed=11)
    again = verify_check(check, profile, root_seed=11)
    assert [(o.params, o.seed) for o in first.outcomes] == [(o.params, o.seed) for o in again.outcomes]


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("wall_time_s", "error")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


@pytest.mark.parametrize("top", [5, 2])
def test_examples_run_apart_assemble_to_the_serial_row(top: int) -> None:
    """The Dask engine's split (one task per example, results back in any order) gives the serial row:
    the same draws, and on an error the outcomes before the first example that raised, and its traceback."""
    from rmtcheck.engine import ClaimTask, ExampleDone, _Split
    from rmtcheck.run import run_example

    profile = get_profile("ci", cuda=False)
    check = Check(_claim(), Exploding(), st.integers(0, top))
    serial = verify_check(check, profile, root_seed=3)
    examples = draw_examples(check, profile, root_seed=3)
    assert [e.sim_seed for e in examples][:len(serial.outcomes)] == [o.seed for o in serial.outcomes]
    results: dict[int, ExampleDone] = {}
    for index in reversed(range(len(examples))):  # a cluster returns them in any order
        outcome, error = None, None
        try:
            outcome = run_example(check, examples[index], profile)
        except RuntimeError as exc:
            error = f"Traceback (on a worker): {exc}"
        results[index] = ExampleDone(index, outcome, error, 0.1, "w:1", 1)
    done = _Split(ClaimTask(check, profile, 3), len(examples), 0.0, results).done()
    assert _without_times(done.row()) == _without_times(serial.row())
    assert (done.error is None) == (serial.error is None)
    if serial.error is not None:
        assert done.error is not None
        assert "simulation blew up" in done.error


def test_wrong_formula_fails_and_equal_variants_have_no_power() -> None:
    profile = get_profile("ci", cuda=False)
    assert verify_check(wigner_example.WRONG_CHECK, profile).status == "fail"
    assert verify_check(wigner_example.POWERLESS_CHECK, profile).status == "no power"


def test_discovery_lists_builtins_and_selects() -> None:
    found = discover(plugins=False)
    assert isinstance(found, Discovery)
    assert "mp.edges" in found.ids()
    assert all(c.origin == "built-in" for c in found)
    assert {c.family for c in found.select(families=["mp"])} == {"mp"}
    with pytest.raises(KeyError, match="unknown claim id"):
        found.select(["nope.nothing"])
    with pytest.raises(KeyError, match="unknown family"):
        found.select(families=["nope"])


def test_profiles_pick_sizes_and_refuse_unknown_names() -> None:
    sizes: dict[str, Any] = {"ci": 1, "verify": 2, "verify-cuda": 3}
    assert get_profile("ci", cuda=True).pick(sizes) == 1
    assert get_profile("verify", cuda=True).pick(sizes) == 3
    assert get_profile("verify", cuda=False).pick({"ci": 1, "verify": 2}) == 2
    with pytest.raises(ValueError, match="profile"):
        get_profile("fast")
