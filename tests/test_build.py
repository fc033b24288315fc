"""The build end to end on a toy project (``tests/fixtures/build/project``): outputs, offline and
escaped HTML, A4 PDFs, the index, incremental rebuilds, byte-for-byte reproducibility across
clones and kernel reuse, and what a failing notebook leaves behind."""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pdfbytes import objects_text

from ipanalysis.render.summary import summarize
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "build" / "project"
TOY_REPORTS = ("toy", "toy-double")
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
EXTERNAL = re.compile(r"^\s*(https?:|ftp:|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Built:
    project: Project
    options: Options
    log: str

    @property
    def out(self) -> Path:
        return self.options.output_dir

    def html(self, name: str) -> str:
        return (self.out / f"{name}.html").read_text(encoding="utf-8")


def copy_project(root: Path, plan: str | None = None) -> Project:
    """A copy of the toy project at ``root``, optionally with another build plan."""
    shutil.copytree(FIXTURE, root)
    if plan is not None:
        (root / "notebooks" / "reports.toml").write_text(plan, encoding="utf-8")
    return Project.at(root)


def build(project: Project, **options: object) -> tuple[int, str, Options]:
    opts = Options(**{"output_dir": project.root / "reports", "jobs": 2, **options})
    log = io.StringIO()
    return run_build(project, opts, out=log), log.getvalue(), opts


def plan_of(*reports: tuple[str, str, str]) -> str:
    return "".join(f'[[report]]\nname = "{name}"\nnotebook = "{notebook}"\nparameters = {{{p}}}\n\n'
                   for name, notebook, p in reports)


@pytest.fixture(scope="module")
def toy(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = copy_project(tmp_path_factory.mktemp("clone-a") / "ipanalysis")
    code, log, options = build(project)
    assert code == 0, log
    return Built(project, options, log)


def files(directory: Path) -> dict[str, bytes]:
    """Every output of a build by name, without the lock file."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.is_file() and p.name != ".lock"}


class _Links(HTMLParser):
    """Every URL an HTML page would fetch or link to, and every script element."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in {"src", "href", "srcset", "poster", "data", "action"} and value:
                self.urls.append(value)


def external_references(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    css_urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", html) + re.findall(
        r"@import\s+['\"]([^'\"]+)", html)
    found = [u for u in parser.urls + css_urls if EXTERNAL.match(u)]
    return found + ["<script>"] * parser.scripts


def pdf_page_boxes(pdf: bytes) -> list[bytes]:
    """The /MediaBox of every page, looking inside WeasyPrint's compressed object streams."""
    return re.findall(rb"/MediaBox\s*\[([^\]]*)\]", objects_text(pdf))


def test_each_report_has_executed_notebook_html_pdf_and_an_index(toy: Built) -> None:
    names = set(files(toy.out))
    for report in TOY_REPORTS:
        assert {f"{report}.ipynb", f"{report}.html", f"{report}.pdf"} <= names
    assert {"index.html", "build-state.json"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    assert "toy: built" in toy.log and "toy-double: built" in toy.log


@pytest.mark.parametrize("page", ["toy.html", "toy-double.html", "index.html"])
def test_pages_fetch_nothing_from_the_network_and_run_no_script(toy: Built, page: str) -> None:
    assert external_references((toy.out / page).read_text(encoding="utf-8")) == []


def test_text_from_the_data_shows_as_text_everywhere(toy: Built) -> None:
    """notes.csv holds '<script>alert("x")</script>', Markdown stars and a link."""
    toy_html, double_html = toy.html("toy"), toy.html("toy-double")
    index = (toy.out / "index.html").read_text(encoding="utf-8")
    for page in (toy_html, double_html, index):
        assert "<script" not in page
        assert "&lt;script&gt;alert(" in page
    assert toy_html.count("&lt;script&gt;alert(") >= 2, "headline and table"
    assert "Stars *not* bold, [not a link](http://example.com)" in toy_html
    assert "<em>not</em>" not in toy_html
    assert "double &lt;b&gt;bold&lt;/b&gt;" in double_html and "<b>bold" not in double_html
    assert "double &lt;b&gt;bold&lt;/b&gt;" in index


def test_code_and_injected_parameters_are_hidden_and_parameters_tabled(toy: Built) -> None:
    html = toy.html("toy-double")
    assert "pd.read_csv" not in html
    assert 'id="cell-id=injected-parameters"' not in html
    assert "get_ipython" not in html, "cell tagged remove-cell"
    assert re.search(r'<th scope="row">scale</th><td>2</td>', html)
    assert re.search(r'<th scope="row">data version</th><td><code>[0-9a-f]{12}</code>', html)
    executed = json.loads((toy.out / "toy-double.ipynb").read_text(encoding="utf-8"))
    injected = [c for c in executed["cells"] if c.get("id") == "injected-parameters"]
    assert len(injected) == 1 and "scale = 2" in "".join(injected[0]["source"])
    assert executed["metadata"]["kernelspec"]["name"] == "ipanalysis"


def test_show_code_keeps_the_code(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", plan_of(("toy", "toy.ipynb", "scale = 1")))
    code, log, options = build(project, show_code=True)
    html = (options.output_dir / "toy.html").read_text(encoding="utf-8")
    assert code == 0, log
    assert "pd" in html and "read_csv" in html
    assert 'id="cell-id=injected-parameters"' not in html


def test_index_lists_each_report_with_the_headline_of_its_notebook(toy: Built) -> None:
    index = (toy.out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Data version <code title="[^"]*">[0-9a-f]{12}</code>', index)
    for report in TOY_REPORTS:
        summary = summarize(json.loads((toy.out / f"{report}.ipynb").read_text()))
        assert summary.headline and summary.headline.startswith("Total value")
        escaped = summary.headline.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&#34;") in index
        assert f'href="{report}.html"' in index and f'href="{report}.pdf"' in index
    assert "scale = 2" in index and "Toy report" in index


def test_pdfs_are_a4_pages_without_dates(toy: Built) -> None:
    for report in TOY_REPORTS:
        pdf = (toy.out / f"{report}.pdf").read_bytes()
        boxes = pdf_page_boxes(pdf)
        assert boxes, "no pages found"
        for box in boxes:
            width, height = (float(v) for v in box.split()[2:4])
            assert (round(width), round(height)) == (595, 842)
        assert b"CreationDate" not in pdf and b"ModDate" not in pdf


def test_no_cjk_text_reaches_a_report(toy: Built) -> None:
    for page in ("toy.html", "toy-double.html", "index.html"):
        assert not CJK.search((toy.out / page).read_text(encoding="utf-8"))


def test_a_second_build_is_up_to_date_and_writes_nothing(toy: Built) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in toy.out.iterdir() if p.is_file()}
    code, log, _ = build(toy.project)
    assert code == 0
    assert log == f"up to date: 2 report(s) in {toy.out}\n"
    after = {p.name: p.stat().st_mtime_ns for p in toy.out.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k != ".lock"} == {
        k: v for k, v in before.items() if k != ".lock"}


def test_a_deleted_report_is_rebuilt_byte_for_byte(toy: Built) -> None:
    committed = files(toy.out)
    (toy.out / "toy.html").unlink()
    (toy.out / ".toy.html.left-by-a-killed-build.tmp").write_text("<html><body>half")
    code, log, _ = build(toy.project)
    assert code == 0, log
    assert "toy: building (toy.html missing)" in log
    assert "toy-double: up to date" in log
    assert files(toy.out) == committed


def test_another_clone_elsewhere_builds_the_same_bytes_and_rebuilds_what_changed(
    toy: Built, tmp_path: Path
) -> None:
    """One worker here (the reports one after the other) against two workers in the first."""
    clone = copy_project(tmp_path / "somewhere" / "much" / "deeper" / "clone")
    code, log, options = build(clone, jobs=1)
    assert code == 0, log
    assert files(options.output_dir) == files(toy.out)

    plan = clone.plan.read_text().replace("scale = 2", "scale = 3")
    clone.plan.write_text(plan)
    code, log, _ = build(clone)
    assert code == 0, log
    assert "toy-double: building (parameters changed)" in log
    assert "toy: up to date" in log

    code, log, _ = build(clone, force=True, only=("toy",))
    assert code == 0 and "toy: building (forced)" in log and "toy-double" not in log


def test_a_report_after_a_polluting_one_gets_the_bytes_it_gets_alone(tmp_path: Path) -> None:
    """polluter.ipynb changes rcParams, pandas and numpy options, cwd, environment, sys.path,
    warnings, logging, colormaps, figure formats and a library module; with one worker, toy
    runs after it, and its own fresh kernel sees none of that."""
    after = copy_project(tmp_path / "after", plan_of(("polluter", "polluter.ipynb", ""),
                                                     ("toy", "toy.ipynb", "")))
    alone = copy_project(tmp_path / "alone", plan_of(("toy", "toy.ipynb", "")))
    code, log, after_options = build(after, jobs=1)
    assert code == 0, log
    code, log, alone_options = build(alone, jobs=1)
    assert code == 0, log
    for suffix in (".ipynb", ".html", ".pdf"):
        assert (after_options.output_dir / f"toy{suffix}").read_bytes() == (
            alone_options.output_dir / f"toy{suffix}").read_bytes(), suffix


def test_a_failing_notebook_is_reported_kept_and_leaves_other_reports_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path / "p", plan_of(("broken", "broken.ipynb", ""),
                                                   ("toy", "toy.ipynb", "")))
    out = project.root / "reports"
    out.mkdir()
    (out / "broken.html").write_text("the previous broken.html")

    code, log, _ = build(project)
    err = capsys.readouterr().err
    assert code == 1
    assert "broken: FAILED" in log and "toy: built" in log
    assert "1 built, 0 up to date, 1 failed" in log
    assert "FAILED broken: cell 5, which starts `ratio = 1 / divisor`" in err
    assert "ZeroDivisionError: division by zero" in err
    assert f"executed notebook kept in {out / '.failed' / 'broken.ipynb'}" in err
    kept = json.loads((out / ".failed" / "broken.ipynb").read_text())
    assert any(o.get("ename") == "ZeroDivisionError"
               for c in kept["cells"] for o in c.get("outputs", []))
    assert (out / "broken.html").read_text() == "the previous broken.html"
    assert not (out / "broken.pdf").exists()
    assert "broken" not in json.loads((out / "build-state.json").read_text())["records"]
    assert 'href="toy.html"' in (out / "index.html").read_text()

    code, log, _ = build(project)
    assert code == 1
    assert "broken: building (never built)" in log and "toy: up to date" in log
