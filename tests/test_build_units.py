"""The build's pieces that run no notebook: plan, hashes, state, summaries, escaping, index, lock,
CLI options and the matplotlib settings."""

from __future__ import annotations

import html as html_lib
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from ipanalysis.cli import build_parser, main
from ipanalysis.lock import exclusive
from ipanalysis.paths import RAW_DIR, REPORTS_DIR
from ipanalysis.render.index import IndexEntry, render_index
from ipanalysis.render.summary import failure, summarize
from ipanalysis.reports import state
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.inputs import changed, hash_file, hash_tree, report_inputs
from ipanalysis.reports.plan import PlanError, ReportSpec, check_parameters, load_plan, select
from ipanalysis.reports.runner import INDEX_FILE, Context, index_inputs, stale_reports
from ipanalysis.reproducible import configure_matplotlib
from ipanalysis.views.markdown import escape_md, format_md, headline_bundle

CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _notebook(document: dict) -> str:
    """A notebook file's text: nbformat 4.5, as JupyterLab writes, with ``document``'s keys."""
    metadata = {"kernelspec": {"name": "ipanalysis", "language": "python"}}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": metadata, **document})


PARAMETERS_CELL = {"cell_type": "code", "id": "p1", "metadata": {"tags": ["parameters"]},
                   "outputs": [], "execution_count": None,
                   "source": 'currency = "CNY"\nas_of = "latest"\nx = 0'}


def _plan(tmp_path: Path, text: str) -> Path:
    """A plan file in ``tmp_path``, next to notebooks a.ipynb, b.ipynb, c.ipynb, growth.ipynb
    that declare the parameters currency, as_of and x."""
    for name in ("a", "b", "c", "growth"):
        (tmp_path / f"{name}.ipynb").write_text(_notebook({"cells": [PARAMETERS_CELL]}))
    path = tmp_path / "reports.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- plan -----------------------------------------------------------------------------------


def test_plan_resolves_notebooks_next_to_it_and_keeps_parameters(tmp_path: Path) -> None:
    path = _plan(tmp_path, '[[report]]\nname = "growth-usd"\nnotebook = "growth.ipynb"\n'
                           'parameters = { currency = "USD", as_of = 2024 }\n')
    (spec,) = load_plan(path)
    assert spec == ReportSpec("growth-usd", tmp_path / "growth.ipynb",
                              {"currency": "USD", "as_of": 2024}, path, 1)


def test_the_project_plan_builds_the_three_analyses_with_their_parameters() -> None:
    plan = {s.name: s for s in load_plan(Project.default().plan)}
    for name in ("growth", "quality", "industry_share"):
        assert plan[name].notebook.name == f"{name}.ipynb"
        assert set(plan[name].parameters) == {"currency", "sources", "as_of"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[report]]\nname = "a"\nnotebook = "a.ipynb"\n' * 2, "'a' is used twice"),
        ('[[report]]\nname = "Bad Name"\nnotebook = "a.ipynb"\n', "lower-case"),
        ('[[report]]\nname = "index"\nnotebook = "a.ipynb"\n', "taken by reports/index.html"),
        ('[[report]]\nname = "a"\nnotebook = "a.py"\n', "must be a .ipynb"),
        ('[[report]]\nname = "a"\nnotebook = "zz.ipynb"\n', "zz.ipynb does not exist"),
        ('[[report]]\nname = "a"\nnotebook = "a.ipynb"\ncolour = 1\n', "unknown key(s) colour"),
        ('[[report]]\nname = "a"\nnotebook = "a.ipynb"\nparameters = { x = [1] }\n',
         "strings or numbers"),
        ("title = 'no reports'\n", "at least one [[report]]"),
        ("[[report]\n", "reports.toml"),
    ],
)
def test_plan_errors_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(PlanError, match=re.escape(message)):
        load_plan(_plan(tmp_path, text))


