"""A database holding SYNTHETIC demo data says so on every page and on the bulletin's cover."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfReader

from pkobs.indicators import parse_month
from pkobs.pipeline import ingest_files
from pkobs.reports import build_bulletin
from pkobs.settings import Settings
from pkobs.store import open_database
from pkobs.synthetic import write_synthetic
from pkobs.web import create_app


def test_synthetic_data_is_labelled(tmp_path: Path) -> None:
    sample = tmp_path / "SYNTHETIC-demo.csv"
    write_synthetic(sample, rows=3_000, first=parse_month("2013-01"), last=parse_month("2014-02"))
    db = tmp_path / "demo.duckdb"
    con = open_database(db)
    ingest_files(con, [sample])
    out = tmp_path / "b.pdf"
    build_bulletin(con, parse_month("2014-02"), "fr", out)
    con.close()
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "DONNÉES SYNTHÉTIQUES DE DÉMONSTRATION" in text
    settings = Settings(home=tmp_path, db_path=db, lang="fr")
    with TestClient(create_app(settings)) as client:
        assert "Données SYNTHÉTIQUES de démonstration." in client.get("/fr/").text
        assert "SYNTHETIC demo data." in client.get("/en/gender").text


def test_real_data_has_no_synthetic_notice(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    con = open_database(db)
    ingest_files(con, [Path(__file__).resolve().parents[1] / "data" / "psdh_small.csv"])
    con.close()
    with TestClient(create_app(Settings(home=tmp_path, db_path=db, lang="fr"))) as client:
        assert "SYNTHÉTIQUES" not in client.get("/fr/").text
