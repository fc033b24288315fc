"""What the build's process pool pickles: run one job in a worker process.

Apart from :mod:`ipanalysis.build.job` (the job and its outcome, which the worker imports) so
that no module imports another in a loop, and apart from :mod:`ipanalysis.build.worker` so that
the scheduling process never imports papermill, nbconvert or WeasyPrint: the worker is imported
inside the worker process.
"""

from __future__ import annotations

import sys

from ipanalysis.build.job import Job, Outcome

#: Optional imports a worker never uses but would pay for: jsonschema (under nbformat) loads
#: ``rfc3987_syntax``, about 0.8 s of grammar building, only to check the "iri" string format,
#: which no notebook schema uses; papermill's ``iorw`` loads ``pyarrow.fs`` (and so pyarrow,
#: about 0.15 s) only to offer HDFS paths, and the build reads notebooks from local files. A
#: ``None`` entry in ``sys.modules`` makes such an import fail fast, and each library then
#: goes without the optional feature, as it does where the package is not installed.
UNUSED_OPTIONAL_MODULES = ("rfc3987_syntax", "pyarrow.fs")


def run(job: Job) -> Outcome:
    """Build ``job`` in this (worker) process."""
    for name in UNUSED_OPTIONAL_MODULES:
        sys.modules.setdefault(name, None)
    from ipanalysis.build.worker import build_report

    return build_report(job)
