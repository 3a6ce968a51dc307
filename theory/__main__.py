"""``python -m theory [--markdown]``: print the claim catalog."""

from __future__ import annotations

import argparse

from theory.catalog import markdown_page, text_table
from theory.registry import claims


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m theory", description=__doc__)
    parser.add_argument("--markdown", action="store_true", help="print the Markdown page")
    parser.add_argument("--output", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    text = markdown_page(claims()) if args.markdown else text_table(claims())
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
