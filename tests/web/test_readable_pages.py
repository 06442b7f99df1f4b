"""What a reader sees on the coverage, methodology and training-centres pages is worded, not
coded: kinds of source by name (the format ids stay in the JSON and CSV), indicator headings
without their API id, and the registry's count of centres explained by the ones that closed.
On the shipped history (1990-2025), in both languages."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale, catalogue
from pkobs.indicators import INDICATORS
from pkobs.settings import Language
from pkobs.store.schema import FORMAT_RANK
from pkobs.typography import english_words, french_problems, french_words, visible_text
from pkobs.web.coverage import kind_names
from pkobs.web.registries import open_and_closed

LANGS: list[Language] = ["fr", "en"]
NNBSP = "\u202f"


def cells(html: str, tag: str = "td") -> list[str]:
    return [visible_text(c).strip() for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)]


def section(html: str, heading_id: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert found is not None, heading_id
    return found.group(1)


# --- coverage ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_format_has_a_readable_name(lang: Language) -> None:
    words = catalogue(lang)
    for source_format in FORMAT_RANK:
        name = words[f"coverage.kind.{source_format}"]
        assert source_format not in name
        if lang == "fr":
            assert french_problems(name) == [] and english_words(name) == [], name
        else:
            assert french_words(name) == [], name


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_names_the_kinds_of_source_and_keeps_ids_in_the_data(
    history_client: TestClient, lang: Language
) -> None:
    html = history_client.get(f"/{lang}/coverage").text
    api = history_client.get("/api/v1/coverage").json()["rows"]
    formats = {f for row in api if row["formats"] for f in row["formats"].split(", ")}
    assert formats == {"ipi-series", "ipi-gender", "ipi-ppp", "ipi-json", "un-pdf"}
    text = visible_text(html)
    assert not [f for f in formats if f in text], "a format id on the coverage page"
    # the periods table: each period's kinds of source, by name, as the API lists them
    periods = section(html, "periods-title")
    shown = {c for c in cells(periods) if "IPI" in c or "UN" in c or "ONU" in c}
    locale = Locale(lang)
    assert shown == {kind_names(row["formats"], locale) for row in api if row["formats"]}
    series = "Séries par pays de l’IPI" if lang == "fr" else "IPI country series"
    pdf = "Rapports mensuels de l’ONU (PDF)" if lang == "fr" else "UN monthly reports (PDF)"
    assert series in shown and pdf in shown
    # the kinds of source, each with the span of months it covers (from the API's rows)
    kinds_html = section(html, "kinds-title")
    kinds = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", kinds_html))
    months = [row["month"] for row in api if row["formats"] and "ipi-series" in row["formats"]]
    assert (min(months), max(months), len(months)) == ("1990-11-30", "2014-03-31", 281)
    if lang == "fr":
        assert kinds[series] == "de novembre 1990 à mars 2014 (281 mois)"
        assert kinds["Fichier mensuel de l’IPI"] == "mars 2014 seulement"
        assert kinds["Relevés mensuels de l’IPI (JSON)"] == "d’avril 2014 à août 2014 (5 mois)"
        text = visible_text(kinds_html)
        assert french_problems(text) == [] and english_words(text) == []
    else:
        assert kinds[series] == "November 1990 to March 2014 (281 months)"
        assert kinds["IPI monthly file"] == "March 2014 only"
    assert len(kinds) == len(formats)
    csv_text = history_client.get("/api/v1/coverage?format=csv").text
    assert "un-pdf" in csv_text and "ipi-series" in csv_text  # the data keeps the ids


# --- methodology -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_methodology_headings_are_plain_headings(
    history_client: TestClient, lang: Language
) -> None:
    html = history_client.get(f"/{lang}/methodology").text
    definitions = history_client.get(f"/{lang}/methodology.json").json()["tables"]["definitions"]
    titles = {row["name"]: row["title"] for row in definitions}
    assert set(titles) == set(INDICATORS)
    label = "Identifiant dans l’API" + NNBSP + ":" if lang == "fr" else "Identifier in the API:"
    for name, title in titles.items():
        heading = re.search(rf'<h3 id="def-{name}">(.*?)</h3>\s*<p[^>]*>(.*?)</p>', html, re.S)
        assert heading is not None, name
        assert unescape(heading.group(1)) == title, name  # the title alone: no id, no code
        assert not title.endswith((name, f"({name})")) and "<" not in title, name
        assert heading.group(2) == f"{label} <code>{name}</code>"
    # the sources table names each file's kind, not its format id
    rows = history_client.get(f"/{lang}/methodology.json").json()["tables"]["sources"]
    formats = {row["format"] for row in rows}
    assert "un-pdf" in formats
    kinds = set(cells(section_of_sources(html)))
    assert not formats & kinds
    assert ("Rapport mensuel de l’ONU en PDF" if lang == "fr" else "UN monthly report in PDF") in (
        kinds
    )


def section_of_sources(html: str) -> str:
    found = re.search(r'<table class="sources">(.*?)</table>', html, re.S)
    assert found is not None
    return found.group(1)


# --- training centres --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_training_centres_say_why_the_registry_counts_one_more(
    history_client: TestClient, shipped_history: Path, lang: Language
) -> None:
    today = dt.date.today()
    with duckdb.connect(str(shipped_history), read_only=True) as con:
        ever, open_now = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE active_from <= current_date
                 AND coalesce(active_to, DATE '9999-12-31') >= current_date)
               FROM training_centres"""
        ).fetchall()[0]
        closed = con.execute(
            "SELECT name_fr, name_en, closed FROM training_centres WHERE active_to < current_date"
        ).fetchall()
    assert (ever, open_now) == (52, 51)
    assert closed == [
        ("Centre Pearson pour le maintien de la paix", "Pearson Peacekeeping Centre", "2013-09")
    ]
    html = history_client.get(f"/{lang}/training-centres").text
    said = re.search(r'<p id="centres-open-and-closed">(.*?)</p>', html, re.S)
    assert said is not None
    month = Locale(lang).month(today)
    if lang == "fr":
        expected = (
            f"Le registre a recensé 52 centres en tout{NNBSP}; 51 sont ouverts en {month}. "
            f"Celui qui n’est plus ouvert{NNBSP}: Centre Pearson pour le maintien de la paix "
            "(fermé en septembre 2013)."
        )
        assert french_problems(visible_text(html)) == []
    else:
        expected = (
            f"The registry has listed 52 centres in all; 51 are open in {month}. "
            "The one no longer open: Pearson Peacekeeping Centre (closed in September 2013)."
        )
    assert said.group(1) == expected
    # the headline figure is the open count, and says so
    figure = re.search(r"<dt>([^<]*)</dt><dd>(\d+)</dd>", html)
    assert figure is not None
    headline = "Centres ouverts en " if lang == "fr" else "Centres open in "
    assert figure.groups() == (headline + month, "51")


