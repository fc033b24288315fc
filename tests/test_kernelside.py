"""The reused kernel's own bookkeeping (``ipanalysis.build.kernelside``), run in a subprocess so
that freezing the collector or swapping modules never touches the test process.

That reuse changes no byte of a report is proven end to end in ``tests/test_build.py``
(``test_a_reused_kernel_gives_the_bytes_of_a_fresh_one``); these tests pin the pieces."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ipanalysis.paths import PROJECT_ROOT


def run_python(code: str) -> list[str]:
    """Run ``code`` in a new interpreter and return its printed lines."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, check=True, cwd=PROJECT_ROOT)
    return result.stdout.splitlines()


def test_warm_up_freezes_the_libraries_but_garbage_made_later_is_collected() -> None:
    """After the warm-up the libraries' objects sit outside the collector's reach, yet a cycle a
    notebook leaves behind is found and freed by the next collection (its weakref dies)."""
    lines = run_python(f"""
        import gc, weakref
        from ipanalysis.build import kernelside
        assert gc.get_freeze_count() == 0
        kernelside.warm_up({str(PROJECT_ROOT)!r})
        print(gc.get_freeze_count() > 100_000)

        class Node:
            pass
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        del a, b
        gc.collect()
        print(alive() is None)
    """)
    assert lines == ["True", "True"]


def test_library_modules_are_kept_until_a_notebook_changes_one() -> None:
    """Between reports the library's modules stay the same objects (once imported by a reset,
    never by a notebook, which could have changed them); after a notebook
    rebinds a name, fills a dict, changes a function's defaults or a class attribute in any of
    them, the next report gets all of them afresh, with the values the source says."""
    lines = run_python(f"""
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        from ipanalysis.build import kernelside
        kernelside.warm_up({str(PROJECT_ROOT)!r})

        def report(code):
            kernelside.reset()
            assert shell.run_cell(code).success

        report("from ipanalysis.views import markdown, session")  # imported by the notebook,
        report("from ipanalysis.views import markdown, session")  # so again by the reset
        markdown = sys.modules["ipanalysis.views.markdown"]
        report("from ipanalysis.views import markdown, session")
        print(sys.modules["ipanalysis.views.markdown"] is markdown)
        changes = [
            "markdown.METADATA_KEY = 'polluted'",
            "session.EXTRA_PARAMETERS['currency'] = len",
            "markdown.format_md.__defaults__ = ()",
            "session.Dataset.has = lambda self, *ids: True",
        ]
        for change in changes:
            before = sys.modules["ipanalysis.views.session"]
            report("from ipanalysis.views import markdown, session; " + change)
            report("pass")
            after = sys.modules["ipanalysis.views.session"]
            print(after is not before, after.EXTRA_PARAMETERS.keys() == {{"source_id"}},
                  sys.modules["ipanalysis.views.markdown"].METADATA_KEY != "polluted")
    """)
    assert lines == ["True"] + ["True True True"] * 4


def test_importing_the_notebook_side_of_the_library_changes_nothing_outside_it() -> None:
    """What makes keeping the modules as good as importing them afresh: importing every module a
    notebook may use (all but the build, publish and command-line layers) touches no setting,
    generator, warning filter, environment variable, working folder or data file."""
    lines = run_python(f"""
        import importlib, logging, os, pkgutil, random, sys, warnings
        import matplotlib as mpl, numpy as np, pandas as pd
        from ipanalysis.build import kernelside
        kernelside.warm_up({str(PROJECT_ROOT)!r})
        from ipanalysis import reads
        from ipanalysis.paths import DATA_DIR

        def pandas_options():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                keys = pd._config.config._registered_options
                return {{k: repr(pd.get_option(k)) for k in keys}}

        def outside():
            return (dict(mpl.rcParams), pandas_options(), np.get_printoptions(), np.geterr(),
                    random.getstate(), repr(np.random.get_state()), list(warnings.filters),
                    dict(os.environ), os.getcwd(), list(sys.path),
                    logging.getLogger().level, list(logging.getLogger().handlers),
                    sorted(mpl.colormaps))

        before = outside()
        reads.start(str(DATA_DIR))
        import ipanalysis
        skipped = ("ipanalysis.build", "ipanalysis.publish", "ipanalysis.cli")
        names = [m.name for m in pkgutil.walk_packages(ipanalysis.__path__, "ipanalysis.")
                 if not m.name.startswith(skipped)]
        for name in names:
            importlib.import_module(name)
        print(len(names) > 30, "ipanalysis.views.session" in names)
        print(reads.snapshot())
        print(outside() == before)
    """)
    assert lines == ["True True", "{}", "True"]


def test_warm_up_imports_and_keeps_the_notebook_side_and_records_no_read() -> None:
    """The first report of a kernel finds the views imported (and watched for changes like any
    kept module) and the processed tables checked, and the warm-up's reads are not the
    report's."""
    lines = run_python(f"""
        import sys
        from ipanalysis.build import kernelside, keptmodules
        from ipanalysis import reads
        kernelside.warm_up({str(PROJECT_ROOT)!r})
        print({{"ipanalysis.views.session", "ipanalysis.views.checks"}} <= keptmodules.unchanged())
        from ipanalysis.ingest import schemas
        print(schemas._checked.cache_info().currsize)
        print(reads.snapshot())
    """)
    assert lines == ["True", "5", "{}"]
