"""``python -m proofs_check``: run every symbolic check; exit 1 if any fails."""

from __future__ import annotations

import sys

from proofs_check import adam_checks, heavy_tails_checks, mp_checks, rff_checks, spiked_checks

CHECKS = (*mp_checks.CHECKS, *spiked_checks.CHECKS, *heavy_tails_checks.CHECKS, *rff_checks.CHECKS,
          *adam_checks.CHECKS)


def main() -> int:
    failed = 0
    for check in CHECKS:
        result = check()
        print(f"[{'ok' if result.holds else 'FAIL'}] {result.name}: {result.statement} {result.detail}")
        failed += not result.holds
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