def test_select_keeps_plan_order_and_rejects_unknown_names(tmp_path: Path) -> None:
    plan = load_plan(_plan(tmp_path, "".join(
        f'[[report]]\nname = "{n}"\nnotebook = "{n}.ipynb"\n' for n in ("a", "b", "c"))))
    assert [s.name for s in select(plan, ["c", "a"])] == ["a", "c"]
    assert select(plan, []) == plan
    with pytest.raises(PlanError, match="no report named zz; the plan has a, b, c"):
        select(plan, ["zz"])


# --- hashes and state -----------------------------------------------------------------------


def test_tree_hash_depends_on_content_and_names_not_on_location(tmp_path: Path) -> None:
    for root in (tmp_path / "one", tmp_path / "deeper" / "two"):
        (root / "sub").mkdir(parents=True)
        (root / "a.csv").write_text("x\n1\n")
        (root / "sub" / "b.csv").write_text("y\n")
        (root / ".a.csv.swp").write_text("editor noise")
        (root / "__pycache__").mkdir()
        (root / "__pycache__" / "m.pyc").write_bytes(b"\0")
    one, two = tmp_path / "one", tmp_path / "deeper" / "two"
    assert hash_tree(one) == hash_tree(two)
    (two / "sub" / "b.csv").write_text("y\n2\n")
    assert hash_tree(one) != hash_tree(two)
    (two / "sub" / "b.csv").write_text("y\n")
    (two / "a.csv").rename(two / "c.csv")
    assert hash_tree(one) != hash_tree(two)


def _cell(source: str, **extra: object) -> dict:
    return {"cell_type": "code", "id": "c1", "metadata": {"tags": []}, "source": source,
            "outputs": [], "execution_count": None, **extra}


def _spec(folder: Path, parameters: dict) -> ReportSpec:
    """Report ``n`` of a plan in ``folder``, from ``n.ipynb``."""
    return ReportSpec("n", folder / "n.ipynb", parameters, folder / "reports.toml", 1)


def test_report_inputs_change_with_parameters_and_rendering(tmp_path: Path) -> None:
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(_notebook({"cells": [_cell("x = 1")]}))
    project = Project.at(tmp_path)
    base = report_inputs(_spec(tmp_path, {"a": 1}), project, Options(), {})
    other = report_inputs(_spec(tmp_path, {"a": 2}), project, Options(), {})
    shown = report_inputs(_spec(tmp_path, {"a": 1}), project, Options(show_code=True), {})
    assert changed(base, other) == ("parameters changed",)
    assert changed(base, shown) == ("rendering changed",)
    notebook.write_text(_notebook({"cells": [_cell("x = 2")]}))
    edited = report_inputs(_spec(tmp_path, {"a": 1}), project, Options(), {})
    assert changed(base, edited) == ("notebook changed",)


def test_a_report_depends_on_the_files_its_notebook_declares_and_no_others(
    tmp_path: Path
) -> None:
    """The declared reads, with the plan's parameters filled in, are the report's data."""
    (tmp_path / "data" / "processed" / "notes").mkdir(parents=True)
    for name in ("figures.csv", "notes/a.csv", "notes/b.csv"):
        (tmp_path / "data" / "processed" / name).write_text("x\n1\n")
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(_notebook({
        "metadata": {"ipanalysis": {"reads": ["processed/figures.csv",
                                              "processed/notes/{source}.csv"]}},
        "cells": [_cell("x = 1")]}))
    project = Project.at(tmp_path)
    spec = _spec(tmp_path, {"source": "a"})
    base = report_inputs(spec, project, Options(), {})
    assert {k for k in base if k.startswith("data:")} == {
        "data:processed/figures.csv", "data:processed/notes/a.csv"}
    (tmp_path / "data" / "processed" / "notes" / "b.csv").write_text("x\n2\n")
    assert changed(base, report_inputs(spec, project, Options(), {})) == ()
    (tmp_path / "data" / "processed" / "notes" / "a.csv").write_text("x\n2\n")
    assert changed(base, report_inputs(spec, project, Options(), {})) == (
        "processed/notes/a.csv changed",)


