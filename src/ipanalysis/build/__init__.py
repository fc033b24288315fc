"""The report build: notebooks in, executed notebooks, HTML, PDF and an index out.

Modules, one job each: ``plan`` (reports.toml), ``fingerprint`` and ``state`` (what changed),
``lock`` (one build at a time), ``runner`` (decide and record), ``pool`` and ``worker`` (build
in parallel processes), ``notebook`` and ``execute`` (papermill injection, nbclient execution in
a reused kernel), ``kernelside`` (runs in the kernel), ``to_html``, ``to_pdf``, ``index``,
``summary``, ``failures``, ``progress``, and ``command`` (the CLI).
"""

from ipanalysis.build.command import add_build_parser, run

__all__ = ["add_build_parser", "run"]
