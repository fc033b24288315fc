"""Notebook parameters: good values pass, a bad one stops with one sentence naming it."""

from __future__ import annotations

import pytest

from ipanalysis.views.params import ParameterError, check_parameters, parameters_from_namespace

SOURCES = ["new_fields_2026", "powerhouse_2024"]
PERIODS = ["2023", "2024", "2025-01"]


def _check(currency: object = "CNY", sources: object = "all", as_of: object = "latest"):
    return check_parameters(currency, sources, as_of, known_sources=SOURCES,
                            known_periods=PERIODS)


def test_defaults_select_everything() -> None:
    params = _check()
    assert params.sources == ("new_fields_2026", "powerhouse_2024")
    assert params.cutoff is None


def test_a_list_of_sources_keeps_the_known_order() -> None:
    assert _check(sources=["powerhouse_2024", "new_fields_2026"]).sources == tuple(SOURCES)


@pytest.mark.parametrize(("as_of", "cutoff"), [("2024", "2024-12-31"), ("2025-01", "2025-01-31")])
def test_as_of_becomes_a_cutoff_date(as_of: str, cutoff: str) -> None:
    assert _check(as_of=as_of).cutoff == cutoff


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"currency": "EUR"}, "Unknown currency 'EUR'; allowed: CNY, USD."),
        ({"sources": ["xinhua"]},
         "Unknown source id 'xinhua'; allowed: all, or a list of new_fields_2026, "
         "powerhouse_2024."),
        ({"as_of": "2030"}, "Unknown period '2030' for as_of; allowed: 2023, 2024, 2025-01, "
                            "latest."),
        ({"sources": "some"}, "sources must be 'all' or a non-empty list of source ids, not "
                              "'some'; allowed ids: new_fields_2026, powerhouse_2024."),
    ],
)
def test_bad_values_fail_with_one_sentence(kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        _check(**kwargs)
    assert str(caught.value) == message


def test_unknown_parameter_in_the_namespace_is_named() -> None:
    namespace = {"currency": "CNY", "sources": "all", "as_of": "latest", "curency": "USD",
                 "In": [], "_": None, "pd": pytest}
    with pytest.raises(ParameterError) as caught:
        parameters_from_namespace(namespace, known_sources=SOURCES, known_periods=PERIODS)
    assert str(caught.value) == "Unknown parameter 'curency'; allowed: currency, sources, as_of."


def test_namespace_with_only_declared_parameters_passes() -> None:
    namespace = {"currency": "USD", "sources": ["powerhouse_2024"], "as_of": "2023"}
    params = parameters_from_namespace(namespace, known_sources=SOURCES, known_periods=PERIODS)
    assert (params.currency, params.sources, params.as_of) == ("USD", ("powerhouse_2024",), "2023")


def test_papermill_command_line_forms_are_accepted() -> None:
    """``-p as_of 2024`` arrives as an int, ``-p sources '["…"]'`` as text."""
    params = _check(sources='["powerhouse_2024"]', as_of=2024)
    assert (params.sources, params.as_of) == (("powerhouse_2024",), "2024")


# --- the parameter tables are written from the declarations ------------------------------------

def _notebook(name: str) -> dict:
    import json

    from ipanalysis.paths import NOTEBOOKS_DIR

    return json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["growth", "quality", "industry_share", "checks",
                                  "source_report"])
def test_notebook_parameter_table_and_defaults_follow_the_declarations(name: str) -> None:
    from ipanalysis.views.params import DECLARED, PARAMETERS, parameter_table

    cells = _notebook(name)["cells"]
    (params,) = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assigned = dict(line.split(" = ", 1) for line in "".join(params["source"]).splitlines())
    names = [n for n in DECLARED if n in assigned]
    assert set(names) >= set(PARAMETERS)
    assert {n: assigned[n] for n in names} == {n: DECLARED[n][0] for n in names}
    (usage,) = [c for c in cells if "notebook-only" in c["metadata"].get("tags", [])]
    assert parameter_table(names) in "".join(usage["source"])


def test_readme_parameter_tables_follow_the_declarations() -> None:
    from ipanalysis.paths import PROJECT_ROOT
    from ipanalysis.views.params import parameter_table

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert parameter_table() in readme
    assert parameter_table(["source_id"]) in readme
