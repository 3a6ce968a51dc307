"""The built-in catalog (discovered checks): every claim is complete, cited, and documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rmtcheck.claim import Claim, Variant
from rmtcheck.families import CATALOG_ORDER, family_modules
from rmtcheck.plugins import discover

CHECKS = discover(plugins=False)


def claims() -> tuple[Claim, ...]:
    return tuple(c.claim for c in CHECKS)


def ids() -> tuple[str, ...]:
    return CHECKS.ids()

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
    assert CHECKS.get("mp.edges").family == "mp"
    assert "mp.esd" in ids()
    with pytest.raises(KeyError, match="known"):
        CHECKS.get("mp.nope")


def test_claim_prefix_is_its_family_folder_and_catalog_order() -> None:
    """Each claim id's prefix names the folder ``rmtcheck/families/<prefix>`` holding it; the catalog
    lists the families in ``CATALOG_ORDER``."""
    assert family_modules()[: len(CATALOG_ORDER)] == CATALOG_ORDER
    assert CHECKS.families() == tuple(f for f in family_modules() if f in CHECKS.families())
    for check in CHECKS:
        assert type(check.experiment).__module__.startswith(f"rmtcheck.families.{check.family}."), check.id


def test_claim_requires_two_variants() -> None:
    with pytest.raises(ValueError, match="two wrong variants"):
        Claim("x.y", "s", "f", "k", "src", (), "r", abs, (Variant("v", "d", abs),))


def test_theory_does_not_import_torch() -> None:
    code = "import sys, theory, theory.mp, theory.tracy_widom, theory.spiked; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == "False"
