"""The editorial bulletin on the real history (the shipped snapshot, 1990-2025): the reference
months February 2014, June 2011 and July 2025, in both languages.

A headline with its cause, the month's suspended members named, the gender targets in context,
the registries' completeness, a plain-words methodology box, charts without a table beside
them (their data in the annex), no page with one sentence on it, and French typography checked
on the text extracted from the French PDFs.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf
import pytest

from pkobs.indicators import parse_month
from pkobs.reports import build_bulletin, document_for
from pkobs.reports.blocks import Figure, Keep, MethodologyBox, TableBlock
from pkobs.settings import Language
from pkobs.store.database import Database
from pkobs.typography import french_problems

pytestmark = [pytest.mark.realdata]

MONTHS = ("2014-02", "2011-06", "2025-07")
NOW = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Path:
    """The shipped snapshot of the real history (loaded once per session)."""
    return shipped_history


@pytest.fixture(scope="module")
def pdfs(history: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{"2014-02.fr": path, ...}``: the reference bulletins in both languages."""
    folder = tmp_path_factory.mktemp("editorial")
    built: dict[str, Path] = {}
    with Database.open_read_only(history) as db:
        for month in MONTHS:
            for lang in ("fr", "en"):
                out = folder / f"bulletin-{month}.{lang}.pdf"
                built[f"{month}.{lang}"] = build_bulletin(
                    db, parse_month(month), lang, out, now=NOW
                )
    return built


def pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    """One line, plain spaces (Babel's and French typography's no-break spaces included)."""
    text = re.sub(r"[\u00a0\u202f]", " ", text.replace("-\n", ""))
    return re.sub(r"\s+", " ", text)


def text_of(pdfs: dict[str, Path], key: str) -> str:
    return flat("\n".join(pages(pdfs[key])))


@pytest.mark.parametrize("month", MONTHS)
def test_french_bulletins_follow_french_typography(pdfs: dict[str, Path], month: str) -> None:
    """U+202F before ; : ! ? and inside « », no « personnels » count, no file paths, option
    names or column ids: over everything the French PDF prints."""
    text = "\n".join(pages(pdfs[f"{month}.fr"]))
    assert len(text) > 5000
    assert [str(p) for p in french_problems(text, f"bulletin {month}")] == []


def test_the_headline_gives_the_cause(pdfs: dict[str, Path]) -> None:
    french, english = text_of(pdfs, "2014-02.fr"), text_of(pdfs, "2014-02.en")
    # the drivers indicator: the rise of February 2013 - February 2014 is MINUSMA's
    assert (
        "Entre février 2013 et février 2014, les membres de l’OIF ont déployé 5 120 membres du "
        "personnel de plus, et leur part est passée de 22,4 % à 26,5 %." in french
    )
    assert "vient d’une seule mission : MINUSMA (Mali, depuis juillet 2013)" in french
    assert "comes from one mission: MINUSMA (Mali, from July 2013)" in english
    # the headline comes first, before the month's figures
    assert french.index("MINUSMA (Mali") < french.index("En février 2014, les membres")
    assert "MINUSCA (Central African Republic)" in text_of(pdfs, "2025-07.en")


def test_the_suspended_members_of_the_month_are_named(pdfs: dict[str, Path]) -> None:
    assert (
        "Le dernier jour de février 2014, 3 membres du groupe étaient suspendus des instances "
        "de l’organisation : Madagascar (depuis avril 2009), Guinée-Bissau (depuis avril 2012) "
        "et République centrafricaine (depuis avril 2013) ; ils restent comptés dans les "
        "chiffres du groupe." in text_of(pdfs, "2014-02.fr")
    )
    assert "1 member of the group was suspended from the organisation’s bodies: Madagascar " in (
        text_of(pdfs, "2011-06.en")
    )
    assert "No member of the group was suspended from the organisation’s bodies on the last " in (
        text_of(pdfs, "2025-07.en")
    )


