"""The editorial bulletin on the real history (the shipped snapshot, 1990-2025): the reference
months February 2014, June 2011 and July 2025, in both languages.

A headline with its cause, the month's suspended members named, the gender targets in context,
the registries' completeness, a plain-words methodology box, charts without a table beside
them (their data in the annex), no page with one sentence on it, and French typography checked
on the text extracted from the French PDFs.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import BooleanObject

import pkobs.reports.bulletin as bulletin_module
from pkobs.i18n import Locale
from pkobs.indicators import parse_month
from pkobs.reports import build_bulletin, document_for
from pkobs.reports.blocks import (
    Block,
    Document,
    Figure,
    Heading,
    Keep,
    MethodologyBox,
    Paragraph,
    TableBlock,
    walk,
)
from pkobs.reports.bulletin import render
from pkobs.reports.data import MIN_PERSONNEL, BulletinData, gather
from pkobs.reports.layout import compose
from pkobs.reports.typst_render import column_widths
from pkobs.settings import Language
from pkobs.store.database import Database
from pkobs.typography import english_words, french_problems, french_words, reader_problems
from pkobs.web.francophonie import MIN_PERSONNEL as PAGE_MIN_PERSONNEL

pytestmark = [pytest.mark.realdata]

MONTHS = ("2014-02", "2011-06", "2025-07")
NOW = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Path:
    """The shipped snapshot of the real history (loaded once per session)."""
    return shipped_history


# The documents ``pdfs`` rendered, by (month, language): ``blocks_of`` reads them (the blocks
# of the very PDF a test reads) instead of gathering and composing the bulletin again.
RENDERED: dict[tuple[str, Language], Document] = {}


@pytest.fixture(scope="module")
def pdfs(history: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{"2014-02.fr": path, ...}``: the reference bulletins in both languages."""
    folder = tmp_path_factory.mktemp("editorial")
    built: dict[str, Path] = {}
    rendering: list[Document] = []

    def recorded(document: Document, fmt: str) -> bytes:
        rendering.append(document)
        return render(document, fmt)

    with Database.open_read_only(history) as db, pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulletin_module, "render", recorded)  # the real rendering, recorded
        for month in MONTHS:
            for lang in ("fr", "en"):
                out = folder / f"bulletin-{month}.{lang}.pdf"
                rendering.clear()
                built[f"{month}.{lang}"] = build_bulletin(
                    db, parse_month(month), lang, out, now=NOW
                )
                (RENDERED[(month, lang)],) = rendering
    return built


@functools.cache
def extracted(path: Path) -> tuple[str, ...]:
    """Each page's text, extracted once per PDF (the bulletins are written once, by ``pdfs``,
    and pypdf's extraction is most of what a test here costs)."""
    return tuple(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def pages(path: Path) -> list[str]:
    return list(extracted(path))


@functools.cache
def blocks_of(history: Path, month: str, lang: Language) -> list[Block]:
    """The bulletin's blocks, those ``pdfs`` rendered, else composed once per month and
    language (never modified here)."""
    if (month, lang) in RENDERED:
        return RENDERED[(month, lang)].blocks
    with Database.open_read_only(history) as db:
        return document_for(db, parse_month(month), lang, now=NOW).blocks


@functools.cache
def gathered(history: Path, month: str) -> BulletinData:
    """The bulletin's data for a month, gathered once (never modified here)."""
    with Database.open_read_only(history) as db:
        return gather(db, parse_month(month), now=NOW)


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


def test_a_french_bulletin_of_october_elides_de(history: Path, tmp_path: Path) -> None:
    """October 2010 (its comparisons: October 2009): « Le dernier jour d’octobre 2010 »,
    « l’effectif d’octobre 2009 », never « de octobre »; the reference months above are
    none of the months French elides « de » before (avril, août, octobre)."""
    with Database.open_read_only(history) as db:
        out = build_bulletin(db, parse_month("2010-10"), "fr", tmp_path / "b.fr.pdf", now=NOW)
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(out).pages)
    assert [str(p) for p in french_problems(text, "bulletin 2010-10")] == []
    said = flat(text)
    assert "Le dernier jour d’octobre 2010," in said
    assert "en pourcentage de l’effectif d’octobre 2009." in said


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
    # July 2025: the compared figures leave out Belgium's UNTSO gap of July 2024 (said, since
    # the one-year table gives the months' own totals), and three members left the OIF
    july = text_of(pdfs, "2025-07.fr")
    assert (
        "Entre juillet 2024 et juillet 2025, à données comparables (hors 1 lacune probable de la "
        "source), les membres de l’OIF ont déployé 225 membres du personnel de moins" in july
    )
    assert (
        "Ne comptent plus dans le groupe au second mois : Niger, Burkina Faso, Mali (214 membres "
        "du personnel au premier mois)." in july
    )


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
    blocks = blocks_of(history, month, "en")
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
    # the share over time needs no table: 3 of 4, then the missions the gap chart leaves apart
    # (BNUB in June 2011; UNOWAS, BINUH and MINUK in July 2025; none in February 2014)
    assert charts == 4 and len(annex) == (3 if month == "2014-02" else 4)
    if month == "2014-02":  # the top contributor's row, as the contributors chart draws it
        assert annex[0].rows[0][1:] == ["Rwanda", "4,258", "544", "4,802"]


