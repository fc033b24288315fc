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
