"""``python -m proofs_check``: run the sympy checks (``PROOFS``) of every family; exit 1 if any fails."""

from __future__ import annotations

import sys

from proofs_check import proofs


def main() -> int:
    failed = 0
    for check in proofs():
        result = check()
        print(f"[{'ok' if result.holds else 'FAIL'}] {result.name}: {result.statement} {result.detail}")
        failed += not result.holds
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
