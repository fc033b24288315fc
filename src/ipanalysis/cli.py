"""The ``ipanalysis`` command: validate and process the curated data, build the reports.

Data errors print one line per problem (``file:line: column: what is wrong``) and exit 1,
never with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ipanalysis.errors import DataError
from ipanalysis.paths import PROCESSED_DIR, RAW_DIR, SEEDS_DIR, display_path


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=RAW_DIR,
                        help="folder of the curated CSVs (default: data/raw)")
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR,
                        help="folder of the article texts; each literal is looked up in its "
                             "paragraph when it exists (default: ../shared/seeds)")


def _cmd_validate(args: argparse.Namespace) -> int:
    from ipanalysis.validate import load_raw

    raw = load_raw(args.raw_dir, args.seeds_dir)
    print(f"ok: {len(raw.figures)} figures from {len(raw.sources)} sources, "
          f"{len(raw.metrics)} metrics")
    return 0


def _cmd_process(args: argparse.Namespace) -> int:
    from ipanalysis.process import process

    written = process(args.raw_dir, args.out_dir, args.seeds_dir)
    for path in written.values():
        print(f"wrote {display_path(path)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipanalysis",
        description="Curated figures on China's IP statistics: validate the raw CSVs, write "
                    "the processed tables, build the reports.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = sub.add_parser(
        "validate", help="check data/raw/ and report every problem, one per line",
        description="Check every raw table (schema, ids, references, literals against values, "
                    "provenance in the articles) and print all problems at once.")
    _add_data_options(validate)
    validate.set_defaults(func=_cmd_validate)
    process = sub.add_parser(
        "process", help="validate, then write data/processed/ (nothing written on error)",
        description="Validate data/raw/, normalise units, scales and qualifier bounds, and "
                    "write the tidy tables atomically.")
    _add_data_options(process)
    process.add_argument("--out-dir", type=Path, default=PROCESSED_DIR,
                         help="where to write the tables (default: data/processed)")
    process.set_defaults(func=_cmd_process)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); nothing written.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