def test_gender_targets_are_put_in_context(pdfs: dict[str, Path]) -> None:
    july = text_of(pdfs, "2025-07.en")
    # July 2025 (hand-checked in the gender indicator): the group 9.1% of military contingents
    # against a 12% target, 23.9% of military observers (22%), 17.0% of formed units (16%)
    assert "Against the 2025 targets of the Uniformed Gender Parity Strategy 2018–2028:" in july
    assert "military contingents 9.1% for the group and 8.1% for all contributors (target 12%)" in (
        july
    )
    assert "Targets met: 2 of 3 for the group, 2 of 3 for all contributors." in july
    assert "For 2028, the strategy aims at 15% to 30% women" in july
    february = text_of(pdfs, "2014-02.fr")
    assert "ne fixait pas encore de cibles en 2014 : adoptée en 2018, elle vise pour 2028" in (
        february
    )


def test_registries_say_how_complete_they_are(pdfs: dict[str, Path]) -> None:
    french = text_of(pdfs, "2014-02.fr")
    known = re.search(r"Le registre connaît le titulaire de (\d+) des (\d+) postes", french)
    assert known is not None and int(known[1]) <= int(known[2])
    assert re.search(r"Date de fondation connue pour \d+ des \d+ centres \(au mois près", french)
    english = text_of(pdfs, "2025-07.en")
    assert re.search(r"The registry knows the holder of (each of the )?\d+", english)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_methodology_box_in_plain_words(pdfs: dict[str, Path], lang: str) -> None:
    text = text_of(pdfs, f"2014-02.{lang}")
    if lang == "fr":
        for words in (
            "D’où viennent les chiffres",
            "Un mois sans données",
            "Il n’est jamais compté comme zéro",
            "Niveaux de détail",
            "Pour février 2014 : par mission et par sexe.",
            "Registre des postes de direction des missions",
            "page « Postes de direction » du site de l’observatoire (/fr/senior-posts)",
        ):
            assert words in text
    else:
        assert "A month without data" in text and "It never counts as zero" in text
        assert "Registry of peacekeeping training centres" in text
    assert "refdata/" not in text and "senior_posts.csv" not in text


@pytest.mark.parametrize("month", MONTHS)
def test_charts_have_no_table_beside_them_and_their_data_is_in_the_annex(
    history: Path, month: str
) -> None:
    with Database.open_read_only(history) as db:
        blocks = document_for(db, parse_month(month), "en", now=NOW).blocks
    box = next(i for i, b in enumerate(blocks) if isinstance(b, MethodologyBox))
    for index, block in enumerate(blocks[:box]):
        if isinstance(block, Keep) and any(isinstance(b, Figure) for b in block.blocks):
            assert not any(isinstance(b, TableBlock) for b in block.blocks)
            assert not isinstance(blocks[index + 1], TableBlock)
    annex = [
        inner
        for block in blocks[box + 1 :]
        for inner in (block.blocks if isinstance(block, Keep) else [block])
        if isinstance(inner, TableBlock)
    ]
    charts = sum(
        isinstance(inner, Figure)
        for block in blocks
        for inner in (block.blocks if isinstance(block, Keep) else [block])
    )
    assert charts == 4 and len(annex) == 3  # the share over time needs no table: 3 of 4
    if month == "2014-02":  # the top contributor's row, as the contributors chart draws it
        assert annex[0].rows[0][1:] == ["Rwanda", "4,258", "544", "4,802"]


@pytest.mark.parametrize(("month", "lang"), [(m, lang) for m in MONTHS for lang in ("fr", "en")])
def test_no_page_with_one_sentence_on_it(pdfs: dict[str, Path], month: str, lang: Language) -> None:
    reader = pypdf.PdfReader(pdfs[f"{month}.{lang}"])
    for number, page in enumerate(reader.pages, start=1):
        lines = (page.extract_text() or "").splitlines()
        # the running header (from page 2) and the footer are not content
        body = [
            line
            for line in lines
            if not line.startswith(("Bulletin mensuel ·", "Monthly bulletin ·"))
            and not re.search(r"Page \d+ / \d+$", line)
        ]
        content = " ".join(body)
        assert len(page.images) > 0 or len(content) > 400, (month, lang, number, content)
