"""Extra notebook parameters (the per-article report's ``source_id``): checked with one sentence,
and the three common parameters behave exactly as before."""

from __future__ import annotations

import pytest

from ipanalysis.views import source as source_view
from ipanalysis.views.params import ParameterError, parameters_from_namespace

SOURCES = ["new_fields_2026", "powerhouse_2024"]
PERIODS = ["2023", "2024"]
BASE = {"currency": "CNY", "sources": "all", "as_of": "latest"}


def _check(namespace: dict, extra: dict | None = None):
    return parameters_from_namespace(namespace, known_sources=SOURCES, known_periods=PERIODS,
                                     extra=extra)


def test_a_known_source_id_is_kept() -> None:
    params = _check({**BASE, "source_id": "powerhouse_2024"}, {"source_id": SOURCES})
    assert params.get("source_id") == "powerhouse_2024"
    assert params.as_dict() == {"currency": "CNY", "sources": SOURCES, "as_of": "latest",
                                "source_id": "powerhouse_2024"}


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ({**BASE, "source_id": "xinhua"},
         "Unknown source_id 'xinhua'; allowed: new_fields_2026, powerhouse_2024."),
        (BASE, "Parameter 'source_id' is not set; expected: currency, sources, as_of, "
               "source_id."),
        ({**BASE, "source_id": "powerhouse_2024", "sourceid": "x"},
         "Unknown parameter 'sourceid'; allowed: currency, sources, as_of, source_id."),
        ({**BASE, "currency": "EUR", "source_id": "xinhua"},
         "Unknown currency 'EUR'; allowed: CNY, USD."),  # common parameters are checked first
    ],
)
def test_bad_source_id_fails_with_one_sentence(namespace: dict, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        _check(namespace, {"source_id": SOURCES})
    assert str(caught.value) == message


def test_without_extras_nothing_changes() -> None:
    params = _check(dict(BASE))
    assert (params.extra, params.as_dict()) == (
        (), {"currency": "CNY", "sources": SOURCES, "as_of": "latest"})
    with pytest.raises(ParameterError) as caught:
        _check({**BASE, "source_id": "powerhouse_2024"})
    assert str(caught.value) == "Unknown parameter 'source_id'; allowed: currency, sources, as_of."


def test_report_refuses_a_source_left_out_by_sources() -> None:
    with pytest.raises(ParameterError) as caught:
        source_view.start({"currency": "CNY", "sources": ["powerhouse_2024"], "as_of": "latest",
                           "source_id": "xinhua_value_2026"})
    assert str(caught.value) == ("source_id 'xinhua_value_2026' is left out by "
                                 "sources=['powerhouse_2024']; add it there or use 'all'.")