def test_an_autosave_with_outputs_is_not_a_change_but_a_new_tag_is(tmp_path: Path) -> None:
    """What JupyterLab writes when it saves an executed notebook: outputs, execution counts,
    view state and the kernel's language_info; none of it reaches a report."""
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(_notebook({"metadata": {"kernelspec": {"name": "ipanalysis"}},
                                    "cells": [_cell("x = 1")]}))
    spec = _spec(tmp_path, {})
    project = Project.at(tmp_path)
    base = report_inputs(spec, project, Options(), {})
    saved = _cell("x = 1", execution_count=7,
                  outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n"}])
    saved["metadata"].update(scrolled=True, collapsed=False,
                             execution={"iopub.execute_input": "2026-12-02T06:00:00Z"})
    notebook.write_text(_notebook({"metadata": {"kernelspec": {"name": "python3"},
                                                 "language_info": {"version": "3.11.2"}},
                                    "cells": [saved]}))
    assert changed(base, report_inputs(spec, project, Options(), {})) == ()
    tagged = _cell("x = 1", metadata={"tags": ["remove-input"]})
    notebook.write_text(_notebook({"cells": [tagged]}))
    assert changed(base, report_inputs(spec, project, Options(), {})) == ("notebook changed",)


def test_state_round_trips_in_one_canonical_form(tmp_path: Path) -> None:
    records = {"b": state.Record({"y": "2", "x": "1"}, {"b.html": "h"}),
               "a": state.Record({"x": "1"}, {})}
    content = state.dump(records)
    (tmp_path / state.STATE_FILE).write_bytes(content)
    assert state.load(tmp_path) == records
    assert state.dump(dict(reversed(records.items()))) == content
    assert content.endswith(b"\n")


def test_unreadable_or_foreign_state_means_nothing_built(tmp_path: Path) -> None:
    assert state.load(tmp_path) == {}
    (tmp_path / state.STATE_FILE).write_text("{not json")
    assert state.load(tmp_path) == {}
    (tmp_path / state.STATE_FILE).write_text(json.dumps({"format": 0, "records": {}}))
    assert state.load(tmp_path) == {}


def test_stale_reasons_name_changed_inputs_and_missing_or_edited_outputs(tmp_path: Path) -> None:
    (tmp_path / "r.html").write_text("<p>built</p>")
    (tmp_path / "r.pdf").write_text("pdf")
    record = state.Record({"data": "1", "code": "2"},
                          {"r.html": hash_file(tmp_path / "r.html"),
                           "r.pdf": hash_file(tmp_path / "r.pdf")})
    assert state.stale_reasons(None, {"data": "1"}, tmp_path) == ("never built",)
    assert state.stale_reasons(record, {"data": "1", "code": "2"}, tmp_path) == ()
    assert state.stale_reasons(record, {"data": "9", "code": "2"}, tmp_path) == ("data changed",)
    (tmp_path / "r.html").write_text("<p>edited by hand</p>")
    (tmp_path / "r.pdf").unlink()
    assert state.stale_reasons(record, {"data": "1", "code": "2"}, tmp_path) == (
        "r.html modified", "r.pdf missing")


# --- reading executed notebooks -------------------------------------------------------------


def _executed() -> dict:
    data, metadata = headline_bundle("Patents rose <fast>")
    return {
        "metadata": {"papermill": {"parameters": {"currency": "USD"}}},
        "cells": [
            {"cell_type": "markdown", "source": ["Intro\n", "# Growth *of* patents\n"]},
            {"cell_type": "code", "source": "x = 1", "outputs": [
                {"output_type": "display_data", "data": data, "metadata": metadata}]},
            {"cell_type": "code", "source": "\n\nratio = 1 / 0\nprint(ratio)", "outputs": [
                {"output_type": "stream", "name": "stdout", "text": "before\n"},
                {"output_type": "error", "ename": "ZeroDivisionError",
                 "evalue": "division by zero",
                 "traceback": ["\x1b[31m---------\x1b[0m", "Cell In[3], line 3\n----> 3 ratio",
                               "\x1b[31mZeroDivisionError\x1b[0m: division by zero"]}]},
        ],
    }


def test_summary_takes_title_headline_and_parameters_from_the_notebook() -> None:
    summary = summarize(_executed())
    assert summary.title == "Growth *of* patents"
    assert summary.headline == "Patents rose <fast>"
    assert summary.parameters == {"currency": "USD"}


def test_failure_names_the_cell_its_first_line_and_the_error() -> None:
    found = failure(_executed())
    assert found is not None
    assert (found.cell_number, found.first_line) == (3, "ratio = 1 / 0")
    assert found.error == "ZeroDivisionError: division by zero"
    assert found.traceback_tail[-1] == "----> 3 ratio"
    assert all("\x1b" not in line for line in found.traceback_tail)
    assert failure({"cells": [{"cell_type": "code", "outputs": []}]}) is None


# --- escaping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '<script>alert("x")</script> & co',
        "[a link](http://example.com) or www.example.com or a@b.org",
        "$5 and $6 are not maths",
        "1. not a list",
        "# not a heading",
        "* not a bullet, _not_ emphasis, `not code`",
        "two\n\n    lines, not a code block",
    ],
)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    html = markdown2html_mistune(escape_md(text))
    assert "<script" not in html
    assert "<a " not in html
    assert "<code" not in html and "<em" not in html and "<li" not in html and "<h1" not in html
    visible = re.sub(r"<[^>]+>", "", html).strip()
    assert html_lib.unescape(visible) == " ".join(text.split())