@pytest.mark.parametrize(("month", "lang"), [(m, lang) for m in MONTHS for lang in ("fr", "en")])
def test_no_page_with_one_sentence_on_it(pdfs: dict[str, Path], month: str, lang: Language) -> None:
    reader = pypdf.PdfReader(pdfs[f"{month}.{lang}"])
    for number, (page, text) in enumerate(
        zip(reader.pages, extracted(pdfs[f"{month}.{lang}"]), strict=True), start=1
    ):
        lines = text.splitlines()
        # the running header (from page 2) and the footer are not content
        body = [
            line
            for line in lines
            if not line.startswith(("Bulletin mensuel ·", "Monthly bulletin ·"))
            and not re.search(r"Page \d+ / \d+$", line)
        ]
        content = " ".join(body)
        assert len(page.images) > 0 or len(content) > 400, (month, lang, number, content)


def body_lines(text: str) -> list[str]:
    """A page's lines (from its extracted ``text``) without the running header (from page 2)
    and the footer."""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip()
        and not line.startswith(("Bulletin mensuel ·", "Monthly bulletin ·"))
        and not re.search(r"Page \d+ / \d+$", line)
    ]


@pytest.mark.parametrize(("month", "lang"), [(m, lang) for m in MONTHS for lang in ("fr", "en")])
def test_no_heading_alone_at_the_foot_of_a_page(
    history: Path, pdfs: dict[str, Path], month: str, lang: Language
) -> None:
    """A heading (a section's, the annex's, or a title inside the methodology box such as
    « Fichiers sources ») is never the last line of a page: it goes with what it heads.
    July 2025 in French used to end page 4 with « Fichiers sources » and list the files on
    page 5."""
    blocks = blocks_of(history, month, lang)
    headings = {b.text for b in walk(blocks) if isinstance(b, Heading)}
    for box in (b for b in blocks if isinstance(b, MethodologyBox)):
        headings |= {box.title, box.definitions_title, box.sources_title}
    for number, text in enumerate(extracted(pdfs[f"{month}.{lang}"]), start=1):
        last = flat(body_lines(text)[-1]).strip()
        assert last not in {flat(h).strip() for h in headings}, (month, lang, number, last)


def test_the_minimum_mission_size_is_the_francophonie_pages() -> None:
    assert MIN_PERSONNEL == PAGE_MIN_PERSONNEL == 100


def annex_text(pdfs: dict[str, Path], key: str, marker: str) -> tuple[str, str]:
    """The text before the annex and the annex's text (the annex heading is ``marker``)."""
    text = text_of(pdfs, key)
    at = text.rindex(marker)
    return text[:at], text[at:]


