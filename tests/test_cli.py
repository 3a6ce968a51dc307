"""The ``rmtcheck`` command: list, cite (certificates) and diff (regressions between reports)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from rmtcheck.certificate import canonical_sha256, certificate, diff
from rmtcheck.claim import Claim
from rmtcheck.cli import bibtex_entry, main, references
from rmtcheck.experiment import Comparison, Outcome
from rmtcheck.plugins import discover
from rmtcheck.report import summarise


def get(claim_id: str) -> Claim:
    return discover(plugins=False).get(claim_id).claim


def ids() -> tuple[str, ...]:
    return discover(plugins=False).ids()


def _report(claim_id: str = "spiked.outlier", measured: float = 3.76) -> dict[str, Any]:
    claim = get(claim_id)
    own = (Comparison("outlier", measured, 3.75, 0.03),)
    wrong = {v.name: (Comparison("outlier", measured, 5.0, 0.03),) for v in claim.variants}
    outcome = Outcome(claim_id, {"p": 200, "n": 400}, 7, "cpu", 0.1, own, wrong, resolution_target=0.02)
    return {"date": "2026-11-24T00:00:00+00:00", "git_commit": "abc", "profile": "verify",
            "hypothesis_seed": "1", "device": "cpu", "versions": {"rmtcheck": "0.1.0"},
            "claims": json.loads(json.dumps(summarise([outcome], [c.claim for c in discover(plugins=False)]),
                                         default=str))}


def test_list_names_every_claim(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for claim_id in ids():
        assert claim_id in out


def test_certificate_hash_covers_every_field() -> None:
    report = _report()
    cert = certificate(get("spiked.outlier"), report)
    body = {k: v for k, v in cert.items() if k != "sha256"}
    assert cert["sha256"] == canonical_sha256(body)
    edited = copy.deepcopy(body)
    edited["examples"][0]["seed"] = 8
    assert canonical_sha256(edited) != cert["sha256"]
    assert cert["claim"]["formula"] == get("spiked.outlier").formula


def test_cite_refuses_missing_and_stale_evidence(tmp_path: Path) -> None:
    report = _report()
    report["claims"]["spiked.outlier"]["formula_sha256"] = "0" * 64
    with pytest.raises(ValueError, match="stale"):
        certificate(get("spiked.outlier"), report)
    with pytest.raises(ValueError, match="no evidence"):
        certificate(get("mp.edges"), report)


def test_cite_prints_bibtex_software_and_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "verification.json").write_text(json.dumps(_report()))
    assert main(["cite", "spiked.outlier", "--report", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "@article{baik2006," in out
    assert "@software{rmtcheck," in out
    assert main(["cite", "spiked.outlier", "--report", str(tmp_path), "--json"]) == 0
    cert = json.loads(capsys.readouterr().out)
    assert cert["claim"]["id"] == "spiked.outlier"
    assert main(["cite", "mp.nope", "--report", str(tmp_path)]) == 2


def test_bibtex_entry_is_brace_matched() -> None:
    entry = bibtex_entry("paul2007", references())
    assert entry is not None
    assert entry.startswith("@article{paul2007,")
    assert entry.count("{") == entry.count("}")
    assert bibtex_entry("nope", references()) is None


def test_diff_flags_regressions_and_not_improvements(tmp_path: Path) -> None:
    old = _report()
    assert diff(old, old) == []
    worse = copy.deepcopy(old)
    row = worse["claims"]["spiked.outlier"]
    row["status"] = "fail"
    row["resolution"] = 2.0 * old["claims"]["spiked.outlier"]["resolution"]
    row["formula_sha256"] = "f" * 64
    del worse["claims"]["mp.edges"]
    kinds = {(c.claim_id, c.kind): c.regression for c in diff(old, worse)}
    assert kinds == {("spiked.outlier", "status"): True, ("spiked.outlier", "resolution"): True,
                     ("spiked.outlier", "formula"): True, ("mp.edges", "disappeared"): True}
    better = diff(worse, old)
    assert not any(c.regression for c in better if c.kind in ("status", "resolution"))
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(worse))
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 1
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "old.json")]) == 0
