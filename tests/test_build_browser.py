"""A real browser opens the index and every report with the network blocked: no console error,
no failed request, every image decoded. Runs in Debian's headless Chromium through Playwright;
select with ``-m browser``, leave out with ``-m "not browser"``."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipanalysis.paths import REPORTS_DIR
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build

pytestmark = [pytest.mark.slow, pytest.mark.browser]

FIXTURE = Path(__file__).parent / "fixtures" / "build" / "project"
CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
INSTALL = (
    "Chromium not found: install Debian's package (apt-get install --no-install-recommends "
    "chromium), as .ci/run does, to run the browser tests"
)
COMMITTED = sorted(REPORTS_DIR.glob("*.html"))


@pytest.fixture(scope="module")
def toy_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "project"
    shutil.copytree(FIXTURE, root)
    options = Options(output_dir=root / "reports", jobs=2)
    assert run_build(Project.at(root), options, out=io.StringIO()) == 0
    return options.output_dir


def no_browser(ci: bool) -> None:
    """In CI a missing Chromium fails the tests; elsewhere they are skipped with the reason
    (``make test`` checks for Chromium before it runs them)."""
    if ci:
        pytest.fail(INSTALL)
    pytest.skip(INSTALL)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        no_browser(os.environ.get("CI", "").lower() in {"1", "true", "yes"})
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def open_offline(browser: object, page_path: Path) -> dict[str, list]:
    """Load ``page_path`` with every non-local request refused; collect what went wrong."""
    context = browser.new_context(offline=True)
    problems: dict[str, list] = {"console": [], "page": [], "failed": [], "blocked": []}

    def only_local(route: object) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            problems["blocked"].append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems["console"].append(m.text))
    page.on("pageerror", lambda e: problems["page"].append(str(e)))
    page.on("requestfailed", lambda r: problems["failed"].append(r.url))
    page.goto(page_path.as_uri(), wait_until="load")
    problems["images"] = page.evaluate(
        "() => Array.from(document.images)"
        ".map(i => [i.complete && i.naturalWidth > 0, i.src.slice(0, 40)])"
    )
    problems["links"] = page.evaluate(
        "() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    context.close()
    return problems


def assert_clean(problems: dict[str, list]) -> None:
    assert problems["console"] == []
    assert problems["page"] == []
    assert problems["failed"] == []
    assert problems["blocked"] == []
    assert all(decoded for decoded, _ in problems["images"]), problems["images"]


@pytest.mark.parametrize("name", ["index", "toy", "toy-double"])
def test_toy_pages_load_cleanly_offline(browser: object, toy_reports: Path, name: str) -> None:
    problems = open_offline(browser, toy_reports / f"{name}.html")
    assert_clean(problems)
    if name == "index":
        for report in ("toy", "toy-double"):
            assert f"{report}.html" in problems["links"] and f"{report}.pdf" in problems["links"]
            assert (toy_reports / f"{report}.pdf").is_file()
    else:
        assert problems["images"], "the chart is missing"


@pytest.mark.skipif(not COMMITTED, reason="no reports committed in reports/ yet")
@pytest.mark.parametrize("page", COMMITTED, ids=lambda p: p.name)
def test_committed_pages_load_cleanly_offline(browser: object, page: Path) -> None:
    problems = open_offline(browser, page)
    assert_clean(problems)
    for link in problems["links"]:
        if not link.startswith(("#", "https://")):  # web links are not fetched, only shown
            target = link.split("#", 1)[0]  # claims.html#pw-10: the explorer, one figure
            assert (page.parent / target).is_file(), f"{page.name} links to missing {link}"


def test_without_chromium_ci_fails_and_elsewhere_skips() -> None:
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        no_browser(ci=True)
    with pytest.raises(pytest.skip.Exception, match="apt-get install"):
        no_browser(ci=False)