@pytest.mark.parametrize(
    ("month", "apart", "ranked"),
    [
        ("2011-06", ["BNUB"], ["ONUCI", "FINUL", "MONUSCO", "MINUSTAH", "UNFICYP"]),
        ("2025-07", ["BINUH", "MINUK", "UNOWAS"], ["MINUSCA", "FINUL", "MONUSCO", "UNFICYP"]),
    ],
)
def test_political_and_tiny_missions_are_never_ranked(
    history: Path, pdfs: dict[str, Path], month: str, apart: list[str], ranked: list[str]
) -> None:
    """The linguistic gap ranks only peacekeeping operations of at least 100 uniformed
    personnel: BNUB (Burundi, a political mission of 2 in June 2011) used to top the chart at
    100 %, as UNOWAS (Senegal, 2 of 2) did in July 2025; they are listed apart in the annex."""
    data = gathered(history, month)
    french = Locale("fr")
    assert [french_name(data, r["mission"]) for r in reversed(data.gap_rows())] == ranked
    assert sorted(french_name(data, r["mission"]) for r in data.gap_rows(ranked=False)) == apart
    assert all(int(r["total_personnel"]) >= MIN_PERSONNEL for r in data.gap_rows())
    blocks = compose(data, french).blocks
    tables = [b for b in walk(blocks) if isinstance(b, TableBlock)]
    gap = next(t for t in tables if t.columns[-1] == "Écart à la moyenne")
    assert [row[0] for row in gap.rows] == ranked  # the chart's data: highest share first
    listed = next(t for t in tables if "Motif" in t.columns)
    assert sorted(row[0] for row in listed.rows) == apart
    before, annex = annex_text(pdfs, f"{month}.fr", "Annexe : données des graphiques")
    ranking = before[: before.index("Les femmes dans le personnel en tenue")]
    for name in apart:  # not in the headline, the gap's sentences or its chart's caption
        assert name not in ranking  # (the senior posts table may list a mission's leaders)
        assert name in annex
    high = gap.rows[0]
    assert f"à {flat(high[4])} ({high[0]})." in before  # the top of the range is a PKO
    english_before, english_annex = annex_text(pdfs, f"{month}.en", "Annex: data behind")
    assert "Among the " in english_before and " peacekeeping operations of at least 100 " in (
        english_before
    )
    assert "Special political mission" in english_annex


def french_name(data: BulletinData, acronym: str) -> str:
    names = data.missions.get(acronym)
    return names.fr if names is not None else acronym


def test_june_2011_ranks_from_unficyp_to_onuci_not_bnub(pdfs: dict[str, Path]) -> None:
    french = text_of(pdfs, "2011-06.fr")
    assert (
        "Parmi les 5 opérations de maintien de la paix d’au moins 100 membres du personnel en "
        "tenue, la part du groupe allait de 0,2 % (UNFICYP) à 36,1 % (ONUCI). Une autre mission "
        "(politique, d’appui ou de moins de 100 membres du personnel en tenue) n’est pas "
        "classée : elle figure à part dans l’annexe." in french
    )
    assert "100,0 % (BNUB)" not in french
    assert "BNUB Burundi Mission politique spéciale 2 2 100,0 %" in french


