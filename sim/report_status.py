"""``python -m sim.report_status REPORT``: exit 1 if any claim failed in a verify report."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> int:
    payload = json.loads(Path(path).read_text())
    failed = [cid for cid, row in payload["claims"].items() if row["status"] != "pass"]
    for cid, row in payload["claims"].items():
        res, target = row.get("resolution"), row.get("resolution_target")
        shown = "—" if res is None else f"{100 * res:.2g}%"
        goal = "—" if target is None else f"{100 * target:.2g}%"
        print(f"{cid:26s} {row['status']:8s} {row['passed']}/{row['examples']} examples, "
              f"resolution {shown} (target {goal})")
    if failed:
        print("not verified: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "reports/verification.json"))
