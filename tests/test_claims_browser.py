"""The claims explorer in a real headless Chromium, with every request but the page's own file
refused: no console error, no request, and a figure id (typed, or after '#') narrows the table
to that figure. Select with ``-m browser``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipanalysis.paths import PROCESSED_DIR
from ipanalysis.publish import claims_href
from ipanalysis.publish.claims import claims_bytes

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
ROWS = "#claims tbody tr"


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("claims") / "claims.html"
    path.write_bytes(claims_bytes(PROCESSED_DIR))
    return path


@pytest.fixture(scope="module")
def context() -> Iterator[tuple[object, dict[str, list[str]]]]:
    """An offline browser context that records every request and every error."""
    if CHROMIUM is None:
        pytest.skip("Chromium not found: apt-get install --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    seen: dict[str, list[str]] = {"requests": [], "refused": [], "errors": []}

    def only_local(route: object) -> None:
        url = route.request.url
        seen["requests"].append(url)
        if url.startswith("file:"):
            route.continue_()
        else:
            seen["refused"].append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        ctx = browser.new_context(offline=True)
        ctx.route("**/*", only_local)
        ctx.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
        ctx.on("weberror", lambda e: seen["errors"].append(str(e.error)))
        yield ctx, seen
        browser.close()


def _open(context: tuple[object, dict], url: str) -> object:
    ctx, _ = context
    page = ctx.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector("#claims.dataTable tbody tr")
    return page


def _first_ids(page: object) -> list[str]:
    return page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.cells[0].innerText)")


def test_search_box_narrows_to_the_typed_figure(context: tuple, page_path: Path) -> None:
    page = _open(context, page_path.as_uri())
    assert len(_first_ids(page)) == 58  # every figure, on one page
    page.locator(".dt-search input").press_sequentially("pw-01")
    page.wait_for_function(f"document.querySelectorAll('{ROWS}').length === 1")
    assert _first_ids(page) == ["pw-01"]
    page.close()
    _, seen = context
    assert seen["errors"] == [] and seen["refused"] == []
    assert set(seen["requests"]) == {page_path.as_uri()}


def test_hash_link_prefills_the_search(context: tuple, page_path: Path) -> None:
    target = page_path.parent / claims_href("fd-07")
    page = _open(context, target.as_uri().replace("%23", "#"))
    page.wait_for_function(f"document.querySelectorAll('{ROWS}').length === 1")
    assert _first_ids(page) == ["fd-07"]
    assert page.input_value(".dt-search input") == "fd-07"
    page.evaluate("window.location.hash = 'xv-06'")  # a link within the page
    page.wait_for_function(f"document.querySelector('{ROWS}').cells[0].innerText === 'xv-06'")
    assert _first_ids(page) == ["xv-06"]
    page.close()
    _, seen = context
    assert seen["errors"] == [] and seen["refused"] == []


def test_column_filter_narrows_by_unit(context: tuple, page_path: Path) -> None:
    page = _open(context, page_path.as_uri())
    unit_filter = page.locator("tfoot input").nth(9)
    assert unit_filter.get_attribute("placeholder") == "unit"
    unit_filter.press_sequentially("per_10k")
    page.wait_for_function(f"document.querySelectorAll('{ROWS}').length < 58")
    units = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.cells[9].innerText)")
    assert units and set(units) == {"per_10k_people"}
    page.close()
