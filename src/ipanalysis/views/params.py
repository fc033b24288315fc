"""The notebooks' papermill parameters, checked before any analysis runs.

Every notebook declares the same three parameters in its cell tagged ``parameters``; a notebook
may declare more (the per-article report's ``source_id``), each with the values it allows. A bad
value stops the notebook in its next cell with one sentence naming the value and the allowed ones.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ipanalysis.errors import IpanalysisError
from ipanalysis.ingest.periods import period_end
from ipanalysis.relations.currency import CURRENCIES

PARAMETERS = ("currency", "sources", "as_of")
LATEST = "latest"
# Each notebook parameter: its default (as the parameters cell writes it) and what it allows.
# The notebooks' and the README's parameter tables are written from this (``parameter_table``).
DECLARED: dict[str, tuple[str, str]] = {
    "source_id": ('"new_fields_2026"', "one source id from `data/raw/sources.csv`: the article "
                  "to report on"),
    "currency": ('"CNY"', '`"CNY"` or `"USD"`: money in yuan, or in US dollars at the reference '
                 "rate of the figure's year (`data/raw/reference_rates.csv`); verdicts are "
                 "always reached in the articles' own currency"),
    "sources": ('"all"', '`"all"`, or a list of source ids from `data/raw/sources.csv`, e.g. '
                '`["powerhouse_2024"]`'),
    "as_of": ('"latest"', '`"latest"`, or the last period to include: a year (`"2024"`) or a '
              'month that occurs in the data (`"2025-01"`)'),
}


def parameter_table(names: Iterable[str] = PARAMETERS) -> str:
    """The Markdown table of the named parameters, from ``DECLARED``.

    >>> print(parameter_table(["as_of"]).splitlines()[0])
    | parameter | default | allowed |
    """
    lines = ["| parameter | default | allowed |", "|---|---|---|"]
    lines += [f"| `{n}` | `{DECLARED[n][0]}` | {DECLARED[n][1]} |" for n in names]
    return "\n".join(lines)
_IPYTHON_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


class ParameterError(IpanalysisError, ValueError):
    """A notebook parameter has a value the analyses cannot use."""


@dataclass(frozen=True)
class Parameters:
    """Checked parameters: money shown in ``currency``, figures from ``sources`` up to ``as_of``,
    and the notebook's own extra parameters as (name, value) pairs."""

    currency: str
    sources: tuple[str, ...]
    as_of: str
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str:
        """The value of an extra parameter.

        >>> Parameters("CNY", (), "latest", (("source_id", "powerhouse_2024"),)).get("source_id")
        'powerhouse_2024'
        """
        return dict(self.extra)[name]

    @property
    def cutoff(self) -> str | None:
        """Last ISO date a figure's period may end on, or None for no cut.

        >>> Parameters("CNY", ("xinhua_value_2026",), "2025-01").cutoff
        '2025-01-31'
        """
        if self.as_of == LATEST:
            return None
        if len(self.as_of) == 4:
            return f"{self.as_of}-12-31"
        return period_end(self.as_of, "month")

    def as_dict(self) -> dict[str, object]:
        return {"currency": self.currency, "sources": list(self.sources), "as_of": self.as_of,
                **dict(self.extra)}


def _allowed(values: Iterable[str]) -> str:
    return ", ".join(values)


def check_parameters(
    currency: object,
    sources: object,
    as_of: object,
    *,
    known_sources: Iterable[str],
    known_periods: Iterable[str],
) -> Parameters:
    """Validate the parameters against the data; raise ``ParameterError`` on the first bad one.

    >>> check_parameters("USD", "all", "2024", known_sources=["powerhouse_2024"],
    ...                  known_periods=["2023", "2024"]).sources
    ('powerhouse_2024',)
    """
    known_sources = tuple(known_sources)
    periods = (*sorted(set(known_periods)), LATEST)
    sources = _as_list(sources)
    as_of = str(as_of) if isinstance(as_of, int) and not isinstance(as_of, bool) else as_of
    if currency not in CURRENCIES:
        raise ParameterError(
            f"Unknown currency {currency!r}; allowed: {_allowed(CURRENCIES)}.")
    if sources == "all":
        chosen = known_sources
    elif isinstance(sources, list | tuple) and sources and all(isinstance(s, str) for s in sources):
        unknown = [s for s in sources if s not in known_sources]
        if unknown:
            raise ParameterError(
                f"Unknown source id {unknown[0]!r}; allowed: all, or a list of "
                f"{_allowed(known_sources)}.")
        chosen = tuple(s for s in known_sources if s in sources)
    else:
        raise ParameterError(
            f"sources must be 'all' or a non-empty list of source ids, not {sources!r}; "
            f"allowed ids: {_allowed(known_sources)}.")
    if as_of not in periods:
        raise ParameterError(f"Unknown period {as_of!r} for as_of; allowed: {_allowed(periods)}.")
    return Parameters(str(currency), chosen, str(as_of))


