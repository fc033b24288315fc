"""Publishing: the claims explorer's rows, the Frictionless data package, the SQLite database and
Datasette serving it. Expected values are worked out by hand from the articles' literals."""

from __future__ import annotations

import doctest
import importlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import frictionless
import pandas as pd
import pytest
import sqlite_utils

from ipanalysis.errors import DataError
from ipanalysis.ingest.fields import (
    PROCESSED_CHECKS,
    PROCESSED_FIGURES,
    PROCESSED_SOURCES,
    PROCESSED_TABLES,
    RAW_TABLES,
    RELATIONS,
)
from ipanalysis.ingest.processed import read_processed
from ipanalysis.ingest.schemas import validated
from ipanalysis.paths import DATA_DIR, PROCESSED_DIR, REPORTS_DIR
from ipanalysis.publish import claims_href
from ipanalysis.publish.claims import claims_bytes, claims_frame
from ipanalysis.publish.database import (
    DB_FILE,
    METADATA_FILE,
    build_database,
    datasette_command,
)
from ipanalysis.publish.files import publish
from ipanalysis.publish.package import PACKAGE_FILE, package_bytes


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    figures = read_processed(PROCESSED_FIGURES, PROCESSED_DIR)
    checks = read_processed(PROCESSED_CHECKS, PROCESSED_DIR)
    relations = read_processed(RELATIONS, PROCESSED_DIR)
    return claims_frame(figures, checks, relations).set_index("id")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """raw/, processed/ and datapackage.json in a scratch folder that a test may break."""
    target = tmp_path / "data"
    for folder in ("raw", "processed"):
        shutil.copytree(DATA_DIR / folder, target / folder)
    (target / PACKAGE_FILE).write_bytes(package_bytes(DATA_DIR))
    return target


def test_claims_href_points_at_the_explorer_hash() -> None:
    assert claims_href("ab-01") == "claims.html#ab-01"
    assert claims_href("a b", page="x.html") == "x.html#a%20b"


def test_one_explorer_row_per_figure(claims: pd.DataFrame) -> None:
    # 10 + 2 + 13 + 11 + 22 figures, counted by hand article by article.
    assert len(claims) == 58
    assert claims.index.is_unique


def test_explorer_row_as_written_and_normalised(claims: pd.DataFrame) -> None:
    row = claims.loc["pw-01"]
    # "921,000" ends in three zeros: rounded to thousands, so exact means +/- 500.
    assert (row["as written"], row["value"], row["lower"], row["upper"]) == (
        "921,000", "921,000", "920,500", "921,500")
    assert row["paragraph"] == 9
    # "two" is a number word: exact, no rounding, and no check uses it.
    assert (claims.loc["pw-22", "lower"], claims.loc["pw-22", "upper"]) == ("2", "2")
    assert claims.loc["pw-22", "checks and relations (verdict)"] == "none"


def test_explorer_lists_each_check_with_its_verdict(claims: pd.DataFrame) -> None:
    # 18.04 trillion ([18.035, 18.045]) lies inside Xinhua's 18 trillion ([17.5, 18.5]):
    # consistent. nf-09 also enters the implied-GDP check against the official 2024 GDP
    # (declared checks first, in the order of data/raw/checks.csv), then the relations the metric
    # roles find, by kind in alphabetical order: the GDP it implies with its share nf-10, which
    # only derives a value; and ICT (nf-07, "nearly 8 trillion", 7.2 to 8) over 18.04 trillion
    # is 39.9% to 44.4%, against nf-08's "over 40%": undetermined.
    parts = claims.loc["nf-09", "checks and relations (verdict)"].split("; ")
    assert parts == [
        "pii_added_value_twice (consistent)", "pii_gdp_against_official_2024 (consistent)",
        "implied_whole (derived)", "share_check (undetermined)"]
    # no other figure's id stands in the row, so searching for an id finds that figure alone
    assert not claims["checks and relations (verdict)"].str.contains(r"[a-z]{2}-\d{2}").any()


def test_explorer_is_reproducible_current_and_self_contained() -> None:
    page = claims_bytes(PROCESSED_DIR)
    assert page == claims_bytes(PROCESSED_DIR)
    assert (REPORTS_DIR / "claims.html").read_bytes() == page, "run `make publish`"
    text = page.decode("utf-8")
    assert "<script src=" not in text and "<link " not in text
    assert 'href="index.html"' in text


def test_committed_datapackage_is_current_and_valid() -> None:
    assert (DATA_DIR / PACKAGE_FILE).read_bytes() == package_bytes(DATA_DIR), "run `make publish`"
    report = frictionless.validate(DATA_DIR / PACKAGE_FILE)
    assert report.valid, [(t.name, e.message) for t in report.tasks for e in t.errors][:5]


def test_frictionless_cli_validates_the_package() -> None:
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(cli), "validate", "--json", str(DATA_DIR / PACKAGE_FILE)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert json.loads(done.stdout)["valid"] is True


def test_datapackage_describes_every_declared_table() -> None:
    package = json.loads(package_bytes(DATA_DIR))
    resources = {r["name"]: r for r in package["resources"]}
    for table in (*PROCESSED_TABLES, *RAW_TABLES):
        resource = resources[table.name if table.folder == "processed" else f"raw_{table.name}"]
        paths = resource["path"] if table.partition else [resource["path"]]
        assert paths and all((DATA_DIR / path).is_file() for path in paths)
        assert [f["name"] for f in resource["schema"]["fields"]] == list(table.columns)
        assert all(f["description"] for f in resource["schema"]["fields"])
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    assert len(package["sources"]) == 5  # the five articles of data/raw/sources.csv
    figures = resources["figures"]["schema"]
    assert figures["primaryKey"] == ["figure_id"]
    assert {"fields": ["source_id"], "reference": {"resource": "sources",
                                                   "fields": ["source_id"]}} in figures[
        "foreignKeys"]


