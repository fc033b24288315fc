"""The reports: notebooks in, executed notebooks, HTML, PDF and an index out.

Modules, one job each: ``plan`` (reports.toml), ``inputs`` and ``state`` (what a report is made
from, what changed), ``datastep`` (the processed tables are current), ``runner`` (decide, build,
record), ``pool`` and ``worker`` (build in parallel processes, a fresh kernel per report),
``notebook`` (nbstripout, papermill), ``to_html``, ``to_pdf``, ``summary``, ``index``,
``progress`` and ``lifeline`` (no process outlives the build).
"""