def test_the_headline_gives_its_changes_with_their_unit(pdfs: dict[str, Path]) -> None:
    """« +5 826 (114 % de la variation) » said nothing of what was counted."""
    french = text_of(pdfs, "2014-02.fr")
    assert (
        "MINUSMA (Mali, depuis juillet 2013), +5 826 membres du personnel (114 % de la "
        "variation) ; au total, les autres missions ont légèrement diminué (−706 membres du "
        "personnel)." in french
    )
    english = text_of(pdfs, "2011-06.en")
    assert "MINURCAT (Chad), −1,345 peacekeepers (101% of the change)" in english
    assert "rose slightly (+17 peacekeepers)" in english
    for key in pdfs:
        headline = text_of(pdfs, key).split("%.", 1)[1][:400]  # the cause, after the shares
        assert not re.search(r"[+−]\d[\d ,]* \(", headline), (key, headline)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_tables_say_what_their_numbers_count(pdfs: dict[str, Path], lang: Language) -> None:
    """The one-year table, the contributors' table and the gender table's bracketed figures
    name their unit."""
    text = text_of(pdfs, f"2025-07.{lang}")
    if lang == "fr":
        assert (
            "Effectifs en membres du personnel en tenue fournis par le groupe ; variation "
            "relative en pourcentage de l’effectif de juillet 2024." in text
        )
        assert "Effectifs en membres du personnel en tenue." in text
        assert "entre parenthèses, le nombre de femmes." in text
        assert "(au moins 100 membres du personnel et 20 %)" in text
        assert "100 personnes" not in text
    else:
        assert "Figures in uniformed personnel provided by the group; relative change" in text
        assert "in brackets, the number of women." in text


def test_the_gender_annex_holds_every_target_the_chart_marks(pdfs: dict[str, Path]) -> None:
    """The chart of July 2025 marks the 2025 and the 2028 targets: its table gives both."""
    _before, annex = annex_text(pdfs, "2025-07.fr", "Annexe : données des graphiques")
    assert "Part des femmes par catégorie et cibles de 2025 et de 2028, juillet 2025" in annex
    assert "Contingents militaires 9,1 % (1 310) 8,1 % (4 248) 12 % 15 %" in annex
    _before, annex = annex_text(pdfs, "2014-02.fr", "Annexe : données des graphiques")
    assert "cibles de 2028, février 2014" in annex and "Cible 2014" not in annex


def test_the_strategy_years_take_an_en_dash_in_french(pdfs: dict[str, Path]) -> None:
    text = text_of(pdfs, "2025-07.fr")
    assert "au personnel en tenue (2018–2028)" in text and "2018-2028" not in text


@pytest.mark.parametrize("month", MONTHS)
def test_no_english_in_the_french_bulletin_nor_french_in_the_english_one(
    pdfs: dict[str, Path], month: str
) -> None:
    french, english = text_of(pdfs, f"{month}.fr"), text_of(pdfs, f"{month}.en")
    assert [str(p) for p in english_words(french, month)] == []
    assert [str(p) for p in french_words(english, month)] == []
    assert [str(p) for p in reader_problems(french + english, month)] == []


@pytest.mark.parametrize("month", ["2014-02", "2025-07"])
def test_annex_cells_fit_on_one_line(history: Path, pdfs: dict[str, Path], month: str) -> None:
    """The figure columns are sized to their figures (headers wrap between words), so a host
    country keeps its name on one line: « République démocratique du Congo » used to wrap on
    three lines beside the figures."""
    lines = [flat(line) for text in extracted(pdfs[f"{month}.fr"]) for line in text.splitlines()]
    assert any(
        re.match(r"MONUSCO République démocratique du Congo [\d ]+ ", line) for line in lines
    )
    blocks = blocks_of(history, month, "fr")
    gap = next(
        b for b in walk(blocks) if isinstance(b, TableBlock) and "Écart à la moyenne" in b.columns
    )
    widths = column_widths(gap)
    assert widths is not None and widths[:2] == ["auto", "auto"]


def test_files_of_one_kind_are_named_once(pdfs: dict[str, Path]) -> None:
    """July 2025 uses thirteen monthly PDF reports: their kind heads the list once."""
    for key, name in (
        ("2025-07.fr", "Rapport mensuel de l’ONU sur les contributions en personnel en tenue"),
        ("2025-07.en", "UN monthly report on uniformed personnel contributions"),
    ):
        text = text_of(pdfs, key)
        assert text.count(name) == 1, key
        assert text.count("UN_country_contributions_20") == 13


