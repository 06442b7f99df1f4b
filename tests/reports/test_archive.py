"""The archive of every real month (HTML only here: PDF is tested month by month)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb
import pytest

from pkobs.reports import build_archive
from pkobs.store.database import Database
from tests.conftest import Cli, requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata, pytest.mark.slow]


def test_archive_of_all_53_real_months(real_db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    started = time.perf_counter()
    with Database.open_read_only(real_db_path) as db:
        archive = build_archive(db, "fr", folder, formats=("html",))
    seconds = time.perf_counter() - started
    print(f"archive of {len(archive.files)} months (HTML): {seconds:.1f} s")
    assert len(archive.files) == 53
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 54 and "index.html" in names
    assert "bulletin-2009-11.fr.html" in names and "bulletin-2014-03.fr.html" in names
    index = (folder / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert len(links) == 53 and all((folder / link).is_file() for link in links)
    assert "53 bulletins, de novembre 2009 à mars 2014." in index
    march = (folder / "bulletin-2014-03.fr.html").read_text(encoding="utf-8")
    # March 2014 comes from the PPP file, which has no gender split: said, not hidden
    assert "Aucune donnée ventilée par sexe n’est disponible pour mars 2014." in march
    first = (folder / "bulletin-2009-11.fr.html").read_text(encoding="utf-8")
    assert "Aucune donnée n’est disponible pour le mois précédent (octobre 2009)" in first


def test_archive_command_builds_pdf_and_html(real_db_path: Path, tmp_path: Path) -> None:
    """The CLI path, on a database cut to two months so that it stays quick."""
    small = tmp_path / "small.duckdb"
    con = duckdb.connect(str(small))
    con.execute(f"ATTACH '{real_db_path}' AS real (READ_ONLY)")
    con.execute("COPY FROM DATABASE real TO small")
    con.execute("DETACH real")
    con.close()
    # Keep only the last two months
    con = duckdb.connect(str(small))
    con.execute("DELETE FROM source_file_months WHERE month < DATE '2014-02-01'")
    con.execute("DELETE FROM contribution_records WHERE month < DATE '2014-02-01'")
    con.close()
    result = Cli(small)("report", "--all-months", "--lang", "en", "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == [
        "bulletin-2014-02.en.html",
        "bulletin-2014-02.en.pdf",
        "bulletin-2014-03.en.html",
        "bulletin-2014-03.en.pdf",
        "index.html",
    ]
    said = " ".join(result.output.split())  # the console may wrap the folder's long path
    assert "Bulletins written in" in said and ": 2; index:" in said
