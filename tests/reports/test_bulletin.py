"""The bulletin of February 2014 on the real IPI data: figures, formats, pages, HTML."""

from __future__ import annotations

import functools
import re
from dataclasses import astuple
from pathlib import Path

import duckdb
import pypdf
import pypdfium2
import pytest

from pkobs.i18n import Locale
from pkobs.indicators import Params, parse_month
from pkobs.reports import narrative
from pkobs.reports.data import gather
from pkobs.reports.layout import contributors_table, cover, gap_table
from pkobs.settings import Language
from pkobs.store.database import Database
from tests.conftest import requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]


@functools.cache
def pdf_text(path: Path) -> str:
    """The PDF's text, extracted once per file (the session's bulletins are written once)."""
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    # Babel's narrow and ordinary no-break spaces: compare on plain spaces
    return re.sub(r"[\u00a0\u202f]", " ", text)


def flat(text: str) -> str:
    """Text with line breaks (and end-of-line hyphens added by justification) joined."""
    return re.sub(r"\s+", " ", text.replace("-\n", ""))


def test_french_pdf_has_the_key_figures_in_french_formats(bulletins: dict[str, Path]) -> None:
    text = pdf_text(bulletins["fr.pdf"])
    joined = flat(text)
    assert "Bulletin mensuel" in text
    assert "février 2014" in joined
    assert "Février 2014" in joined  # the cover
    # 26 076 of 98 350 (hand-checked in the share indicator): 26,5 % with a comma decimal
    assert "26 076" in joined and "98 350" in joined
    assert "26,5 %" in joined
    assert "25,6 %" in joined and "32,7 %" in joined  # military, police
    assert "janvier 2014" in joined and "26,4 %" in joined  # the previous month
    assert "février 2013" in joined and "22,4 %" in joined  # a year before
    assert "+0,1 point" in joined and "+4,1 points" in joined
    assert "Rwanda" in joined and "4 802" in joined  # the first contributor
    assert "MINUSMA" in joined and "82,1 %" in joined and "FINUL" in joined
    assert "f923a2f0b1b0378aeff640d649d797047f411e95e54929f69fce26ea8b46d0cf" in joined
    # the methodology in plain words points readers to the site's page, not to a file
    assert "page « Méthodologie » du site de l’observatoire (/fr/methodology)" in joined
    assert "docs/methodology.md" not in joined and "refdata/" not in joined
    assert "Généré le 28 novembre 2026 à 09:30 UTC" in joined
    for english in ("February", "Highlights", "Group share", "percentage point", "26.5%"):
        assert english not in joined


def test_english_pdf_has_the_key_figures_in_english_formats(bulletins: dict[str, Path]) -> None:
    joined = flat(pdf_text(bulletins["en.pdf"]))
    assert "Monthly bulletin" in joined
    assert "February 2014" in joined and "January 2014" in joined
    assert "26,076" in joined and "98,350" in joined
    assert "26.5%" in joined and "25.6%" in joined and "32.7%" in joined
    assert "+0.1 percentage points" in joined
    assert "UNIFIL" in joined and "FINUL" not in joined
    assert "Generated on November 28, 2026 at 09:30 UTC" in joined
    for french in ("février", "Faits saillants", "26,5", "personnels"):
        assert french not in joined


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_has_at_least_three_numbered_pages(bulletins: dict[str, Path], lang: str) -> None:
    reader = pypdf.PdfReader(bulletins[f"{lang}.pdf"])
    count = len(reader.pages)
    assert count >= 3
    word = "Page"
    last = flat(pdf_text(bulletins[f"{lang}.pdf"]))
    assert f"{word} 1 / {count}" in last and f"{word} {count} / {count}" in last


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_render_to_png_artefacts(
    bulletins: dict[str, Path], artifacts: Path, lang: str
) -> None:
    """Every page rendered to artifacts/ (look at bulletin-2014-02.fr.page1.png)."""
    document = pypdfium2.PdfDocument(bulletins[f"{lang}.pdf"])
    try:
        for index in range(len(document)):
            image = document[index].render(scale=150 / 72).to_pil()
            path = artifacts / f"bulletin-2014-02.{lang}.page{index + 1}.png"
            image.save(path)
            assert image.size[0] > 1000 and image.size[1] > image.size[0]  # A4 portrait
            colours = image.convert("L").getextrema()
            assert colours[0] < 60 and colours[1] > 240  # ink on paper, not a blank page
    finally:
        document.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_is_self_contained(bulletins: dict[str, Path], lang: str) -> None:
    html = bulletins[f"{lang}.html"].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert "url(" not in html
    images = re.findall(r'<img src="([^"]*)"', html)
    assert len(images) == 4
    assert all(src.startswith("data:image/png;base64,") for src in images)


def test_html_has_the_same_text_as_the_pdf(bulletins: dict[str, Path]) -> None:
    html = re.sub(r"[\u00a0\u202f]", " ", bulletins["fr.html"].read_text(encoding="utf-8"))
    for expected in (
        "février 2014",
        "26,5 %",
        "26 076",
        "Rwanda",
        "Méthodologie et sources",
        "+4,1 points",
    ):
        assert expected in html


