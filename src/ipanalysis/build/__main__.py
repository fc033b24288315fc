"""``python -m ipanalysis.build``: the build without the rest of the ``ipanalysis`` command."""

from __future__ import annotations

import argparse
import sys

from ipanalysis.build.command import add_build_parser


def main() -> int:
    """Parse ``build``'s options from the command line and run it."""
    parser = argparse.ArgumentParser(prog="python -m ipanalysis.build")
    subparsers = parser.add_subparsers(dest="command")
    build = add_build_parser(subparsers)
    return build.get_default("func")(parser.parse_args(["build", *sys.argv[1:]]))


if __name__ == "__main__":
    sys.exit(main())
