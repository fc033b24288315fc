"""CPU seconds of the PDF step for each report of a folder, in one warm process, as a build
worker prints them.

Each report's HTML is printed ``--runs`` times with ``render_pdf`` (after one warm-up render,
as a worker has done before its second report) and the median CPU time (user + sys of this
process, not wall time: the machine is shared) is printed per report, then the mean, and the
PDF sizes. The process first imports what a build worker imports (``ipanalysis.build.worker``:
papermill, nbconvert, ...), so the heap Python's garbage collector walks is a worker's size.
``--to-pdf FILE`` loads ``render_pdf`` from another copy of ``build/to_pdf.py``, for
before/after figures in separate processes::

    git show 534f208:src/ipanalysis/build/to_pdf.py > /tmp/to_pdf_before.py
    .venv/bin/python benchmarks/pdf_per_report.py reports --to-pdf /tmp/to_pdf_before.py
    .venv/bin/python benchmarks/pdf_per_report.py reports
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def load_render(path: Path | None) -> Callable[[str], bytes]:
    """``render_pdf`` of the installed package, or of the module file ``path``."""
    if path is None:
        from ipanalysis.build.to_pdf import render_pdf

        return render_pdf
    spec = importlib.util.spec_from_file_location("to_pdf_under_test", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.render_pdf


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of built HTML reports")
    parser.add_argument("--runs", type=int, default=3, help="renders per report (median)")
    parser.add_argument("--to-pdf", type=Path, help="render with this copy of to_pdf.py")
    args = parser.parse_args()
    import ipanalysis.build.worker  # noqa: F401  (a worker's heap)

    render = load_render(args.to_pdf)
    pages = sorted(p for p in args.folder.glob("*.html")
                   if p.name not in {"index.html", "claims.html"})
    htmls = {p.stem: p.read_text(encoding="utf-8") for p in pages}
    render(htmls[next(iter(htmls))])  # warm, as a worker is after its first report
    seconds, sizes = {}, {}
    for name, html in htmls.items():
        times = []
        for _ in range(args.runs):
            start = time.process_time()
            sizes[name] = len(render(html))
            times.append(time.process_time() - start)
        seconds[name] = statistics.median(times)
        print(f"{name:<32} {seconds[name]:6.3f} s  {sizes[name] / 1000:6.0f} kB", flush=True)
    mean, kb = statistics.mean(seconds.values()), statistics.mean(sizes.values()) / 1000
    print(f"{'mean of ' + str(len(htmls)):<32} {mean:6.3f} s  {kb:6.0f} kB  "
          f"(total {sum(seconds.values()):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
