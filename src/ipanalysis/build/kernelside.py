"""Runs inside a kernel the build reuses: warm it up once, and return it to "fresh" between reports.

Starting a kernel and importing pandas, matplotlib and seaborn costs about a second, more than
executing a typical report. The build therefore runs several reports in one kernel, and before
each one calls :func:`reset`, which undoes what a notebook can change: its variables and
execution count, the project's own modules, the global settings of the libraries the reports
use, and the state of the random-number generators (``random`` and numpy's global one), so a
seed one notebook sets never reaches the next. Third-party modules stay imported: that is the
point. The ``ipanalysis`` modules stay too, unless the notebook changed them
(:mod:`ipanalysis.build.keptmodules`); other modules of the project tree are forgotten, so the
next notebook imports them afresh. ``tests/test_build.py`` proves that a
report built after a notebook which changes all of these is byte-identical to one built in a
fresh kernel, ``tests/test_build_faults.py`` that a seed does not carry over.

This module is imported by the kernel, so it depends on nothing but the standard library at
import time.
"""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import importlib.util
import locale
import logging
import os
import random
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipanalysis.build import keptmodules

PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "pandera.pandas")


@dataclass(frozen=True)
class Baseline:
    """Everything :func:`reset` restores, captured once right after the warm-up."""

    project_root: Path
    modules: frozenset[str]
    cwd: str
    environ: dict[str, str]
    sys_path: list[str]
    warning_filters: list[Any]
    locale: str
    root_logger: tuple[int, list[logging.Handler]]
    rc_params: dict[str, Any]
    colormaps: frozenset[str]
    numpy_options: tuple[dict[str, Any], dict[str, str]] | None
    random_state: object
    numpy_random_state: object | None
    inline_backend: tuple[set[str], dict[str, Any]] | None


_baseline: Baseline | None = None


def warm_up(project_root: str) -> None:
    """Import the heavy libraries the reports share, then remember the kernel's state.

    The read recorder (:mod:`ipanalysis.reads`) is imported too, so it survives :func:`reset`:
    its audit hook, installed once, must keep writing to the module the notebooks import.

    Then the notebook side of the library is imported and kept (:func:`_prime`), and last,
    everything alive is frozen out of the garbage collector's reach (:func:`gc.freeze`): the
    libraries never become garbage, yet every full collection walked their millions of objects
    again, the one :func:`reset` triggers (IPython's ``reset`` collects) about 0.1 s per report
    and the ones the notebooks' allocations trigger as much again. Objects a notebook creates
    are collected as before."""
    global _baseline
    for name in PRELOAD:
        if _importable(name):
            importlib.import_module(name)
    importlib.import_module("ipanalysis.reads")
    _load_matplotlib_backend()
    _baseline = _capture(Path(project_root).resolve())
    _prime(_baseline)
    gc.collect()
    gc.freeze()


def _prime(baseline: Baseline) -> None:
    """Do now what the kernel's first report would otherwise pay for (about 0.2 s): import
    the notebook side of the library (kept as :func:`reset` keeps modules, so checked for
    changes like any other), parse and check the processed tables (their cache is keyed by
    content, so a table rewritten later is read again), and draw a line of text (font files).

    Nothing is recorded (the read recorder starts with each notebook) and whatever this
    changes in the libraries' settings is undone by the reset before every notebook. Best
    effort: a table that is missing or does not pass its checks is left for the notebook to
    report.
    """
    import pkgutil

    names = ["ipanalysis.views", *(m.name for m in pkgutil.walk_packages(
        importlib.import_module("ipanalysis.views").__path__, "ipanalysis.views."))]
    keptmodules.import_and_record(names, exclude=baseline.modules)
    try:
        _read_processed_tables()
        _draw_text()
    except Exception:  # priming only: the notebook meets the problem and reports it
        pass


def _read_processed_tables() -> None:
    from ipanalysis.ingest.fields import PROCESSED_TABLES
    from ipanalysis.ingest.schemas import read_processed
    from ipanalysis.paths import PROCESSED_DIR

    for table in PROCESSED_TABLES:
        read_processed(table, PROCESSED_DIR)


def _draw_text() -> None:
    from io import BytesIO

    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.text(0, 0.5, "Source 2024", fontweight="bold")
    figure.text(0, 0, "Source 2024")
    figure.savefig(BytesIO(), format="png")


def reset() -> None:
    """Make the kernel indistinguishable, to the next notebook, from one just warmed up.

    What is alive at the end (the kept modules, the libraries' caches) is frozen out of the
    garbage collector's reach, as after the warm-up: the next reset's collection then walks
    only what the next report made. Cyclic garbage among frozen objects (a set of modules
    replaced after a notebook changed one) stays until the kernel is replaced, after at most
    :data:`ipanalysis.build.execute.REPORTS_PER_KERNEL` reports."""
    if _baseline is None:
        raise RuntimeError("warm_up() must run before reset()")
    shell = _shell()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    shell.reset(new_session=True)
    used = keptmodules.library_modules(_baseline.modules)
    _forget_project_modules(_baseline, keep=keptmodules.unchanged())
    _restore_process(_baseline)
    keptmodules.import_and_record(used, exclude=_baseline.modules)
    _restore_libraries(_baseline)
    _restore_display(shell, _baseline)
    gc.freeze()