def test_english_apostrophes_are_all_typographic(pdfs: dict[str, Path]) -> None:
    """One apostrophe throughout: « the group's countries » beside « the group’s share » read
    as two hands."""
    for month in MONTHS:
        text = text_of(pdfs, f"{month}.en")
        assert "group’s countries" in text
        assert re.findall(r".{12}[^\W\d_]'[^\W\d_].{12}", text) == [], month


def test_the_english_says_stopped_contributing_not_withdrew(pdfs: dict[str, Path]) -> None:
    """« withdrew » reads as leaving the organisation (Luxembourg sent nobody in February 2014;
    it stayed a member)."""
    text = text_of(pdfs, "2014-02.en")
    assert "Stopped contributing this month: Luxembourg." in text and "withdrew" not in text


@pytest.mark.parametrize(("month", "lang"), [(m, lang) for m in MONTHS for lang in ("fr", "en")])
def test_page_one_says_each_comparison_once(
    pdfs: dict[str, Path], month: str, lang: Language
) -> None:
    """The paragraph gives the share of the month before and of a year before with the changes:
    no table beside it repeating those figures (it used to sit between the paragraph and the
    chart of the same series)."""
    first = flat(extracted(pdfs[f"{month}.{lang}"])[0])
    said = re.findall(r"(?:s’établissait à|stood at) (\d+[,.]\d ?%)", first)
    assert len(said) == 2, first
    previous, year_before = said
    assert first.count(previous) == 1, (previous, first)
    assert first.count(year_before) == 2, (year_before, first)  # the headline and the paragraph
    assert "Mois précédent" not in first and "Previous month" not in first


@pytest.mark.parametrize("month", MONTHS)
def test_no_sentence_opens_on_a_figure(history: Path, month: str) -> None:
    """« 33 membres du groupe fournissaient… », « 3 autres missions… »: a sentence opens on a
    word, not on digits."""
    for lang in ("fr", "en"):
        blocks = blocks_of(history, month, lang)
        for block in walk(blocks):
            if isinstance(block, Paragraph):
                for opening in re.split(r"(?<=[.!?])\s+", block.text):
                    assert not opening[:1].isdigit(), (month, lang, opening)


