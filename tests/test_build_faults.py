"""The build under faults, each caused in the test: a ``kill -9`` of the build, of
``ipanalysis process``, a full disk, an output folder that cannot be locked; and what the build
must know: the data step, reports removed from the plan, random-number state between reports.

Every wait is bounded by a timeout; none asserts a duration other than the issue's "nothing of
the build runs 10 s after its parent is killed".
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ipanalysis.paths import PROJECT_ROOT, RAW_DIR
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.lifeline import RUNTIME_DIR, wait_for_earlier_workers
from ipanalysis.reports.runner import run_build

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "build" / "project"
IPANALYSIS = Path(sys.executable).with_name("ipanalysis")
DRIVER = """
import sys
from pathlib import Path
from ipanalysis.reports.config import Options, Project
from ipanalysis.reports.runner import run_build
root = Path(sys.argv[1])
sys.exit(run_build(Project.at(root), Options(output_dir=root / "reports", jobs=2)))
"""


def copy_project(root: Path, plan: str) -> Project:
    shutil.copytree(FIXTURE, root)
    (root / "notebooks" / "reports.toml").write_text(plan, encoding="utf-8")
    return Project.at(root)


def plan_of(*reports: tuple[str, str, str]) -> str:
    return "".join(f'[[report]]\nname = "{name}"\nnotebook = "{notebook}"\nparameters = {{{p}}}\n\n'
                   for name, notebook, p in reports)


def build(project: Project, **options: object) -> tuple[int, str]:
    log = io.StringIO()
    opts = Options(**{"output_dir": project.root / "reports", "jobs": 1, **options})
    return run_build(project, opts, out=log), log.getvalue()


def wait_until(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def children() -> dict[int, int]:
    """Parent pid of every live (non-zombie) process."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> set[int]:
    parents, found, frontier = children(), set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    return pids & set(children())


