"""``python -m rmtcheck``: the command line (:mod:`rmtcheck.cli`)."""

from __future__ import annotations

import sys

from rmtcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
