"""Messages that hold a count read right with one and with several, in both languages: a plural
message picks its form by the number (CLDR), and a message the command line fills with a bare
number is worded so that any number fits (no « chiffre(s) », no "month(s)")."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pkobs.i18n import Locale, catalogue, plural_catalogue, t
from pkobs.messages import Count, Message, Month
from pkobs.settings import LANGUAGES, Language

NNBSP = "\u202f"
FR, EN = Locale("fr"), Locale("en")


def test_women_among_the_personnel_whose_sex_is_known() -> None:
    def women(locale: Locale, female: int, known: int) -> str:  # as country.html calls it
        return locale.plural("profiles.women_n", known, female=str(female), personnel=str(known))

    assert women(FR, 0, 1) == "(0 sur 1 membre du personnel dont le sexe est connu)"
    assert women(FR, 3, 40) == "(3 sur 40 membres du personnel dont le sexe est connu)"
    assert women(EN, 0, 1) == "(0 of 1 person whose sex is reported)"
    assert women(EN, 3, 40) == "(3 of 40 personnel whose sex is reported)"


def test_senior_posts_with_a_known_holder() -> None:
    def held(locale: Locale, by_group: int, filled: int) -> str:  # as senior_posts.html does
        return locale.plural("profiles.senior_n", filled, held=str(by_group), filled=str(filled))

    assert held(FR, 1, 1) == "(1 sur 1 poste au titulaire connu)"
    assert held(FR, 1, 3) == "(1 sur 3 postes au titulaire connu)"
    assert held(EN, 1, 1) == "(1 of 1 post with a known holder)"
    assert held(EN, 1, 3) == "(1 of 3 posts with a known holder)"

    def complete(locale: Locale, filled: int, expected: int) -> str:
        known = locale.count(filled, "known_post")
        return locale.plural(
            "profiles.completeness_n", expected, filled=known, expected=str(expected)
        )

    assert complete(FR, 1, 1) == "(1 poste au titulaire connu sur 1 attendu)"
    assert complete(FR, 1, 3) == "(1 poste au titulaire connu sur 3 attendus)"
    assert complete(FR, 23, 26) == "(23 postes au titulaire connu sur 26 attendus)"
    assert complete(EN, 1, 1) == "(1 post with a known holder of 1 expected)"
    assert complete(EN, 23, 26) == "(23 posts with a known holder of 26 expected)"

    def hover(locale: Locale, by_group: int, filled: int) -> str:  # web/registries.with_n
        return locale.plural("senior.hover_n", filled, held=str(by_group), filled=str(filled))

    assert hover(FR, 0, 1) == "0 sur 1 poste au titulaire connu"
    assert hover(FR, 2, 3) == "2 sur 3 postes au titulaire connu"
    assert hover(EN, 0, 1) == "0 of 1 post with a known holder"
    assert hover(EN, 2, 3) == "2 of 3 posts with a known holder"


@pytest.mark.parametrize(
    ("lang", "contingents", "personnel", "expected"),
    [
        (
            "fr",
            1,
            1,
            "En août 2020, la part des femmes laisse de côté 1 contingent (1 membre du "
            "personnel) dont",
        ),
        (
            "fr",
            4,
            2500,
            f"En août 2020, la part des femmes laisse de côté 4 contingents (2{NNBSP}500 "
            "membres du personnel) dont",
        ),
        ("en", 1, 1, "In August 2020, the women's share leaves out 1 contingent (1 peacekeeper)"),
        (
            "en",
            4,
            2500,
            "In August 2020, the women's share leaves out 4 contingents (2,500 peacekeepers)",
        ),
    ],
)
def test_contingents_left_out_of_the_womens_share(
    lang: Language, contingents: int, personnel: int, expected: str
) -> None:
    """The gender note (one a month) counts contingents and personnel with their own plurals."""
    note = Message(
        "indicator.note.swapped_sex",
        {
            "month": Month(dt.date(2020, 8, 1)),
            "contingents": Count(contingents, "swapped_contingent"),
            "personnel": Count(personnel, "peacekeeper"),
        },
    )
    assert Locale(lang).message(note).startswith(expected)


def test_the_data_check_counts_any_number_of_implausible_figures() -> None:
    """``pkobs check-data`` fills these with a bare number (``t(key, lang, count=52)``)."""
    for count in (1, 52):
        french = t("check.implausible", "fr", count=count)
        assert french.startswith("Chiffres invraisemblables, qui s’additionnent mais ne cadrent")
        assert french.endswith(f"(rien n’a été corrigé){NNBSP}: {count}")
        english = t("check.implausible", "en", count=count)
        assert english == (
            "Implausible figures, which add up but do not fit their own history (nothing was "
            f"corrected): {count}"
        )
        assert t("coverage.missing", "en", count=count, months="2014-09") == (
            f"Months without any source ({count}): 2014-09"
        )
    # French « mois » is the same in the singular and the plural
    assert t("coverage.missing", "fr", count=1, months="2014-09") == (
        f"1 mois sans aucune source{NNBSP}: 2014-09"
    )
    sex = {"month": "février 2014", "iso3": "Sénégal", "mission": "MINUSMA", "type": "troupes"}
    sex |= {"female": "1", "total": "40", "share": "2,5\u00a0%", "expected": "80,0\u00a0%"}
    assert t("check.implausible_sex", "fr", **sex, where="l. 3").startswith(
        f"Sénégal, MINUSMA, troupes, février 2014{NNBSP}: 2,5\u00a0% de femmes (1 sur 40), "
    )


def test_rows_of_one_field() -> None:
    """A row of one field (a line of text in a CSV file) against a header of several."""
    assert t("ingest.row_too_short", "fr", found=1, expected=9) == (
        f"l’en-tête a 9 champs, cette ligne 1{NNBSP}: il manque des champs"
    )
    assert t("ingest.row_too_short", "en", found=1, expected=9) == (
        "the header has 9 fields, this row 1: missing fields"
    )
    for key, name in (("ingest.truncated", "fields"), ("refdata.field_count", "fields")):
        assert "cette ligne 1" in t(key, "fr", **{name: 1}, expected=9)
        assert "this row 1" in t(key, "en", **{name: 1}, expected=9)
    assert t("history.series_fields", "en", found=1, expected=4) == (
        "the header has 4 fields, this row 1"
    )


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 1, "1 mois, d’avril 2014 à avril 2014."),
        ("fr", 408, "408 mois, de novembre 1990 à juillet 2025."),
        ("en", 1, "1 month, from April 2014 to April 2014."),
        ("en", 408, "408 months, from November 1990 to July 2025."),
    ],
)
def test_the_bulletins_page_counts_months(lang: Language, count: int, expected: str) -> None:
    locale = Locale(lang)
    first, last = ("April 2014", "April 2014") if count == 1 else ("November 1990", "July 2025")
    if lang == "fr":
        first, last = (
            ("avril 2014", "avril 2014") if count == 1 else ("novembre 1990", "juillet 2025")
        )
    text = locale.plural("report.web.count", count, count=str(count), first=first, last=last)
    assert text == expected


def test_one_top_contributor() -> None:
    def caption(locale: Locale, count: int, month: str) -> str:  # as francophonie.html does
        return locale.plural("francophonie.top_caption", count, count=str(count), month=month)

    assert caption(FR, 1, "juillet 1991") == (
        "Le seul contributeur, juillet 1991, et sa variation sur la période"
    )
    assert caption(FR, 10, "juillet 2025") == (
        "Les 10 premiers contributeurs, juillet 2025, et leur variation sur la période"
    )
    assert caption(EN, 1, "July 1991") == (
        "The only contributor, July 1991, and its change over the period"
    )
    assert caption(EN, 10, "July 2025") == (
        "The 10 largest contributors, July 2025, and their change over the period"
    )


def test_an_archive_of_one_bulletin() -> None:
    assert t("report.archive.written", "en", count=1, folder="out", path="out/index.html") == (
        "Bulletins written in out: 1; index: out/index.html"
    )
    assert t("report.archive.written", "fr", count=1, folder="out", path="out/index.html") == (
        f"Bulletins écrits dans out{NNBSP}: 1{NNBSP}; sommaire{NNBSP}: out/index.html"
    )


def test_no_message_writes_a_plural_as_s_in_brackets() -> None:
    """« chiffre(s) », "month(s)": a count is a plural message (or a wording any number fits)."""
    found = [
        (lang, key)
        for lang in LANGUAGES
        for key, texts in (
            *((k, (v,)) for k, v in catalogue(lang).items()),
            *plural_catalogue(lang).items(),
        )
        for text in texts
        if re.search(r"\w\((?:e|s|e\)\(s|es)\)", text)
    ]
    assert found == []


def test_check_data_counts_the_probable_source_gaps() -> None:
    def title(locale: Locale, count: int) -> str:  # as cli/reference.py prints it
        return locale.plural("gaps.check.title", count, count=str(count))

    assert title(FR, 1).startswith(
        f"Lacunes probables de la source{NNBSP}: 1 ligne contributeur × mission absente un seul "
        "mois"
    )
    assert "(dessinée comme un trou, écartée des alertes" in title(FR, 1)
    assert f"{NNBSP}: 9 lignes contributeur × mission absentes un seul mois" in title(FR, 9)
    assert title(EN, 1).startswith("Probable source gaps: 1 contributor × mission row missing")
    assert "(drawn as a gap," in title(EN, 1)
    assert title(EN, 9).startswith("Probable source gaps: 9 contributor × mission rows missing")