def connection_file(kernel: int) -> Path:
    """The connection file (ports and HMAC key) a kernel was started with: ``-f PATH``."""
    argv = Path(f"/proc/{kernel}/cmdline").read_bytes().decode().split("\0")
    return Path(argv[argv.index("-f") + 1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_the_build_takes_its_workers_and_kernels_and_leaves_no_key_in_tmp(
    tmp_path: Path,
) -> None:
    markers = [tmp_path / "one.running", tmp_path / "two.running"]
    project = copy_project(tmp_path / "p", plan_of(
        ("slow-one", "slow.ipynb", f'marker = "{markers[0]}"'),
        ("slow-two", "slow.ipynb", f'marker = "{markers[1]}"')))
    parent = subprocess.Popen([sys.executable, "-c", DRIVER, str(project.root)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: all(m.exists() for m in markers), 180, "both notebooks to run")
        tree = descendants(parent.pid)
        kernels = {pid for pid in tree
                   if b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()}
        assert len(kernels) == 2, tree
        runtime = project.root / "reports" / RUNTIME_DIR
        keys = {connection_file(kernel) for kernel in kernels}
        assert {key.parent for key in keys} == {runtime}, "not in the build's runtime folder"
        assert all(key.is_file() for key in keys)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=30)
    deadline = time.monotonic() + 10
    while alive(tree) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive(tree) == set(), "still running 10 s after the build was killed"
    assert not list((project.root / "reports").glob("slow-*"))

    project.plan.write_text(plan_of(("toy", "toy.ipynb", "scale = 1")))
    code, log = build(project)
    assert code == 0, log
    assert not any(key.exists() for key in keys), "the next build removes the keys left"
    assert not runtime.exists()


def test_a_new_build_waits_until_no_worker_of_an_earlier_one_is_alive(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\n"
         "from ipanalysis.reports.lifeline import join_build\n"
         f"join_build(Path({str(tmp_path)!r}))\nprint('ready', flush=True)\n"
         "sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "ready\n"
    waited = threading.Event()
    thread = threading.Thread(target=lambda: (wait_for_earlier_workers(tmp_path), waited.set()))
    thread.start()
    assert not waited.wait(timeout=1), "went ahead while a worker of another build was alive"
    holder.kill()
    holder.wait(timeout=30)
    assert waited.wait(timeout=30)
    thread.join(timeout=30)


def test_a_worker_whose_build_is_already_gone_exits(tmp_path: Path) -> None:
    code = subprocess.run([sys.executable, "-c", "from ipanalysis.reports.lifeline import "
                           "die_with_parent\ndie_with_parent(1)\nprint('ran')"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (code.returncode, code.stdout) == (1, "")


def test_a_report_removed_from_the_plan_is_deleted_with_its_outputs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", plan_of(("toy-a", "toy.ipynb", ""),
                                                   ("toy-b", "toy.ipynb", "")))
    code, log = build(project)
    assert code == 0, log
    out = project.root / "reports"
    project.plan.write_text(plan_of(("toy-a", "toy.ipynb", "")))
    code, log = build(project)
    assert code == 0, log
    assert "toy-b: no longer in the plan; removed toy-b.html, toy-b.ipynb, toy-b.pdf" in log
    assert "toy-a: up to date" in log
    assert not list(out.glob("toy-b*"))
    assert "toy-b" not in (out / "index.html").read_text()
    assert "toy-b" not in json.loads((out / "build-state.json").read_text())["records"]


def labels_project(root: Path) -> Project:
    """The shipped raw data and one report of a metric's label, built with the data step."""
    shutil.copytree(RAW_DIR, root / "data" / "raw")
    (root / "notebooks").mkdir()
    shutil.copy(FIXTURE / "notebooks" / "processed.ipynb", root / "notebooks")
    (root / "notebooks" / "reports.toml").write_text(
        plan_of(("labels", "processed.ipynb", 'metric = "valid_invention_patents"')))
    return Project.at(root, data_step=True)


def test_editing_raw_data_then_building_shows_the_edit(tmp_path: Path) -> None:
    """The issue's case: relabel a metric in data/raw/metrics.csv and run the build, not
    ``make data``: the report must show the new label."""
    root = tmp_path / "p"
    project = labels_project(root)
    code, log = build(project)
    assert code == 0, log
    assert "labels: Valid invention patents" in (root / "reports" / "labels.html").read_text()

    metrics = root / "data" / "raw" / "metrics.csv"
    metrics.write_text(metrics.read_text().replace(
        "valid_invention_patents,Valid invention patents,",
        "valid_invention_patents,Invention patents in force,"))
    code, log = build(project)
    assert code == 0, log
    # the notebook declares processed/figures.csv, which the relabel changes
    assert "data step: " in log and "labels: building (processed/figures.csv changed)" in log
    assert "labels: Invention patents in force" in (root / "reports" / "labels.html").read_text()
    code, log = build(project)
    assert (code, log) == (0, f"up to date: 1 report(s) in {root / 'reports'}\n")


def test_the_data_step_is_recorded_with_the_tables_not_with_an_output_folder(
    tmp_path: Path,
) -> None:
    """A second output folder finds data/processed/ current and does not remake it; an edit of
    data/raw/ remakes it once, whichever folder the next build writes to."""
    root = tmp_path / "p"
    project = labels_project(root)
    code, log = build(project)
    assert code == 0 and "data step: " in log, log
    record = json.loads((root / "data" / "processed" / ".made-from.json").read_text())
    processed = root / "data" / "processed"
    assert set(record["outputs"]) == {p.relative_to(processed).as_posix()
                                      for p in processed.rglob("*.csv")}
    assert ".data" not in json.loads((root / "reports" / "build-state.json").read_text())["records"]

    code, log = build(project, output_dir=tmp_path / "elsewhere")
    assert code == 0 and "data step: " not in log and "labels: built" in log, log

    sources = root / "data" / "raw" / "sources.csv"
    sources.write_text(sources.read_text() + "\n")
    code, log = build(project, output_dir=tmp_path / "third")
    assert code == 0 and "data step: " in log, log
    code, log = build(project)
    assert code == 0 and "data step: " not in log, log

    # `ipanalysis process` (make data) records the step too: the build after it does not redo it
    shutil.copy(PROJECT_ROOT / "requirements.lock", root)
    sources.write_text(sources.read_text() + "\n")
    result = subprocess.run([str(IPANALYSIS), "process", "--seeds-dir", str(tmp_path / "none")],
                            env={**os.environ, "IPANALYSIS_ROOT": str(root)},
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    code, log = build(project)
    assert code == 0 and "data step: " not in log, log


def test_an_output_folder_that_cannot_be_locked_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = subprocess.run([str(IPANALYSIS), "build", "--output-dir", str(blocker / "reports")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr == (f"{blocker / 'reports' / '.lock'}: cannot lock the folder: "
                             "Not a directory\n")


def _small_disk() -> None:
    """In the child: files may not grow past 4 KiB, and writing past it is an error (EFBIG),
    as writing to a full disk is (ENOSPC), instead of a signal."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_during_process_is_one_line_naming_the_file_and_leaves_no_temp(
    tmp_path: Path,
) -> None:
    out = tmp_path / "processed"
    result = subprocess.run([str(IPANALYSIS), "process", "--out-dir", str(out)],
                            capture_output=True, text=True, timeout=300, check=False,
                            preexec_fn=_small_disk, cwd=PROJECT_ROOT)
    assert result.returncode == 1
    assert result.stderr == f"{out / 'figures.csv'}: cannot write: File too large\n"
    # only the (empty) lock file the data step holds while it writes
    assert [p.name for p in out.rglob("*")] == [".lock"]


def test_a_killed_process_leaves_temp_files_that_the_next_process_removes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "processed"
    out.mkdir()
    (out / ".figures.csv.left-by-a-kill.tmp").write_text("half a ta")
    killed = subprocess.Popen([str(IPANALYSIS), "process", "--out-dir", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    killed.stdout.read(1)  # "wrote ...": the temporaries exist or have just been renamed
    killed.kill()
    killed.wait(timeout=30)
    result = subprocess.run([str(IPANALYSIS), "process", "--out-dir", str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert {"checks.csv", "figures.csv", "reference_rates.csv", "sources.csv", "notes",
            "relations"} <= {p.name for p in out.iterdir()}


def test_a_kernel_that_dies_at_start_is_started_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kernel can die before its first reply when another process took one of the ports
    picked for it ("Address already in use"); the report is then run in a new one, and only
    the last of KERNEL_START_ATTEMPTS failures fails it."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    from ipanalysis.reports.worker import KERNEL_START_ATTEMPTS, execute

    (tmp_path / "n.ipynb").write_text("{}")
    job = {"notebook": str(tmp_path / "n.ipynb"), "project_root": str(PROJECT_ROOT),
           "data_dir": str(tmp_path), "reads": []}
    real_execute = NotebookClient.execute
    calls: list[int] = []

    def dies_first(self: NotebookClient, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real_execute(self, **kwargs)

    monkeypatch.setattr(NotebookClient, "execute", dies_first)
    nb = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    assert execute(nb, job) is None and len(calls) == 2
    assert nb.cells[0].outputs[0]["text"] == "42\n"

    def always_dies(self: NotebookClient, **kwargs: object) -> object:
        calls.append(1)
        raise RuntimeError("Kernel died before replying to kernel_info")

    monkeypatch.setattr(NotebookClient, "execute", always_dies)
    calls.clear()
    problem = execute(new_notebook(cells=[new_code_cell("print(1)")]), job)
    assert problem == ("kernel did not start (3 attempts): Kernel died before replying to "
                       "kernel_info")
    assert len(calls) == KERNEL_START_ATTEMPTS == 3


def test_the_data_step_waits_while_a_build_reads_the_tables(tmp_path: Path) -> None:
    """A build holds data/processed/'s lock from its first hash to its last record, so an
    `ipanalysis process` started meanwhile waits, says so, and rewrites nothing under it."""
    root = tmp_path / "p"
    project = labels_project(root)
    shutil.copy(FIXTURE / "notebooks" / "slow.ipynb", root / "notebooks")
    marker = tmp_path / "slow.running"
    project.plan.write_text(plan_of(("slow", "slow.ipynb", f'marker = "{marker}"')))
    driver = DRIVER.replace("Project.at(root)", "Project.at(root, data_step=True)")
    build_process = subprocess.Popen([sys.executable, "-c", driver, str(root)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(marker.exists, 180, "the build's notebook to run")
        figures = root / "data" / "processed" / "figures.csv"
        before = figures.read_bytes()
        metrics = root / "data" / "raw" / "metrics.csv"
        metrics.write_text(metrics.read_text().replace(
            "valid_invention_patents,Valid invention patents,",
            "valid_invention_patents,Invention patents in force,"))
        waiting = subprocess.Popen(
            [str(IPANALYSIS), "process", "--raw-dir", str(project.raw_dir), "--out-dir",
             str(project.processed_dir), "--seeds-dir", str(tmp_path / "none")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=5)
        assert figures.read_bytes() == before, "process wrote while the build held the lock"
    finally:
        build_process.kill()
        build_process.wait(timeout=30)
    _, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    assert "waiting for it to finish" in err
    assert b"Invention patents in force" in figures.read_bytes()


def _small_files() -> None:
    """In the child: no file may grow past 16 KiB (EFBIG, as a full disk gives ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))


def test_a_full_disk_during_a_build_fails_the_report_naming_the_file(tmp_path: Path) -> None:
    """The toy report's files are over 16 KiB; the worker cannot write the first of them: the
    report fails with the file's path, the other outputs stay as they were, no temp is left."""
    project = copy_project(tmp_path / "p", plan_of(("toy", "toy.ipynb", "scale = 1")))
    out = project.root / "reports"
    result = subprocess.run([sys.executable, "-c", DRIVER, str(project.root)],
                            capture_output=True, text=True, timeout=300, check=False,
                            preexec_fn=_small_files)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "toy: FAILED" in result.stdout
    assert f"{out / 'toy.ipynb'}: cannot write: File too large" in result.stderr
    assert not list(out.rglob("*.tmp")) and not (out / "toy.html").exists()
