"""Benchmark of the report build against the plain papermill + nbconvert way, and how it scales.

Run with ``make bench``. Prints a table and writes it to ``benchmarks/results.csv``; every
figure is the median of ``--runs`` runs on this machine unless the row says otherwise. All work
happens in temporary copies of the project: nothing here touches ``reports/`` or ``data/``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from string import ascii_lowercase

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COPIED = ("data", "notebooks", "requirements.lock", "pyproject.toml")


def timed(action: Callable[[], object], runs: int) -> tuple[float, object]:
    """Median wall time of ``runs`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def children_cpu() -> float:
    """User and system CPU seconds of every finished child process so far (a build's workers
    and kernels included: each is waited for by its parent)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout + done.stderr


def copy_project(where: Path) -> Path:
    """A copy of the project's inputs that ``IPANALYSIS_ROOT`` can point the library at."""
    root = where / "project"
    root.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(".ipynb_*"))
        else:
            shutil.copy2(source, root / name)
    return root


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "IPANALYSIS_ROOT": str(root), "PYTHONHASHSEED": "0"}


def build(root: Path, out: Path, *extra: str) -> str:
    return run([str(BIN / "ipanalysis"), "build", "--output-dir", str(out), *extra],
               env=env_for(root))


def plan(root: Path) -> list[dict]:
    return tomllib.loads((root / "notebooks" / "reports.toml").read_text())["report"]


def plain_way(root: Path, out: Path) -> None:
    """Each report one after another: papermill, nbconvert to HTML, WeasyPrint to PDF.

    nbconvert's own PDF route needs a TeX installation; WeasyPrint on nbconvert's HTML is the
    plain equivalent of the build's PDF route.
    """
    out.mkdir(parents=True, exist_ok=True)
    env = env_for(root)
    for report in plan(root):
        executed = out / f"{report['name']}.ipynb"
        run([str(BIN / "papermill"), str(root / "notebooks" / report["notebook"]), str(executed),
             "-k", "ipanalysis", "-y", json.dumps(report.get("parameters", {})),
             "--no-progress-bar"], env=env, cwd=root)
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            env=env)
        run([str(BIN / "weasyprint"), str(executed.with_suffix(".html")),
             str(executed.with_suffix(".pdf"))], env=env)


def rebuilt_names(output: str, names: list[str]) -> list[str]:
    """Reports a build's output says it built (not skipped as up to date)."""
    lines = [line for line in output.splitlines() if "up to date" not in line.lower()]
    return [n for n in names if any(f" {n}" in f" {line}" or line.startswith(n)
                                    for line in lines if "built" in line.lower())]


def edit_one_figure(root: Path) -> str:
    """Change pw-13 from 9.9 to 9.8 billion yuan (literal and value agree, so it validates)."""
    path = root / "data" / "raw" / "figures.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("pw-13,"))
    new = row.replace("9.9 billion yuan", "9.8 billion yuan").replace(",9.9,", ",9.8,")
    path.write_text(text.replace(row, new), encoding="utf-8")
    return "pw-13"


def synthetic_articles(root: Path, count: int, per_article: int = 12) -> list[str]:
    """Add ``count`` made-up articles of ``per_article`` figures each, and a plan with one
    per-article report each. Figures reuse the curated rows' literals, metrics and values."""
    raw = root / "data" / "raw"
    with (raw / "figures.csv").open(encoding="utf-8") as fh:
        figures = list(csv.DictReader(fh))
    with (raw / "sources.csv").open(encoding="utf-8") as fh:
        sources = list(csv.DictReader(fh))
    template = sources[0]
    ids = [f"synthetic_{i:04d}" for i in range(count)]
    # each article its own id prefix, as validation requires (676 pairs minus those in use)
    used = {f["figure_id"][:2] for f in figures}
    prefixes = [a + b for a in ascii_lowercase for b in ascii_lowercase if a + b not in used]
    new_sources = [{**template, "source_id": sid, "seed_file": f"{sid}.txt",
                    "title": f"Synthetic article {i}", "sha256": f"{i:064x}"}
                   for i, sid in enumerate(ids)]
    new_figures = [{**figures[(i * per_article + j) % len(figures)],
                    "figure_id": f"{prefixes[i]}-{j + 1:06d}", "source_id": sid}
                   for i, sid in enumerate(ids) for j in range(per_article)]
    for name, rows in (("sources.csv", sources + new_sources),
                       ("figures.csv", figures + new_figures)):
        with (raw / name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    entries = [f'[[report]]\nname = "{sid}"\nnotebook = "source_report.ipynb"\n'
               f'parameters = {{ source_id = "{sid}" }}\n' for sid in ids]
    (root / "notebooks" / "reports.toml").write_text("\n".join(entries), encoding="utf-8")
    return ids


def synthetic_rows(root: Path, rows: int) -> Path:
    """data/raw/ with the curated figures followed by copies up to ``rows`` rows."""
    raw = root / "data" / "raw"
    with (raw / "figures.csv").open(encoding="utf-8") as fh:
        figures = list(csv.DictReader(fh))
    # copies keep their article, so they keep its id prefix
    extra = [{**figures[i % len(figures)],
              "figure_id": f"{figures[i % len(figures)]['figure_id'][:2]}-{i:06d}"}
             for i in range(rows - len(figures))]
    with (raw / "figures.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(figures[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(figures + extra)
    return raw


def data_step(rows: int, runs: int, scratch: Path) -> float:
    root = copy_project(scratch / f"rows{rows}")
    raw = synthetic_rows(root, rows)
    code = ("import sys, time; from pathlib import Path; from ipanalysis.process import process; "
            "t = time.perf_counter(); process(Path(sys.argv[1]), Path(sys.argv[2]), "
            "seeds_dir=None); print(time.perf_counter() - t)")
    times = [float(run([sys.executable, "-c", code, str(raw), str(root / "out")]).split()[-1])
             for _ in range(runs)]
    return statistics.median(times)


def load_render(path: Path | None) -> Callable[[str], bytes]:
    """``render_pdf`` of the installed package, or of the module file ``path`` (another copy of
    ``reports/to_pdf.py``, for before/after figures in separate processes)."""
    if path is None:
        from ipanalysis.render.to_pdf import render_pdf

        return render_pdf
    spec = importlib.util.spec_from_file_location("to_pdf_under_test", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.render_pdf


def pdf_per_report(
    folder: Path, runs: int, render: Callable[[str], bytes] | None = None,
    show: Callable[[str], None] | None = None,
) -> tuple[float, float, int]:
    """CPU seconds to print one report's HTML to PDF (the median of ``runs`` per report,
    averaged over the reports in ``folder``), and the mean HTML size without images in kB
    (issue 11). CPU time, not wall time: the machine is shared. The process first imports what
    a build worker imports, so the heap Python's garbage collector walks is a worker's size,
    and prints one page before timing, as a worker has before its second report. ``show``
    gets a line per report (its seconds and PDF size)."""
    import re

    import ipanalysis.reports.worker  # noqa: F401  (a worker's heap)

    render = render or load_render(None)

    def cpu(name: str, html: str) -> float:
        times, size = [], 0
        for _ in range(runs):
            start = time.process_time()
            size = len(render(html))
            times.append(time.process_time() - start)
        seconds = statistics.median(times)
        if show is not None:
            show(f"{name:<32} {seconds:6.3f} s  {size / 1000:6.0f} kB")
        return seconds

    pages = sorted(p for p in folder.glob("*.html") if p.name not in {"index.html", "claims.html"})
    htmls = {p.stem: p.read_text(encoding="utf-8") for p in pages}
    render(next(iter(htmls.values())))  # fonts and WeasyPrint's caches warm, as in a worker
    total = sum(cpu(name, html) for name, html in htmls.items())
    bare = [len(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", h).encode())
            for h in htmls.values()]
    return total / len(htmls), sum(bare) / len(bare) / 1000, len(htmls)


def building(output: str) -> list[str]:
    """Reports a build's log says it is building, with the reason."""
    return [line for line in output.splitlines() if ": building (" in line]


def edit_one_note(root: Path, figure_id: str) -> None:
    """Append a sentence to one figure's notes in data/raw/figures.csv."""
    path = root / "data" / "raw" / "figures.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows = [{**r, "notes": r["notes"] + " Edited."} if r["figure_id"] == figure_id else r
            for r in rows]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def incremental_at_scale(count: int, scratch: Path,
                         note: Callable[[str, str, str], None]) -> None:
    """Issue 13: ``count`` synthetic articles plus the four overviews; after a cold build, edit
    one figure's note and time the build that follows (1 run each)."""
    root = copy_project(scratch / f"incremental{count}")
    overviews = [r for r in plan(root) if r["notebook"] != "source_report.ipynb"]
    synthetic_articles(root, count)
    with (root / "notebooks" / "reports.toml").open("a", encoding="utf-8") as fh:
        for r in overviews:
            params = ", ".join(f"{k} = {json.dumps(v)}" for k, v in r["parameters"].items())
            fh.write(f'\n[[report]]\nname = "{r["name"]}"\nnotebook = "{r["notebook"]}"\n'
                     f"parameters = {{ {params} }}\n")
    run([str(BIN / "ipanalysis"), "process"], env=env_for(root))
    total = len(plan(root))
    out = scratch / f"incremental{count}-out"
    cold, _ = timed(lambda: build(root, out, "--force"), 1)
    note(f"7. cold build, {count} articles + 4 overviews (s)", f"{cold:.2f}",
         f"{total} reports (1 run)")
    with (root / "data" / "raw" / "figures.csv").open(encoding="utf-8") as fh:
        figure = [r["figure_id"] for r in csv.DictReader(fh)][-1]
    edit_one_note(root, figure)
    start = time.perf_counter()
    output = build(root, out)  # runs the data step itself
    edited = time.perf_counter() - start
    rebuilt = building(output)
    note(f"   rebuild after editing the note of {figure} (s)", f"{edited:.2f}",
         f"{len(rebuilt)}/{total} rebuilt, {edited / cold:.1%} of cold: "
         + "; ".join(line.strip() for line in rebuilt))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--scales", type=int, nargs="+", default=[5, 50, 200],
                        help="numbers of synthetic articles")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 10_000, 100_000],
                        help="synthetic figure rows for the data step")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.csv")
    parser.add_argument("--pdf-only", type=Path, nargs="+", metavar="DIR",
                        help="only time the PDF step per report over the HTML reports in DIR")
    parser.add_argument("--to-pdf", type=Path, metavar="FILE",
                        help="with --pdf-only: print with this copy of reports/to_pdf.py "
                             "(e.g. an older one, from git show)")
    parser.add_argument("--incremental-only", action="store_true",
                        help="only the edited-note rebuilds at each scale (section 7)")
    args = parser.parse_args()
    if args.pdf_only:
        for folder in args.pdf_only:
            seconds, kb, count = pdf_per_report(folder, args.runs, load_render(args.to_pdf),
                                                show=print)
            print(f"{folder}: PDF {seconds:.3f} s per report, HTML without images "
                  f"{kb:.0f} kB per report ({count} reports)")
        return 0
    results: list[tuple[str, str, str]] = []

    def note(name: str, value: str, detail: str = "") -> None:
        results.append((name, value, detail))
        print(f"{name:<58} {value:>12}  {detail}", flush=True)

    note("cores", str(os.cpu_count()))
    with tempfile.TemporaryDirectory(prefix="ipanalysis-bench-") as tmp:
        scratch = Path(tmp)
        for count in args.scales:
            incremental_at_scale(count, scratch, note)
        if args.incremental_only:
            return 0
        root = copy_project(scratch / "main")
        run([str(BIN / "ipanalysis"), "process"], env=env_for(root))
        names = [r["name"] for r in plan(root)]
        outs = iter(range(10_000))

        before = children_cpu()
        cold, _ = timed(lambda: build(root, scratch / f"cold{next(outs)}", "--force"), args.runs)
        cpu = (children_cpu() - before) / args.runs
        note("1. cold build, all reports (s)", f"{cold:.2f}", f"{len(names)} reports")
        note("   CPU time of the cold build, all its processes (s)", f"{cpu:.2f}",
             f"at least {cpu / (os.cpu_count() or 1):.2f} s of wall time on "
             f"{os.cpu_count()} cores")
        plain, _ = timed(lambda: plain_way(root, scratch / f"plain{next(outs)}"), args.runs)
        note("2. plain papermill + nbconvert + weasyprint (s)", f"{plain:.2f}",
             f"{len(names)} reports, one after another")
        note("   ratio cold / plain", f"{cold / plain:.2f}", "target <= 0.3")
        seconds, kb, count = pdf_per_report(scratch / "cold0", args.runs)
        note("   PDF per report (s)", f"{seconds:.3f}", f"{count} reports; HTML {kb:.0f} kB "
             "without images")

        warm = scratch / "warm"
        build(root, warm)
        noop, _ = timed(lambda: build(root, warm), args.runs)
        note("3. no-op rebuild (s)", f"{noop:.3f}", "target <= 0.3 s")

        with (root / "data" / "raw" / "figures.csv").open(encoding="utf-8") as fh:
            noted = next(r["figure_id"] for r in csv.DictReader(fh)
                         if r["source_id"] == "powerhouse_2024")
        edit_one_note(root, noted)
        start = time.perf_counter()
        output = build(root, warm)  # runs the data step itself
        edited = time.perf_counter() - start
        rebuilt = rebuilt_names(output, names)
        note(f"   rebuild after editing the note of {noted} (s)", f"{edited:.2f}",
             f"rebuilt {len(rebuilt)}/{len(names)}: {' '.join(rebuilt) or 'none'} (1 run)")

        figure = edit_one_figure(root)
        run([str(BIN / "ipanalysis"), "process"], env=env_for(root))
        start = time.perf_counter()
        output = build(root, warm)
        edited = time.perf_counter() - start
        rebuilt = rebuilt_names(output, names)
        note(f"4. rebuild after editing {figure} in figures.csv (s)", f"{edited:.2f}",
             f"rebuilt {len(rebuilt)}/{len(names)}: {' '.join(rebuilt) or 'none'} (1 run)")

        for count in args.scales:
            sroot = copy_project(scratch / f"scale{count}")
            ids = synthetic_articles(sroot, count)
            run([str(BIN / "ipanalysis"), "process"], env=env_for(sroot))
            runs = args.runs if count <= 50 else 1
            total, _ = timed(lambda sroot=sroot, count=count: build(
                sroot, scratch / f"s{count}-{next(outs)}", "--force"), runs)
            note(f"5. build {count} per-article reports (s)", f"{total:.2f}",
                 f"{total / count:.3f} s per report ({runs} run{'s' if runs > 1 else ''})")
            if count == max(args.scales):
                single = sroot / "single.ipynb"
                one, _ = timed(lambda sroot=sroot, ids=ids, single=single: run(
                    [str(BIN / "papermill"), str(sroot / "notebooks" / "source_report.ipynb"),
                     str(single), "-k", "ipanalysis", "-p", "source_id", ids[0],
                     "--no-progress-bar"], env=env_for(sroot)), args.runs)
                note("   one plain papermill run of source_report (s)", f"{one:.2f}")
                note(f"   ratio per-report at N={count} / plain papermill",
                     f"{total / count / one:.3f}", "target <= 0.5")

        for rows in args.rows:
            seconds = data_step(rows, args.runs, scratch)
            note(f"6. data step (validate + process), {rows:,} rows (s)", f"{seconds:.3f}",
                 "target < 2 s at 100,000" if rows == 100_000 else "")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["measure", "value", "detail"])
        writer.writerows(results)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