def _load_matplotlib_backend() -> None:
    """Load the inline backend now, as a fresh kernel does at its first figure: pyplot loads
    it lazily, and its set-up (figure formatters, the post-cell hook) must be in the baseline."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.switch_backend(sys.modules["matplotlib"].get_backend())


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()


def _inline_backend() -> Any:
    module = sys.modules.get("matplotlib_inline.config")
    return module.InlineBackend.instance() if module is not None else None


def _capture(project_root: Path) -> Baseline:
    mpl = sys.modules.get("matplotlib")
    np = sys.modules.get("numpy")
    inline = _inline_backend()
    root = logging.getLogger()
    return Baseline(
        project_root=project_root,
        modules=frozenset(sys.modules),
        cwd=os.getcwd(),
        environ=dict(os.environ),
        sys_path=list(sys.path),
        warning_filters=list(warnings.filters),
        locale=locale.setlocale(locale.LC_ALL),
        root_logger=(root.level, list(root.handlers)),
        rc_params=dict(mpl.rcParams.copy()) if mpl else {},
        colormaps=frozenset(mpl.colormaps) if mpl else frozenset(),
        numpy_options=(np.get_printoptions(), np.geterr()) if np else None,
        random_state=random.getstate(),
        numpy_random_state=np.random.get_state() if np else None,
        inline_backend=(
            (set(inline.figure_formats), copy.deepcopy(inline.print_figure_kwargs))
            if inline is not None
            else None
        ),
    )


def _is_project_module(name: str, module: Any, project_root: Path) -> bool:
    """The library's modules and modules from the project tree (not its virtual environment,
    whose compiled extensions cannot be imported twice)."""
    if name.startswith("ipanalysis."):
        return True
    path = getattr(module, "__file__", None)
    return bool(path) and _in_project_tree(path, project_root)


@functools.cache
def _in_project_tree(path: str, project_root: Path) -> bool:
    """Whether a module file lies in the project but outside its virtual environment; cached,
    because resolving the path of every module imported since the warm-up (a few hundred
    third-party ones) before every report cost about 15 ms of each."""
    resolved = Path(path).resolve()
    return resolved.is_relative_to(project_root) and not resolved.is_relative_to(
        Path(sys.prefix).resolve()
    )


def _forget_project_modules(baseline: Baseline, keep: set[str]) -> None:
    """Drop project modules imported since the warm-up, except ``keep``, and their names on
    parent packages, so that ``from ipanalysis import x`` imports ``x`` afresh too."""
    for name, module in list(sys.modules.items()):
        if name in baseline.modules or name in keep or not _is_project_module(
            name, module, baseline.project_root
        ):
            continue
        del sys.modules[name]
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None and getattr(parent, child, None) is module:
            delattr(parent, child)


def _restore_process(baseline: Baseline) -> None:
    os.chdir(baseline.cwd)
    os.environ.clear()
    os.environ.update(baseline.environ)
    sys.path[:] = baseline.sys_path
    warnings.resetwarnings()
    warnings.filters[:] = baseline.warning_filters
    locale.setlocale(locale.LC_ALL, baseline.locale)
    root = logging.getLogger()
    root.setLevel(baseline.root_logger[0])
    root.handlers[:] = baseline.root_logger[1]


def _restore_libraries(baseline: Baseline) -> None:
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and baseline.rc_params:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mpl.rcParams.update(baseline.rc_params)
        for name in set(mpl.colormaps) - baseline.colormaps:
            mpl.colormaps.unregister(name)
    random.setstate(baseline.random_state)
    np = sys.modules.get("numpy")
    if np is not None and baseline.numpy_options is not None:
        print_options, error_options = baseline.numpy_options
        np.set_printoptions(**print_options)
        np.seterr(**error_options)
        np.random.set_state(baseline.numpy_random_state)
    pd = sys.modules.get("pandas")
    if pd is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")


def _restore_display(shell: Any, baseline: Baseline) -> None:
    """Figure formats back to the baseline's, also after a direct ``set_matplotlib_formats``."""
    inline = _inline_backend()
    if inline is None or baseline.inline_backend is None:
        return
    from IPython.core.pylabtools import select_figure_formats

    formats, kwargs = baseline.inline_backend
    inline.figure_formats = set(formats)
    inline.print_figure_kwargs = copy.deepcopy(kwargs)
    select_figure_formats(shell, formats, **kwargs)
