"""The ``ipanalysis`` command: validate and process the curated data, build the reports.

Data errors print one line per problem (``file:line: column: what is wrong``) and exit 1,
never with a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ipanalysis.build import add_build_parser
from ipanalysis.errors import DataError
from ipanalysis.paths import (
    PROCESSED_DIR,
    RAW_DIR,
    SEEDS_DIR,
    display_path,
    missing_seeds_message,
)
from ipanalysis.publish.command import add_publish_parser

if TYPE_CHECKING:
    from ipanalysis.curation.coverage import Coverage
    from ipanalysis.ingest.validate import RawData


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--raw-dir", type=Path, default=RAW_DIR,
                        help="folder of the curated CSVs (default: data/raw)")
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR,
                        help="folder of the article texts; each literal is looked up in its "
                             "paragraph when it exists (default: $IPANALYSIS_SEEDS, else "
                             "../shared/seeds beside the project)")


def _note_missing_seeds(args: argparse.Namespace) -> None:
    """Say in one line (on stderr) that the articles were not at hand, so provenance was not
    checked; validation itself still passes or fails on everything else."""
    message = missing_seeds_message(args.seeds_dir)
    if message:
        print(f"note: {message}", file=sys.stderr)


def _cmd_validate(args: argparse.Namespace) -> int:
    from ipanalysis.ingest.validate import load_raw

    _note_missing_seeds(args)
    raw = load_raw(args.raw_dir, args.seeds_dir)
    print(f"ok: {len(raw.figures)} figures from {len(raw.sources)} sources, "
          f"{len(raw.metrics)} metrics")
    return 0


def _cmd_process(args: argparse.Namespace) -> int:
    from ipanalysis.process import process

    _note_missing_seeds(args)
    written = process(args.raw_dir, args.out_dir, args.seeds_dir)
    for path in written.values():
        print(f"wrote {display_path(path)}")
    if (args.raw_dir.resolve(), args.out_dir.resolve()) == (RAW_DIR, PROCESSED_DIR):
        from ipanalysis.build.config import Project
        from ipanalysis.build.datastep import record

        record(Project.default(), written.values())
    return 0


def _article(args: argparse.Namespace) -> tuple[RawData, Coverage | None]:
    """The validated raw data and the article's coverage; the coverage is None, with the reason
    printed, when the source id is unknown or the text is not the one sources.csv records."""
    import hashlib

    from ipanalysis.curation.coverage import coverage
    from ipanalysis.ingest.validate import load_raw

    raw = load_raw(args.raw_dir, args.seeds_dir)
    sources = raw.sources.set_index("source_id")
    if args.source not in sources.index:
        print(f"Unknown source id {args.source!r}; allowed: {', '.join(sources.index)} "
              "(add the article to data/raw/sources.csv first).", file=sys.stderr)
        return raw, None
    data = args.article.read_bytes()
    digest, recorded = hashlib.sha256(data).hexdigest(), sources.loc[args.source, "sha256"]
    if digest != recorded:
        print(f"{args.article} is not the text data/raw/sources.csv records for {args.source} "
              f"(sha256 {digest[:12]}…, expected {recorded[:12]}…).", file=sys.stderr)
        return raw, None
    return raw, coverage(data.decode("utf-8"), args.source, raw.figures, raw.exclusions)


def _cmd_coverage(args: argparse.Namespace) -> int:
    from ipanalysis.curation.coverage import report_lines

    _, result = _article(args)
    if result is None:
        return 2
    print("\n".join(report_lines(result)))
    return 0 if result.complete else 1


def _cmd_scaffold(args: argparse.Namespace) -> int:
    from ipanalysis.curation.scaffold import review_path, scaffold

    raw, result = _article(args)
    if result is None:
        return 2
    path = args.out or review_path(args.source)
    new = scaffold(result, raw.figures, path)
    print(f"{len(result.missing)} missing number(s) in {args.source}; {len(new)} new draft "
          f"row(s) appended to {display_path(path)}.")
    return 1 if result.missing else 0


def _add_article_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", type=Path, metavar="ARTICLE.txt",
                        help="plain-text article, as recorded in data/raw/sources.csv")
    parser.add_argument("--source", required=True, metavar="SOURCE_ID",
                        help="the article's source_id in data/raw/sources.csv")
    _add_data_options(parser)


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
    cover = sub.add_parser(
        "coverage", help="list every number in an article as curated, excluded or missing",
        description="Find every number in a plain-text article and say whether a figure "
                    "(data/raw/figures.csv) or an exclusion (data/raw/exclusions.csv) covers it. "
                    "Exit 1 when a number is missing or an exclusion covers nothing.")
    _add_article_arguments(cover)
    cover.set_defaults(func=_cmd_coverage)
    scaffold = sub.add_parser(
        "scaffold", help="append draft figure rows for an article's missing numbers",
        description="Run coverage and append one draft row per missing number (literal, "
                    "paragraph, parsed value, scale, unit and qualifier; metric and period left "
                    "blank) to a review file, never to data/raw/figures.csv. Exit 1 when "
                    "anything was missing.")
    _add_article_arguments(scaffold)
    scaffold.add_argument("--out", type=Path, default=None,
                          help="review file to append to (default: data/review/SOURCE_ID.csv)")
    scaffold.set_defaults(func=_cmd_scaffold)
    add_build_parser(sub)
    add_publish_parser(sub)
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
    except OSError as err:
        if err.filename is None:
            raise
        print(f"{display_path(Path(err.filename))}: {err.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
