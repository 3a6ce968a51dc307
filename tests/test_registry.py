"""The registry: every claim is complete, cited, and documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from theory.claim import Claim, Variant
from theory.registry import REGISTRY, claims, get, ids

ROOT = Path(__file__).resolve().parents[1]


def bib_keys() -> set[str]:
    text = (ROOT / "docs" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\{([^,]+),", text))


@pytest.mark.parametrize("claim", claims(), ids=ids())
def test_claim_is_complete_and_cited(claim: Claim) -> None:
    assert claim.citation in bib_keys()
    for text in (claim.statement, claim.formula, claim.source, claim.regime):
        assert text
    assert len(claim.variants) >= 2
    assert (ROOT / "docs" / f"{claim.family}.md").exists()


@pytest.mark.parametrize("claim", claims(), ids=ids())
def test_claim_declares_a_resolution_target_and_a_near_miss(claim: Claim) -> None:
    """Issue 12: every claim states the smallest formula error it must catch (with why); every
    claim but a trend registers at least one near-miss variant besides the gross ones."""
    assert claim.resolution_target is not None
    assert claim.resolution_basis
    if claim.kind != "trend":
        assert claim.near_misses, f"{claim.id} registers no near-miss variant"
    assert len(claim.variants) > len(claim.near_misses), f"{claim.id} registers no gross variant"


def test_resolution_target_is_validated() -> None:
    variants = (Variant("v", "d", abs), Variant("w", "d", abs))
    with pytest.raises(ValueError, match="resolution_target"):
        Claim("x.y", "s", "f", "k", "src", (), "r", abs, variants, resolution_target=1.5,
              resolution_basis="b")
    with pytest.raises(ValueError, match="resolution_basis"):
        Claim("x.y", "s", "f", "k", "src", (), "r", abs, variants, resolution_target=0.02)


def test_lookup_and_errors() -> None:
    assert get("mp.edges").family == "mp"
    assert "mp.esd" in REGISTRY
    with pytest.raises(KeyError, match="known"):
        get("mp.nope")


def test_claim_requires_two_variants() -> None:
    with pytest.raises(ValueError, match="two wrong variants"):
        Claim("x.y", "s", "f", "k", "src", (), "r", abs, (Variant("v", "d", abs),))


def test_python_m_theory_prints_catalog() -> None:
    out = subprocess.run([sys.executable, "-m", "theory"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout
    for claim_id in ids():
        assert claim_id in out


def test_theory_does_not_import_torch() -> None:
    code = "import sys, theory.registry, theory.mp, theory.tracy_widom; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "False"