def test_a_month_without_mission_split_does_not_say_no_mission(history: Path) -> None:
    """June 1995 has only each country's totals: the missions in the group's countries (UNAMIR
    in Rwanda, UNMIH in Haiti) are unknown, not absent; and the registry's « no holder » is
    said once, not twice."""
    with Database.open_read_only(history) as db:
        blocks = document_for(db, parse_month("1995-06"), "fr", now=NOW).blocks
    text = flat(" ".join(b.text for b in walk(blocks) if isinstance(b, Paragraph)))
    assert (
        "Pour juin 1995, les sources ne ventilent pas le personnel par mission : la part du "
        "groupe dans les missions déployées dans ses pays n’est pas connue." in text
    )
    assert "Aucune mission n’était déployée dans un pays du groupe" not in text
    assert text.count("ne recense aucun titulaire") == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_date_breaks_across_lines_in_the_source_list(
    pdfs: dict[str, Path], lang: Language
) -> None:
    """« importé le 2 décembre » then « 2026 » alone on the next line, or « Decem-ber » cut:
    July 2025's thirteen UN files are summed up in one entry whose import date stays on one
    line, then listed two to a line, each with the start of its checksum."""
    imported = 0
    for text in extracted(pdfs[f"2025-07.{lang}"]):
        for line in text.splitlines():
            assert not re.fullmatch(r"\s*(?:\d{1,2}, )?20\d\d\s*", flat(line)), line
            if re.search(r"imported on|importés le", line):
                assert re.search(r"(?:imported on|importés le) [^·]*2026 ·", flat(line)), line
                imported += 1
            if line.startswith("UN_country_contributions_"):  # file, checksum, file, checksum
                pair = r"UN_country_contributions_20\d\d_\d\d\.pdf [0-9a-f]{16}"
                assert re.fullmatch(rf"{pair}(?: {pair})?", flat(line).strip()), line
    assert imported == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_june_1995s_many_source_files_take_under_a_page_and_stay_traceable(
    history: Path, tmp_path: Path, lang: Language
) -> None:
    """June 1995 rests on 88 of IPI's country series: listed one per entry, they ran about
    3.5 pages. Now one entry says how many files, the months and the import date, then every
    file is named with the first 16 characters of its SHA-256, in small type, two or three to
    a line; the full checksums are on the site's methodology page, which the entry names."""
    data = gathered(history, "1995-06")
    with Database.open_read_only(history) as db:
        out = build_bulletin(db, parse_month("1995-06"), lang, tmp_path / "b.pdf", now=NOW)
    series = [s for s in data.sources if s.format == "ipi-series"]
    assert len(series) == 88
    texts = [page.extract_text() or "" for page in pypdf.PdfReader(out).pages]
    assert len(texts) <= 4
    text = flat("\n".join(texts))
    for source in series:  # every file, with the start of its checksum, is in the bulletin
        name = Path(source.path).name
        assert f"{name} {source.sha256[:16]}" in text, name
    assert f"/{lang}/methodology" in text
    assert ("88 fichiers" if lang == "fr" else "88 files") in text
    lines = [
        line
        for page_text in texts
        for line in page_text.splitlines()
        if re.search(r"\.csv [0-9a-f]{16}", line)
    ]
    assert len(lines) <= 45  # two or three files to a line: under a page of small type
    # a kind with few files keeps each file's full checksum (the registries, here)
    registries = [r.sha256 for r in data.registry_files]
    assert registries and all(sha in text.replace(" ", "") for sha in registries)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_july_2025_does_not_end_on_a_page_holding_one_small_table(
    pdfs: dict[str, Path], lang: Language
) -> None:
    """July 2025 ended on a sixth page holding only the annex's last tables (in English the
    women's table alone, 16 % of the page): its last page is tried again tighter (spacing,
    charts at 86 %, 7.5 pt tables) and kept when that saves the page."""
    texts = extracted(pdfs[f"2025-07.{lang}"])
    assert len(texts) == 5
    last = flat(" ".join(body_lines(texts[-1])))
    women = "Part des femmes par catégorie" if lang == "fr" else "Women’s share by category"
    assert women in last and len(last) > 1500, last[:200]


def test_a_box_title_never_ends_a_page(history: Path, tmp_path: Path) -> None:
    """French March 1991 ended page 2 with « Méthodologie et sources », the box's own title,
    and its last page held the women's table alone: the title now sticks to the box's first
    lines and the bulletin is one page shorter."""
    with Database.open_read_only(history) as db:
        out = build_bulletin(db, parse_month("1991-03"), "fr", tmp_path / "b.pdf", now=NOW)
    texts = [page.extract_text() or "" for page in pypdf.PdfReader(out).pages]
    assert len(texts) == 3
    for text in texts:
        assert flat(body_lines(text)[-1]).strip() != "Méthodologie et sources"


def test_pdfinfo_complains_only_of_poppler_s_suspects_quirk(pdfs: dict[str, Path]) -> None:
    """Typst writes the valid ``/MarkInfo << /Marked true /Suspects false >>`` of a tagged PDF;
    poppler (22.12 here) reports any ``/Suspects`` that is not ``true`` as "Suspects object is
    wrong type (boolean)". Nothing else may be reported."""
    reader = pypdf.PdfReader(pdfs["2014-02.fr"])
    mark_info = reader.root_object["/MarkInfo"]
    assert isinstance(mark_info, pypdf.generic.DictionaryObject)
    flags = {str(k): v.value for k, v in mark_info.items() if isinstance(v, BooleanObject)}
    assert flags == {"/Marked": True, "/Suspects": False}
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler) is not installed")
    run = subprocess.run([pdfinfo, str(pdfs["2014-02.fr"])], capture_output=True, text=True)
    assert run.returncode == 0 and "Pages:" in run.stdout
    quirk = "Syntax Error: Suspects object is wrong type (boolean)"
    assert set(run.stderr.splitlines()) <= {quirk}, run.stderr