def test_a_column_missing_from_the_dictionary_fails(data_copy: Path) -> None:
    path = data_copy / "processed" / "figures.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).assign(undeclared="x")
    frame.to_csv(path, index=False)
    report = frictionless.validate(data_copy / PACKAGE_FILE)
    assert not report.valid
    errors = [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]
    assert [(name, kind) for name, kind, _ in errors] == [("figures", "extra-label")]
    with pytest.raises(DataError) as err:
        read_processed(PROCESSED_FIGURES, data_copy / "processed")
    assert str(err.value).startswith(
        f"{path}:1: undeclared: column not declared in the field dictionary")


def test_a_processed_table_is_checked_before_it_is_written() -> None:
    figures = read_processed(PROCESSED_FIGURES, PROCESSED_DIR)
    broken = figures.assign(paragraph=figures["paragraph"].astype(object))
    broken.loc[2, "paragraph"] = "ninth"
    with pytest.raises(DataError) as err:
        validated(PROCESSED_FIGURES, broken.drop(columns=["qualifier"]), "figures.csv")
    assert str(err.value).splitlines() == [
        "figures.csv:1: qualifier: declared column is missing",
        "figures.csv:4: paragraph: is not of type integer (got 'ninth')",
    ]


def test_a_number_in_a_text_column_is_located() -> None:
    """Text columns are checked by our own check, not pandera's dtype: a number where the
    publisher's name belongs (second article, so line 3 under the header) is still caught, and
    also fails the non-empty check, as before."""
    sources = read_processed(PROCESSED_SOURCES, PROCESSED_DIR)
    broken = sources.assign(publisher=sources["publisher"].astype(object))
    broken.loc[1, "publisher"] = 3
    with pytest.raises(DataError) as err:
        validated(PROCESSED_SOURCES, broken, "sources.csv")
    assert str(err.value).splitlines() == [
        "sources.csv:3: publisher: is not of type string (got 3)",
        "sources.csv:3: publisher: is empty (got 3)",
    ]


def test_database_is_reproducible_and_holds_the_figures(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert build_database(DATA_DIR, first) and build_database(DATA_DIR, second)
    assert first.read_bytes() == second.read_bytes()
    assert not build_database(DATA_DIR, second)  # same bytes: left alone
    db = sqlite_utils.Database(first)
    assert db["figures"].count == 58
    assert {fk.other_table for fk in db["figures"].foreign_keys} == {"sources", "metrics"}
    row = db["figures"].get("pw-01")
    assert (row["paragraph"], row["lower"], row["upper"]) == (9, 920_500.0, 921_500.0)


def test_publish_writes_everything_once(data_copy: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    first = publish(data_copy, reports)
    assert set(first) == {reports / "claims.html", data_copy / PACKAGE_FILE,
                          data_copy / METADATA_FILE, data_copy / DB_FILE}
    assert not first[data_copy / PACKAGE_FILE]  # the copy already held the current package
    assert not any(publish(data_copy, reports).values())
    assert not list(data_copy.glob(".*.tmp")) and not list(reports.glob(".*.tmp"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def datasette(data_copy: Path, tmp_path: Path) -> Iterator[str]:
    """Datasette serving a freshly built database on a free loopback port; always stopped."""
    publish(data_copy, tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        datasette_command(data_copy / DB_FILE, data_copy / METADATA_FILE, port),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to about 30 s for the server to answer
            if server.poll() is not None:
                pytest.fail(f"datasette exited: {server.stderr.read().decode()[-500:]}")
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not answer on its port")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server.stderr.close()


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_datasette_serves_a_figure_with_metadata(datasette: str) -> None:
    rows = _get(f"{datasette}/ipanalysis/figures.json?figure_id=nf-09&_shape=array")
    assert len(rows) == 1
    row = rows[0]
    # "18.04 trillion yuan": 18.04e12 yuan, last digit 0.01 trillion, exact -> +/- 0.005e12.
    assert row["literal"] == "18.04 trillion yuan"
    assert (row["base_value"], row["lower"], row["upper"]) == pytest.approx(
        (18.04e12, 18.035e12, 18.045e12), rel=1e-12)
    metadata = _get(f"{datasette}/-/metadata.json")
    assert metadata["license"] == "CC BY 4.0"
    tables = metadata["databases"]["ipanalysis"]["tables"]
    assert tables["figures"]["columns"]["lower"] == PROCESSED_FIGURES.fields[20].description
    assert "/ipanalysis/sources/powerhouse_2024" in metadata["databases"]["ipanalysis"][
        "description_html"]


@pytest.mark.parametrize("module", ["ipanalysis.links", "ipanalysis.publish.claims",
                                    "ipanalysis.publish.package"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_a_killed_publish_leaves_nothing_the_next_one_keeps(data_copy: Path,
                                                             tmp_path: Path) -> None:
    """What a publish killed while it builds the database leaves (its temporary folder, or a
    database and journal of an older version beside the target) goes with the next publish."""
    left = [data_copy / ".ipanalysis.db.abc123.tmp", data_copy / ".ipanalysis.db.x.tmp-journal"]
    (data_copy / ".ipanalysis.db.k9.tmp").mkdir()
    (data_copy / ".ipanalysis.db.k9.tmp" / "ipanalysis.db-journal").write_bytes(b"half")
    for path in left:
        path.write_bytes(b"half a database")
    reports = tmp_path / "reports"
    reports.mkdir()
    publish(data_copy, reports)
    assert sorted(p.name for p in data_copy.iterdir() if p.name.startswith(".")) == [".lock"]
    assert (data_copy / DB_FILE).is_file()
