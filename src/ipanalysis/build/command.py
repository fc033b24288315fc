"""``ipanalysis build``: the command-line face of the report build.

:func:`add_build_parser` adds the sub-command to the project's argparse CLI; :func:`run` is its
handler. Both import only the standard library and the light build modules, so the command
answers "up to date" quickly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ipanalysis.build.config import Options, Project
from ipanalysis.build.lock import LockError
from ipanalysis.build.plan import PlanError
from ipanalysis.build.runner import explain, run_build
from ipanalysis.errors import DataError
from ipanalysis.paths import REPORTS_DIR, display_path

USAGE_ERROR = 2


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_build_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``build`` to ``subparsers`` (from ``ArgumentParser.add_subparsers``)."""
    parser = subparsers.add_parser(
        "build",
        help="build the reports that are out of date (HTML, PDF, executed notebooks)",
        description="Execute each notebook of notebooks/reports.toml with its parameters and "
        "write reports/<name>.ipynb, .html and .pdf plus reports/index.html. The data step "
        "(ipanalysis process) runs first when data/raw/ or the code changed. Only reports "
        "whose notebook, parameters, library code or locked dependencies changed, or whose "
        "data changed (the rows and columns the notebook read last time), are rebuilt; "
        "outputs of reports removed from the plan are deleted.",
    )
    parser.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1,
                        help="reports built at once (default: the number of cores)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every selected report even when up to date")
    parser.add_argument("--show-code", action="store_true",
                        help="keep the code cells in the HTML and PDF (hidden by default)")
    parser.add_argument("--only", nargs="+", metavar="NAME", default=[],
                        help="build only these reports (names from the plan)")
    parser.add_argument("--output-dir", type=Path, default=REPORTS_DIR,
                        help="where to write the reports (default: reports/)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start a new kernel for every report instead of reusing a warm "
                        "one (slower; proves reuse changes nothing)")
    parser.add_argument("--explain", metavar="NAME",
                        help="print what report NAME depends on and whether it is up to date; "
                        "build nothing")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Handle ``ipanalysis build``; returns the exit code."""
    options = Options(
        output_dir=args.output_dir.resolve(),
        jobs=args.jobs,
        force=args.force,
        show_code=args.show_code,
        only=tuple(args.only),
        fresh_kernels=args.fresh_kernels,
    )
    try:
        if args.explain:
            return explain(Project.default(), options, args.explain)
        return run_build(Project.default(), options)
    except PlanError as err:
        print(err, file=sys.stderr)
        return USAGE_ERROR
    except LockError as err:
        print(err, file=sys.stderr)
        return 1
    except DataError as err:
        print("\n".join(str(p) for p in err.problems), file=sys.stderr)
        print(f"{len(err.problems)} data problem(s); run `make data` after fixing them; "
              "no report was built.", file=sys.stderr)
        return 1
    except OSError as err:
        if err.filename is None:
            raise
        print(f"{display_path(Path(err.filename))}: {err.strerror}", file=sys.stderr)
        return 1
