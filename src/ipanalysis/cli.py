"""The ``ipanalysis`` command: validate and process the curated data, build the reports.

Data errors print one line per problem (``file:line: column: what is wrong``) and exit 1,
never with a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ipanalysis.errors import DataError
from ipanalysis.paths import (
    DATA_DIR,
    PROCESSED_DIR,
    RAW_DIR,
    REPORTS_DIR,
    SEEDS_DIR,
    display_path,
    missing_seeds_message,
)

DEFAULT_PORT = 8001

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
          f"{len(raw.record)} figures of the official record from {len(raw.releases)} "
          f"releases, {len(raw.metrics)} metrics")
    return 0


def _cmd_process(args: argparse.Namespace) -> int:
    from ipanalysis.lock import exclusive
    from ipanalysis.process import contents, write

    _note_missing_seeds(args)
    made = contents(args.raw_dir, args.out_dir, args.seeds_dir)
    with exclusive(args.out_dir, lambda text: print(text, file=sys.stderr, flush=True)):
        written = write(args.out_dir, made)
        if (args.raw_dir.resolve(), args.out_dir.resolve()) == (RAW_DIR, PROCESSED_DIR):
            from ipanalysis.reports.config import Project
            from ipanalysis.reports.datastep import record

            record(Project.default(), written)
    print(f"wrote {len(written)} files in {display_path(args.out_dir)}")
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


def _cmd_build(args: argparse.Namespace) -> int:
    from ipanalysis.reports.config import Options, Project
    from ipanalysis.reports.runner import explain, run_build

    options = Options(output_dir=args.output_dir.resolve(), jobs=args.jobs, force=args.force,
                      show_code=args.show_code, only=tuple(args.only))
    if args.explain:
        return explain(Project.default(), options, args.explain)
    return run_build(Project.default(), options)


def _cmd_publish(args: argparse.Namespace) -> int:
    from ipanalysis.publish.files import publish

    for path, changed in publish(args.data_dir, args.reports_dir).items():
        print(f"{'wrote' if changed else 'up to date'} {display_path(path)}")
    return 0


def _cmd_explore(args: argparse.Namespace) -> int:
    from ipanalysis.publish.database import DB_FILE, METADATA_FILE, datasette_command

    database, metadata = args.data_dir / DB_FILE, args.data_dir / METADATA_FILE
    if not (database.is_file() and metadata.is_file()):
        print(f"{display_path(database)} is not built yet: run `make publish` (or "
              "`ipanalysis publish`) first.", file=sys.stderr)
        return 2
    command = datasette_command(database, metadata, args.port)
    print(f"Datasette on http://127.0.0.1:{args.port}/ (Ctrl-C stops it)", flush=True)
    os.execv(command[0], command)
    return 0  # not reached: execv replaces this process


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _tcp_port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (1-65535)")
    return port


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
    build = sub.add_parser(
        "build", help="build the reports that are out of date (HTML, PDF, executed notebooks)",
        description="Execute each notebook of notebooks/reports.toml with its parameters, each "
        "in a fresh kernel, and write reports/<name>.ipynb, .html and .pdf plus "
        "reports/index.html. The data step (ipanalysis process) runs first when data/raw/ or "
        "its code changed. Only reports whose notebook, parameters, declared data files, "
        "imported library modules or locked dependencies changed are rebuilt; outputs of "
        "reports removed from the plan are deleted.")
    build.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1,
                       help="reports built at once (default: the number of cores)")
    build.add_argument("--force", action="store_true",
                       help="rebuild every selected report even when up to date")
    build.add_argument("--show-code", action="store_true",
                       help="keep the code cells in the HTML and PDF (hidden by default)")
    build.add_argument("--only", nargs="+", metavar="NAME", default=[],
                       help="build only these reports (names from the plan)")
    build.add_argument("--output-dir", type=Path, default=REPORTS_DIR,
                       help="where to write the reports (default: reports/)")
    build.add_argument("--explain", metavar="NAME",
                       help="print what report NAME is built from and whether it is up to "
                       "date; build nothing")
    build.set_defaults(func=_cmd_build)
    publish = sub.add_parser(
        "publish", help="write reports/claims.html, data/datapackage.json and data/ipanalysis.db",
        description="Generate the claims explorer, the Frictionless data package and the SQLite "
                    "database (with Datasette's metadata) from data/processed/ and the field "
                    "dictionary; files whose bytes would not change are left alone.")
    publish.add_argument("--data-dir", type=Path, default=DATA_DIR,
                         help="folder holding raw/ and processed/ (default: data)")
    publish.add_argument("--reports-dir", type=Path, default=REPORTS_DIR,
                         help="where claims.html goes (default: reports)")
    publish.set_defaults(func=_cmd_publish)
    explore = sub.add_parser(
        "explore", help="browse data/ipanalysis.db in Datasette on 127.0.0.1",
        description="Serve the database read-only with Datasette on the loopback interface, "
                    "with titles, descriptions, licence and article links from the dictionary.")
    explore.add_argument("--data-dir", type=Path, default=DATA_DIR,
                         help="folder holding the database (default: data)")
    explore.add_argument("--port", type=_tcp_port,
                         default=os.environ.get("DATASETTE_PORT", str(DEFAULT_PORT)),
                         help="TCP port (default: $DATASETTE_PORT or 8001)")
    explore.set_defaults(func=_cmd_explore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of ``python -m ipanalysis``; returns the exit
    code. Every error the library raises on purpose is printed as it reads, never with a
    traceback: data problems one per line, a plan error with its line (exit 2), a file that
    cannot be written or read with its path, a missing package with the command that installs
    it."""
    from ipanalysis.errors import IpanalysisError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); nothing written.", file=sys.stderr)
        return 1
    except IpanalysisError as err:
        print(err, file=sys.stderr)
        return 2 if type(err).__name__ == "PlanError" else 1
    except ModuleNotFoundError as err:
        print(f"missing Python package {err.name}: run `make setup` to install the locked "
              "dependencies into .venv", file=sys.stderr)
        return 1
    except OSError as err:
        if err.filename is None:
            raise
        print(f"{display_path(Path(err.filename))}: {err.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