def check_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """An extra parameter whose value must be one of ``allowed``.

    >>> check_choice("source_id", "xinhua", ["powerhouse_2024", "xinhua_value_2026"])
    Traceback (most recent call last):
    ...
    ipanalysis.views.params.ParameterError: Unknown source_id 'xinhua'; allowed: powerhouse_2024, \
xinhua_value_2026.
    """
    allowed = tuple(allowed)
    if value not in allowed:
        raise ParameterError(f"Unknown {name} {value!r}; allowed: {_allowed(allowed)}.")
    return str(value)


def _as_list(sources: object) -> object:
    """Accept the forms papermill's ``-p`` gives: ``-p sources '["a", "b"]'`` arrives as text.

    >>> _as_list('["powerhouse_2024"]'), _as_list("all")
    (['powerhouse_2024'], 'all')
    """
    if isinstance(sources, str) and sources.lstrip().startswith("["):
        try:
            return json.loads(sources)
        except json.JSONDecodeError:
            return sources
    return sources


def unknown_names(namespace: Mapping[str, object], declared: Iterable[str]) -> list[str]:
    """Names in a notebook's namespace that look like parameters but are not declared ones.

    papermill injects ``-p NAME VALUE`` as a plain assignment of a literal, so a misspelt
    parameter (``-p curency USD``) would otherwise be silently ignored. Only literal values
    (text, numbers, lists of them) can be parameters: what the notebook's own cells leave
    behind on a second Run All (``ds``, a view module, a table) is not mistaken for one.

    >>> unknown_names({"currency": "CNY", "curency": "USD", "ds": object()}, ["currency"])
    ['curency']
    """
    declared = set(declared)
    return sorted(
        name for name, value in namespace.items()
        if not name.startswith("_") and name not in _IPYTHON_NAMES and name not in declared
        and _literal(value)
    )


def _literal(value: object) -> bool:
    """Whether ``value`` is something papermill could inject: None, a bool, number or text,
    or a list, tuple or dict of those."""
    if value is None or isinstance(value, bool | int | float | str):
        return True
    if isinstance(value, list | tuple):
        return all(_literal(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _literal(v) for k, v in value.items())
    return False


def parameters_from_namespace(
    namespace: Mapping[str, object],
    *,
    known_sources: Iterable[str],
    known_periods: Iterable[str],
    extra: Mapping[str, Iterable[str]] | None = None,
) -> Parameters:
    """Check a notebook's globals: no unknown parameter, and valid values for the known ones.

    ``extra`` maps each further parameter the notebook declares to its allowed values, e.g.
    ``{"source_id": ["new_fields_2026", ...]}`` for the per-article report; the three common
    parameters are checked first, exactly as without it.
    """
    extra = dict(extra or {})
    declared = (*PARAMETERS, *extra)
    unknown = unknown_names(namespace, declared)
    if unknown:
        raise ParameterError(
            f"Unknown parameter {unknown[0]!r}; allowed: {_allowed(declared)}.")
    missing = [p for p in declared if p not in namespace]
    if missing:
        raise ParameterError(f"Parameter {missing[0]!r} is not set; expected: "
                             f"{_allowed(declared)}.")
    params = check_parameters(namespace["currency"], namespace["sources"], namespace["as_of"],
                              known_sources=known_sources, known_periods=known_periods)
    chosen = tuple((name, check_choice(name, namespace[name], allowed))
                   for name, allowed in extra.items())
    return dataclasses.replace(params, extra=chosen)