def test_format_md_escapes_the_values_not_the_template() -> None:
    html = markdown2html_mistune(format_md("**{name}** grew {pct:.1%}", name="<b>x</b>",
                                           pct=0.25))
    assert "<strong>&lt;b&gt;x&lt;/b&gt;</strong> grew 25.0%" in html


def test_headline_is_marked_for_the_index_and_rejects_empty_text() -> None:
    data, metadata = headline_bundle("  Two\nlines <b>  ")
    assert metadata == {"ipanalysis": {"role": "headline", "ids": []}}
    assert data == {"text/markdown": "**Two lines &lt;b&gt;**", "text/plain": "Two lines <b>"}
    with pytest.raises(ValueError, match="needs some text"):
        headline_bundle(" \n ")


# --- index ----------------------------------------------------------------------------------


def test_index_escapes_text_from_notebooks_and_links_each_report() -> None:
    entries = [
        IndexEntry("growth", "Growth <i>", '<script>alert(1)</script>', (("currency", "<b>"),),
                   "aaaaaaaaaaaa"),
        IndexEntry("quality", "Quality", None, (), "bbbbbbbbbbbb", failed=True),
    ]
    page = render_index(entries, "a" * 64, show_code=False, summary=None).decode()
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Growth &lt;i&gt;" in page and "currency = &lt;b&gt;" in page
    for name in ("growth", "quality"):
        assert f'href="{name}.html"' in page and f'href="{name}.pdf"' in page
    assert "No headline" in page
    # each report has its own data version (the files it read); only a failed rebuild is flagged
    assert "from data version <code>bbbbbbbbbbbb</code>" in page
    assert "from data version <code>aaaaaaaaaaaa</code>" not in page
    assert page.count("last rebuild failed") == 1



# --- lock -----------------------------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    messages: list[str] = []
    second_has_lock = threading.Event()
    waiting = threading.Event()

    def second() -> None:
        def on_wait(text: str) -> None:
            messages.append(text)
            waiting.set()

        with exclusive(tmp_path, on_wait):
            second_has_lock.set()

    with exclusive(tmp_path, on_wait=messages.append):
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=30)
        assert not second_has_lock.is_set()
    thread.join(timeout=30)
    assert second_has_lock.is_set()
    assert len(messages) == 1
    assert f"pid {os.getpid()}" in messages[0] and "waiting for it to finish" in messages[0]


# --- command line ---------------------------------------------------------------------------