def registry_row(name: str, active_to: dt.date | None, closed: str | None) -> dict[str, object]:
    return {"name_fr": f"{name} (fr)", "name_en": name, "active_to": active_to, "closed": closed}


def test_open_and_closed_counts_and_names_each_closed_centre() -> None:
    day = dt.date(2020, 6, 30)
    rows = [
        registry_row("Open", None, None),
        registry_row("Later", dt.date(2021, 12, 31), "2021"),  # still open in June 2020
        registry_row("Beta", dt.date(2015, 3, 31), "2015-03"),
        registry_row("Alpha", dt.date(2012, 12, 31), "2012"),
    ]
    assert open_and_closed((rows, 4), 2, day, Locale("en")) == (
        "The registry has listed 4 centres in all; 2 are open in June 2020. Those no longer "
        "open: Alpha (closed in 2012), Beta (closed in March 2015)."
    )
    assert open_and_closed((rows, 4), 2, day, Locale("fr")) == (
        f"Le registre a recensé 4 centres en tout{NNBSP}; 2 sont ouverts en juin 2020. Ceux qui "
        f"ne sont plus ouverts{NNBSP}: Alpha (fr) (fermé en 2012), Beta (fr) (fermé en mars 2015)."
    )
    # none closed: the counts alone; one open: the singular
    assert open_and_closed((rows[:1], 1), 1, day, Locale("fr")) == (
        f"Le registre a recensé 1 centre en tout{NNBSP}; 1 est ouvert en juin 2020."
    )
