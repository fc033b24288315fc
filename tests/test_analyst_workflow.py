"""The analyst's tools: `make lab` starts as root and without a display, and notebook outputs
never reach git (the nbstripout filter that `make setup` configures)."""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import subprocess
import sys
import textwrap
import tomllib

import pytest

from ipanalysis.cli import build_parser
from ipanalysis.paths import PROJECT_ROOT

NOTEBOOK = "notebooks/growth.ipynb"


def _lab_command(env: dict[str, str]) -> str:
    """The `jupyter lab` line `make lab` would run, continuation lines joined."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "JUPYTER_PORT", "MAKEFLAGS")}
    out = subprocess.run(["make", "-n", "lab"], cwd=PROJECT_ROOT, env={**clean, **env},
                         capture_output=True, text=True, check=True).stdout
    return next(line for line in out.replace("\\\n", " ").splitlines() if "jupyter lab" in line)


def test_lab_without_a_display_as_this_user() -> None:
    flags = _lab_command({}).split()
    assert "--port=8888" in flags
    assert ("--allow-root" in flags) == (os.geteuid() == 0)
    # no display: print the address rather than try to open a browser (macOS always has one)
    assert ("--no-browser" in flags) == (platform.system() != "Darwin")


def test_lab_honours_port_and_display() -> None:
    flags = _lab_command({"JUPYTER_PORT": "9123", "DISPLAY": ":0"}).split()
    assert "--port=9123" in flags and "--port=8888" not in flags
    assert "--no-browser" not in flags


def _git(*args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], cwd=PROJECT_ROOT, input=stdin, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def in_git() -> None:
    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=PROJECT_ROOT,
                      capture_output=True, check=False).returncode:
        pytest.skip("not a git checkout")


def test_only_the_source_notebooks_are_filtered(in_git: None) -> None:
    # reports/*.ipynb are executed on purpose and keep their outputs
    out = _git("check-attr", "filter", "diff", "--", NOTEBOOK, "reports/growth.ipynb")
    assert out.splitlines() == [
        f"{NOTEBOOK}: filter: nbstripout", f"{NOTEBOOK}: diff: ipynb",
        "reports/growth.ipynb: filter: unspecified", "reports/growth.ipynb: diff: unspecified"]


def test_committed_notebooks_are_clean() -> None:
    notebooks = sorted(str(p) for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb"))
    result = subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", "--verify",
                             *notebooks], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def _as_jupyterlab_saves_it(text: str) -> str:
    """The notebook after a run in JupyterLab: outputs, counts and timing metadata."""
    nb = json.loads(text)
    for number, cell in enumerate(c for c in nb["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}]
        cell["metadata"]["execution"] = {"iopub.status.busy": "2026-12-02T06:00:00Z"}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def test_configured_filter_strips_outputs_and_keeps_tags(in_git: None) -> None:
    command = subprocess.run(["git", "config", "filter.nbstripout.clean"], cwd=PROJECT_ROOT,
                             capture_output=True, text=True, check=False).stdout.strip()
    if not command:
        message = "git filter nbstripout not configured (run make setup)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    clean = (PROJECT_ROOT / NOTEBOOK).read_text(encoding="utf-8")
    dirty = _as_jupyterlab_saves_it(clean)
    stripped = subprocess.run(shlex.split(command), cwd=PROJECT_ROOT, input=dirty,
                              capture_output=True, text=True, check=True).stdout
    cells = json.loads(stripped)["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert any("parameters" in c["metadata"].get("tags", []) for c in code)
    assert [c["id"] for c in cells] == [c["id"] for c in json.loads(clean)["cells"]]
    # what `git add` would store is byte for byte the clean notebook
    assert _git("hash-object", "--stdin", f"--path={NOTEBOOK}", stdin=dirty) == _git(
        "hash-object", "--stdin", "--no-filters", stdin=clean)


def _readme_section(title: str) -> str:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_add_an_article_commands_work_as_written() -> None:
    section = _readme_section("Add an article")
    commands = re.findall(r"`([^`]*ipanalysis [a-z]+[^`]*)`", section)
    # never the bare name, which is not on PATH after `make setup`
    assert commands and all(c.startswith(".venv/bin/ipanalysis ") for c in commands), commands
    for command in commands:  # each subcommand exists (its --help exits 0, an unknown one 2)
        with pytest.raises(SystemExit) as done:
            build_parser().parse_args([command.split()[1], "--help"])
        assert done.value.code == 0, command
    targets = set(re.findall(r"^([a-z-]+):", (PROJECT_ROOT / "Makefile").read_text(), re.M))
    assert set(re.findall(r"`make ([a-z-]+)`", section)) <= targets


def test_add_an_article_shows_a_report_entry_the_build_plan_accepts() -> None:
    snippet = re.search(r"```toml\n(.*?)```", _readme_section("Add an article"), re.S)
    assert snippet, "no [[report]] snippet"
    entry = tomllib.loads(textwrap.dedent(snippet.group(1)))["report"][0]
    assert (PROJECT_ROOT / "notebooks" / entry["notebook"]).is_file()
    assert entry["parameters"] == {"source_id": "SOURCE_ID"}
    # the same shape as the plan's own per-article entries
    plan = tomllib.loads((PROJECT_ROOT / "notebooks/reports.toml").read_text(encoding="utf-8"))
    shipped = [r for r in plan["report"] if r["notebook"] == entry["notebook"]]
    assert shipped and all(set(r) == set(entry) for r in shipped)


def _outputs(nb: object) -> list[list[dict]]:
    """Each code cell's outputs without execution counts (they grow in a reused kernel)."""
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["growth", "industry_share"])
def test_run_all_twice_with_a_parameter_edited_in_between_matches_a_fresh_kernel(
    name: str,
) -> None:
    """What an analyst does in JupyterLab: Run All, change currency in the parameters cell, Run
    All again in the same kernel. The second run must give what a fresh kernel gives."""
    import nbformat
    from nbclient import NotebookClient

    path = PROJECT_ROOT / "notebooks" / f"{name}.ipynb"

    def with_currency(currency: str) -> nbformat.NotebookNode:
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = cell.source.replace('currency = "CNY"', f'currency = "{currency}"')
        return nb

    resources = {"metadata": {"path": str(path.parent)}}
    first, again = with_currency("CNY"), with_currency("USD")
    client = NotebookClient(first, kernel_name="ipanalysis", timeout=600, resources=resources)
    with client.setup_kernel():
        for index, cell in enumerate(first.cells):
            client.execute_cell(cell, index)
        client.nb = again
        for index, cell in enumerate(again.cells):
            client.execute_cell(cell, index)
    fresh = with_currency("USD")
    NotebookClient(fresh, kernel_name="ipanalysis", timeout=600, resources=resources).execute()
    assert _outputs(again) == _outputs(fresh)


#: What JupyterLab's Markdown renderer takes for maths before it renders (its ``removeMath``
#: delimiters): two dollar signs not escaped as ``\$``, or ``\\(`` and ``\\[`` (two backslashes
#: in the source, since Markdown eats one).
MATHS = re.compile(r"(?<!\\)\$[^$\n]*(?<!\\)\$|\\\\[(\[]")


def _rendered_texts(nb: dict) -> list[str]:
    """What JupyterLab renders as Markdown or HTML: Markdown cells and rich outputs."""
    texts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            for mime in ("text/markdown", "text/html"):
                if mime in output.get("data", {}):
                    texts.append("".join(output["data"][mime]))
    return texts


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "reports").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_no_executed_notebook_holds_text_that_lab_would_read_as_maths(path: object) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = [m.group(0)[:60] for text in _rendered_texts(nb) for m in MATHS.finditer(text)]
    assert not found, found[:3]