def test_build_options_and_their_defaults() -> None:
    parser = build_parser()
    args = parser.parse_args(["build"])
    assert (args.jobs, args.force, args.show_code, args.only) == (os.cpu_count(), False, False, [])
    assert args.output_dir == REPORTS_DIR and args.explain is None
    args = parser.parse_args(["build", "--jobs", "3", "--force", "--show-code", "--only", "a",
                              "b", "--output-dir", "/tmp/x"])
    assert (args.jobs, args.force, args.show_code, args.only) == (3, True, True, ["a", "b"])
    assert args.output_dir == Path("/tmp/x")
    with pytest.raises(SystemExit):
        parser.parse_args(["build", "--jobs", "0"])


def _built_looking_project(root: Path) -> tuple[Project, Options]:
    """A project whose outputs and state say "built", without executing anything."""
    (root / "notebooks").mkdir(parents=True)
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "raw" / "figures.csv").write_text("id,value\nx,1\n")
    (root / "notebooks" / "r.ipynb").write_text(json.dumps(
        {"metadata": {"ipanalysis": {"reads": ["raw/figures.csv"]}}, "cells": []}))
    (root / "notebooks" / "reports.toml").write_text(
        '[[report]]\nname = "r"\nnotebook = "r.ipynb"\n')
    project, options = Project.at(root), Options(output_dir=root / "reports")
    ctx = Context.create(project, options, {})
    options.output_dir.mkdir()
    outputs = {}
    for suffix in (".ipynb", ".html", ".pdf"):
        (options.output_dir / f"r{suffix}").write_text(f"r{suffix}")
        outputs[f"r{suffix}"] = hash_file(options.output_dir / f"r{suffix}")
    records = {"r": state.Record(ctx.inputs["r"], outputs)}
    (options.output_dir / INDEX_FILE).write_text("index")
    records[state.INDEX] = state.Record(index_inputs(ctx, records),
                                        {INDEX_FILE: hash_file(options.output_dir / INDEX_FILE)})
    (options.output_dir / state.STATE_FILE).write_bytes(state.dump(records))
    return project, options


def test_a_deleted_edited_or_outdated_output_makes_its_report_stale(tmp_path: Path) -> None:
    project, options = _built_looking_project(tmp_path)

    def stale(opts: Options = options) -> dict[str, tuple[str, ...]]:
        records = state.load(opts.output_dir)
        return stale_reports(Context.create(project, opts, records), records)

    assert stale() == {}
    (options.output_dir / "r.pdf").unlink()
    (options.output_dir / "r.html").write_text("edited")
    assert stale() == {"r": ("r.html modified", "r.pdf missing")}
    (project.raw_dir / "figures.csv").write_text("id,value\nx,1\ny,5\n")
    assert stale()["r"] == ("raw/figures.csv changed", "r.html modified", "r.pdf missing")
    forced = Options(output_dir=options.output_dir, force=True)
    assert stale(forced) == {"r": ("forced",)}


def test_up_to_date_needs_no_jupyter_weasyprint_or_rich(tmp_path: Path) -> None:
    """The no-op path stays fast by importing nothing heavy; a subprocess shows what it loads."""
    _built_looking_project(tmp_path)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ipanalysis.reports.config import Options, Project\n"
        "from ipanalysis.reports.runner import run_build\n"
        f"root = Path({str(tmp_path)!r})\n"
        "assert run_build(Project.at(root), Options(output_dir=root / 'reports')) == 0\n"
        "heavy = {'nbformat', 'nbconvert', 'nbclient', 'papermill', 'weasyprint', 'rich',"
        " 'matplotlib', 'pandas', 'jinja2', 'IPython'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines() == ["up to date: 1 report(s) in " +
                                          str(tmp_path / "reports"), "[]"]


# --- CJK and matplotlib ---------------------------------------------------------------------