def test_french_pdf_has_the_senior_posts_and_training_section(bulletins: dict[str, Path]) -> None:
    joined = flat(pdf_text(bulletins["fr.pdf"]))
    assert "Postes de direction et formation" in joined
    assert "Postes de direction des missions" in joined
    # the month's share, from the senior-posts indicator (figures move with the registry)
    assert re.search(
        r"Le dernier jour de février 2014, des ressortissants des membres et membres associés "
        r"de l’Organisation internationale de la Francophonie \(OIF\) occupaient \d+ des \d+ "
        r"postes de direction pourvus .* soit \d+,\d %\. Par type de poste : chefs de mission, "
        r"\d+ sur \d+ \(\d+,\d %\) ; commandants de la force",
        joined,
    )
    # February 2014's holders in the missions hosted by OIF members (registry rows; the
    # registry is under review, so an asterisk may come and go: an uncertain row is marked)
    assert re.search(r"MONUSCO Chef de mission Martin Kobler( \*)? Allemagne", joined)
    assert re.search(r"ONUCI Chef de mission Aïchatou Mindaoudou Souleymane( \*)? Niger", joined)
    marked = re.search(r"[a-z] \* [A-ZÉ]", joined)
    assert bool(marked) == ("* Entrée marquée « incertaine » dans le registre" in joined)
    assert "Centres de formation francophones" in joined
    assert re.search(r"dont \d+ centres francophones \(le français y est une langue", joined)
    assert "Cameroun" in joined and "Sénégal" in joined and "Total" in joined


def test_english_pdf_has_the_senior_posts_and_training_section(bulletins: dict[str, Path]) -> None:
    joined = flat(pdf_text(bulletins["en.pdf"]))
    assert "Senior posts and training" in joined
    assert re.search(
        r"On the last day of February 2014, nationals of the members and associate members of "
        r"the Organisation internationale de la Francophonie \(OIF\) held \d+ of the \d+ senior "
        r"posts filled in UN peace operations .* a share of \d+\.\d%\.",
        joined,
    )
    assert re.search(r"MONUSCO Head of mission Martin Kobler( \*)? Germany", joined)
    assert re.search(r"UNOCI Head of mission Aïchatou Mindaoudou Souleymane( \*)? Niger", joined)
    marked = re.search(r"[a-z] \* [A-Z]", joined)
    assert bool(marked) == ("* Entry flagged “uncertain” in the registry" in joined)
    assert "Francophone training centres" in joined and "Cameroon" in joined
    for french in ("Chef de mission", "Allemagne", "Centres francophones"):
        assert french not in joined


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_signed_changes_print_a_true_minus_sign(bulletins: dict[str, Path], lang: str) -> None:
    joined = flat(pdf_text(bulletins[f"{lang}.pdf"]))
    # UNIFIL's gap to the OIF average in February 2014: 20.4% - 26.5% = -6.1 points
    gap = "\u22126,1 pt" if lang == "fr" else "\u22126.1 pt"
    assert gap in joined
    assert not re.search(r"(?<![\w/])-\d", joined)  # no hyphen-minus before a figure


def all_contributors_text(con: duckdb.DuckDBPyConnection, lang: Language) -> str:
    """The cover and paragraphs of a ``--group all`` bulletin (no charts)."""
    locale = Locale(lang)
    data = gather(Database.of(con), parse_month("2014-02"), Params(group="all"))
    front = cover(data, locale)
    parts = [front.group_line, *(f"{k.label} {k.value} {k.note}" for k in front.kpis)]
    parts += [p for part in astuple(narrative.build(data, locale)) for p in part]
    return re.sub(r"[\u00a0\u202f]", " ", "\n".join(parts))


def test_all_contributors_bulletin_reads_naturally(real_con: duckdb.DuckDBPyConnection) -> None:
    text = all_contributors_text(real_con, "fr")
    assert (
        "En février 2014, l’ensemble des pays contributeurs déployait 98 350 membres du "
        "personnel en tenue dans les opérations de paix de l’ONU. On comptait parmi eux "
        "85 289 militaires et 13 061 policiers." in text
    )
    assert "Ils étaient 98 739 en janvier 2014, soit une variation de \u2212389 en un mois." in text
    assert "Ensemble des pays contributeurs" in text  # the cover's group line
    assert "de l’ensemble des contributeurs fournissaient" not in text
    assert "100,0" not in text  # no meaningless 100 % share, on the cover or in the text
    assert "Ce mois-ci, 122 pays fournissaient du personnel." in text
    assert "n’en fournissaient pas" not in text  # nobody is outside "all contributors"
    english = all_contributors_text(real_con, "en")
    assert "all contributing countries together deployed 98,350 uniformed personnel" in english
    assert "a change of \u2212389 in one month" in english and "100.0" not in english


def test_one_gathering_is_written_in_either_language(real_db_path: Path) -> None:
    """The facts are language-free: the same BulletinData composed with each Locale."""
    with Database.open_read_only(real_db_path) as db:
        data = gather(db, parse_month("2014-02"), Params())
    french, english = Locale("fr"), Locale("en")
    assert cover(data, french).month == "Février 2014"
    assert cover(data, english).month == "February 2014"
    assert [row[0] for row in gap_table(data, french).rows][:3] == ["MINUSMA", "ONUCI", "FINUL"]
    assert [row[0] for row in gap_table(data, english).rows][:3] == ["MINUSMA", "UNOCI", "UNIFIL"]
    assert [row[1] for row in contributors_table(data, french).rows][3] == "Égypte"
    assert [row[1] for row in contributors_table(data, english).rows][3] == "Egypt"
    # cells by their declared kinds: counts grouped per language, shares as percentages
    assert contributors_table(data, english).rows[0][2:] == ["4,258", "544", "4,802"]
    assert gap_table(data, french).rows[0][2:5] == ["5\u202f826", "7\u202f093", "82,1\u00a0%"]
