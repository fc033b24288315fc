"""Keep the library's modules in a reused kernel from one report to the next, unless a notebook
changed them (used by :mod:`ipanalysis.build.kernelside`).

Forgetting the ``ipanalysis`` modules before every report, so the notebook imports them afresh,
made each report pay for the imports, for building the pandera schemas again and for parsing
and checking the processed tables again (the checked tables are cached in
:mod:`ipanalysis.ingest.schemas`, a cache that died with its module). Instead, the modules a
report used are imported again *by the reset* (under the state the reset restores: working
folder, environment, ``sys.path``) and their state is recorded; at the next reset they are kept
if nothing of that state changed, and all of them are imported again otherwise.

Kept is as good as imported afresh because importing the library has no effect outside its
own modules (no setting, generator, warning filter, environment variable or data file is
touched at import; ``tests/test_kernelside.py`` checks it), and because a change a notebook
makes to a module is seen: a name rebound or added, a function's code or defaults, a class's
attributes, an attribute of an object held by the module, or the contents of a list, dict,
set or tuple it holds. Deeper in-place changes (an item of a list inside an object the module
holds) are not looked at. Only ``ipanalysis`` modules are kept; other modules of the project
tree are still imported afresh by each notebook.

Standard library only: the kernel imports this before anything else.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterable
from typing import Any

LIBRARY = "ipanalysis."
_UNWATCHED = frozenset({"__builtins__", "__warningregistry__"})

#: The recorded state of each kept module, by name.
_kept: dict[str, object] = {}


def library_modules(exclude: Iterable[str]) -> list[str]:
    """Names of the ``ipanalysis`` modules imported now, except ``exclude``."""
    excluded = set(exclude)
    return sorted(n for n in sys.modules if n.startswith(LIBRARY) and n not in excluded)


def unchanged() -> set[str]:
    """The kept modules, if none of them changed since it was recorded; else nothing (all or
    nothing: other modules hold the objects of a changed one)."""
    for name, recorded in _kept.items():
        module = sys.modules.get(name)
        if module is None or not _same(recorded, state(module)):
            _kept.clear()
            break
    return set(_kept)


def import_and_record(names: Iterable[str], exclude: Iterable[str]) -> None:
    """Import ``names`` (those kept are already there) and record the state of the library
    modules now imported, except ``exclude`` (the warm-up's, never forgotten).

    A module that fails to import is left to the notebook, and nothing is kept."""
    try:
        for name in names:
            importlib.import_module(name)
    except Exception:  # the notebook that imports it will show the error
        _kept.clear()
        return
    for name in library_modules(exclude):
        if name not in _kept:
            _kept[name] = state(sys.modules[name])


def state(module: types.ModuleType) -> dict[str, object]:
    """What a notebook could change in ``module``, as values to compare with ``==``.

    >>> mod = types.ModuleType("ipanalysis.example")
    >>> mod.LIMITS = [1, 2]
    >>> before = state(mod)
    >>> mod.LIMITS.append(3)
    >>> _same(before, state(mod))
    False
    """
    return {name: _value_state(value, module.__name__)
            for name, value in vars(module).items()
            if name not in _UNWATCHED and not _is_submodule(module, name, value)}


def _is_submodule(module: types.ModuleType, name: str, value: object) -> bool:
    """A package's attribute for its submodule, set whenever the submodule is imported."""
    return isinstance(value, types.ModuleType) and value.__name__ == f"{module.__name__}.{name}"


def _value_state(value: object, owner: str) -> object:
    if isinstance(value, types.FunctionType):
        return (value, value.__code__, value.__defaults__, value.__kwdefaults__,
                dict(vars(value)))
    if isinstance(value, type):
        if value.__module__ != owner:
            return (value,)
        return (value, {name: _value_state(member, "") for name, member in vars(value).items()})
    if isinstance(value, list | dict | set | tuple):
        return (value, _contents(value, depth=3))
    if isinstance(value, types.ModuleType) or not hasattr(value, "__dict__"):
        return (value,)
    return (value, dict(vars(value)))


def _contents(value: object, depth: int) -> object:
    """A container's items (and theirs, ``depth`` levels down) as new tuples, other objects
    themselves: compared later, an object matches itself (Python compares identity first)."""
    if depth == 0 or not isinstance(value, list | dict | set | tuple):
        return value
    if isinstance(value, dict):
        return tuple((k, _contents(v, depth - 1)) for k, v in value.items())
    if isinstance(value, set):
        return frozenset(value)
    return tuple(_contents(item, depth - 1) for item in value)


def _same(before: Any, after: Any) -> bool:
    try:
        return bool(before == after)
    except Exception:  # a comparison that cannot say (arrays): count it as changed
        return False