def test_no_cjk_text_in_the_raw_data_or_the_committed_reports() -> None:
    """Reports need no CJK font because no Chinese characters reach them: neither the data nor
    any committed report has one. If this fails, install fonts-noto-cjk in the set-up."""
    paths = [*RAW_DIR.rglob("*.csv"), *REPORTS_DIR.glob("*.html"), *REPORTS_DIR.glob("*.ipynb")]
    for path in sorted(paths):
        found = CJK.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name} has CJK text {found[:5]}: install fonts-noto-cjk"


def test_matplotlib_svg_and_pdf_are_byte_stable() -> None:
    configure_matplotlib()
    outputs = {}
    for fmt in ("svg", "pdf", "png"):
        runs = []
        for _ in range(2):
            fig = Figure()
            ax = fig.subplots()
            ax.plot([1, 3, 2], label="series")
            ax.legend()
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt)
            runs.append(buffer.getvalue())
        outputs[fmt] = runs
    for fmt, (first, second) in outputs.items():
        assert first == second, fmt
    assert b"2000-01-01" in outputs["svg"][0]


# --- parameters in the plan -----------------------------------------------------------------


def test_a_parameter_the_notebook_does_not_declare_is_stopped_at_its_line(tmp_path: Path) -> None:
    text = ('# plan\n[[report]]\nname = "a"\nnotebook = "a.ipynb"\n\n[[report]]\nname = "b"\n'
            'notebook = "b.ipynb"\nparameters = { currency = "USD", curency = "EUR" }\n')
    path = _plan(tmp_path, text)
    with pytest.raises(PlanError) as caught:
        for spec in load_plan(path):
            check_parameters(spec)
    assert str(caught.value) == (
        f"{path}:9: report 'b': {tmp_path / 'b.ipynb'} declares no parameter 'curency'; "
        "it declares currency, as_of, x")


@pytest.mark.parametrize("name", ["__import__('os').system('touch pwned')", "x; y", "class", "1x"])
def test_a_parameter_name_that_is_not_a_python_name_never_reaches_papermill(
    tmp_path: Path, name: str
) -> None:
    text = ('[[report]]\nname = "a"\nnotebook = "a.ipynb"\n[report.parameters]\nx = 1\n'
            f'"{name}" = 2\n')
    path = _plan(tmp_path, text)
    (spec,) = load_plan(path)
    with pytest.raises(PlanError, match=re.escape(f"{path}:6: report 'a': parameter ")):
        check_parameters(spec)
    assert not (tmp_path / "pwned").exists()


def test_the_project_plan_uses_only_declared_parameters() -> None:
    for spec in load_plan(Project.default().plan):
        check_parameters(spec)


# --- lock and disk errors -------------------------------------------------------------------


def test_a_read_only_output_folder_is_one_line_naming_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Root may write anywhere, so the read-only file system is simulated where the lock opens
    its file; the command prints one line and exits 1, even with nothing to build."""
    import errno

    from ipanalysis import lock

    real_open = os.open

    def read_only(path: str, *args: int) -> int:
        if Path(path).is_relative_to(tmp_path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, *args)

    monkeypatch.setattr(lock.os, "open", read_only)
    code = main(["build", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert (code, err) == (1, f"{tmp_path / '.lock'}: cannot lock the folder: "
                              "Read-only file system\n")


def test_a_failed_write_removes_its_temporary_files_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from ipanalysis import atomic

    (tmp_path / "b.csv").write_text("old")
    real_fdopen = os.fdopen
    calls = []

    def full_disk_on_second(fd: int, mode: str) -> object:
        calls.append(fd)
        handle = real_fdopen(fd, mode)
        if len(calls) == 2:
            handle.write = lambda data: (_ for _ in ()).throw(
                OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
        return handle

    monkeypatch.setattr(atomic.os, "fdopen", full_disk_on_second)
    with pytest.raises(OSError) as caught:
        atomic.write_all_atomic({tmp_path / "a.csv": b"new a", tmp_path / "b.csv": b"new b"})
    assert caught.value.filename == str(tmp_path / "b.csv")
    assert "No space left on device" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]
    assert (tmp_path / "b.csv").read_text() == "old"
