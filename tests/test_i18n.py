"""The gettext catalogues: same keys and placeholders in both languages, CLDR plurals, files that
Babel (and GNU gettext, when installed) read without complaint, and a cache that follows edits."""

from __future__ import annotations

import gettext
import re
import shutil
import string
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pkobs.catalogues import (
    CatalogueError,
    expected_plural_forms,
    load,
    locales_folder,
    plural_categories,
)
from pkobs.i18n import (
    all_keys,
    catalogue,
    count_of,
    fmt_int,
    plural_catalogue,
    plural_category,
    plural_form,
    t,
    t_plural,
)
from pkobs.reports.text import points
from pkobs.settings import LANGUAGES, Language, parse_language

LOCALES = Path(str(locales_folder()))
PO_FILES = sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def header_fields(path: Path) -> dict[str, str]:
    """The header entry's fields, read from the file's text rather than through Babel."""
    block = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    joined = "".join(line[1:-1] for line in block.splitlines() if line.startswith('"'))
    fields = (line.partition(":") for line in joined.split("\\n") if line)
    return {name.strip(): value.strip() for name, _, value in fields}


def test_every_key_exists_in_both_languages() -> None:
    keys = all_keys()
    assert keys["fr"] == keys["en"], keys["fr"] ^ keys["en"]
    assert catalogue("fr").keys() == catalogue("en").keys()
    assert plural_catalogue("fr").keys() == plural_catalogue("en").keys()
    assert {"noun.row.one", "noun.row.other", "nav.overview"} <= keys["fr"]
    areas = {lang: sorted(p.name for p in PO_FILES if p.parts[-3] == lang) for lang in LANGUAGES}
    assert areas["fr"] == areas["en"] and "web.po" in areas["fr"]


def test_placeholders_are_the_same_in_both_languages() -> None:
    differ = [
        key
        for key, french in catalogue("fr").items()
        if placeholders(french) != placeholders(catalogue("en")[key])
    ]
    for key, forms in plural_catalogue("fr").items():
        english = plural_catalogue("en")[key]
        if {frozenset(placeholders(form)) for form in (*forms, *english)} != {
            frozenset(placeholders(english[0]))
        }:
            differ.append(key)
    assert not differ


def test_plural_entries_have_every_cldr_form() -> None:
    assert plural_categories("fr") == ("one", "many", "other")
    assert plural_categories("en") == ("one", "other")
    for lang in LANGUAGES:
        size = len(plural_categories(lang))
        for key, forms in plural_catalogue(lang).items():
            assert len(forms) == size and all(forms), (lang, key, forms)
    assert "report.points" in plural_catalogue("fr")
    assert "report.of_group.other" in catalogue("fr")  # a group called "other", not a plural


def test_french_counts_follow_cldr() -> None:
    assert count_of(0, "row", "fr") == "0 ligne"
    assert count_of(1, "row", "fr") == "1 ligne"
    assert count_of(2, "row", "fr") == "2 lignes"
    assert count_of(1_000_000, "row", "fr") == f"{fmt_int(1_000_000, 'fr')} lignes"
    assert count_of(1_500_000, "row", "fr") == f"{fmt_int(1_500_000, 'fr')} lignes"
    assert count_of(0, "peacekeeper", "fr") == "0 membre du personnel"
    assert count_of(2, "peacekeeper", "fr") == "2 membres du personnel"
    assert count_of(2, "more_problem", "fr") == "2 autres problèmes"


def test_english_zero_is_plural() -> None:
    assert count_of(0, "row", "en") == "0 rows"
    assert count_of(1, "row", "en") == "1 row"
    assert count_of(2, "problem", "en") == "2 problems"
    assert count_of(1_000_000, "peacekeeper", "en") == "1,000,000 peacekeepers"


def test_french_many_is_its_own_form() -> None:
    """CLDR French says « 1 000 000 de lignes »: msgstr[1] ("many") is chosen for exact
    millions, so a translator can write it; today it repeats the "other" text."""
    forms = ("{n} ligne", "{n} de lignes", "{n} lignes")
    assert plural_category(1_000_000, "fr") == plural_category(3_000_000, "fr") == "many"
    assert plural_form(forms, 1_000_000, "fr") == "{n} de lignes"
    assert plural_form(forms, 1_000_001, "fr") == "{n} lignes"
    assert plural_form(forms, 1, "fr") == "{n} ligne"
    assert plural_form(("{n} row", "{n} rows"), 1_000_000, "en") == "{n} rows"
    for key, (_, many, other) in plural_catalogue("fr").items():
        assert many == other, key  # until the French catalogue writes a "de" form


def test_decimal_figures_use_cldr_too() -> None:
    assert plural_category(Decimal("1.5"), "fr") == "one"
    assert plural_category(Decimal("2.0"), "fr") == "other"
    assert plural_category(Decimal("1.0"), "en") == "other"
    assert points(0.019, "fr") == "+1,9 point"
    assert points(0.02, "fr") == "+2,0 points"
    assert points(-0.015, "fr") == "\u22121,5 point"
    assert points(0.01, "en") == "+1.0 percentage points"
    assert t_plural("report.training.countries", 1, "en", count=1) == "1 country"


def test_plural_forms_header_agrees_with_the_cldr_rule() -> None:
    """gettext tools pick msgstr[i] by the header's C expression; pkobs by Babel's CLDR rule.
    Both must pick the same form for every count."""
    for lang in LANGUAGES:
        expression = expected_plural_forms(lang).split("plural=", 1)[1].rstrip(";")
        index_of = gettext.c2py(expression)
        numbers = [*range(2001), 999_999, 1_000_000, 1_000_001, 2_000_000, 10**9]
        categories = plural_categories(lang)
        for number in numbers:
            assert categories[index_of(number)] == plural_category(number, lang), (lang, number)


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_po_files_parse_with_the_right_headers(path: Path) -> None:
    lang = parse_language(path.parts[-3])
    with path.open("rb") as stream:
        parsed = read_po(stream, abort_invalid=True)
    assert str(parsed.locale) == lang
    fields = header_fields(path)
    assert fields["Language"] == lang
    assert fields["Plural-Forms"] == expected_plural_forms(lang)
    assert fields["Content-Type"] == "text/plain; charset=utf-8"
    assert len(parsed) > 5


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_gnu_gettext_accepts_every_file() -> None:
    for path in PO_FILES:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_one_catalogue_format() -> None:
    leftovers = [p.name for p in LOCALES.rglob("*") if p.is_file() and p.suffix != ".po"]
    assert not leftovers, f"messages go into locales/<lang>/LC_MESSAGES/<area>.po: {leftovers}"


def test_plural_keys_are_not_single_messages() -> None:
    with pytest.raises(KeyError, match=r"use t_plural\('noun.row'"):
        t("noun.row.one", "fr")
    with pytest.raises(KeyError, match="missing from the en catalogue"):
        t("no.such.key", "en")


HEADER = (
    'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {forms}\\n"\n'
    '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
)


def write_catalogue(root: Path, lang: Language, entries: str, forms: str | None = None) -> Path:
    path = root / lang / "LC_MESSAGES" / "core.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(lang=lang, forms=forms or expected_plural_forms(lang))
    path.write_text(header + entries, encoding="utf-8")
    return path


FR_PLURAL = 'msgid "n.one"\nmsgid_plural "n.other"\nmsgstr[0] "un"\nmsgstr[1] "m"\nmsgstr[2] "o"\n'


def test_the_cache_follows_the_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = write_catalogue(tmp_path / "loc", "fr", 'msgid "a"\nmsgstr "A"\n\n' + FR_PLURAL)
    first = load(tmp_path / "loc", "fr", cache)
    assert first.messages == {"a": "A"} and first.plurals == {"n": ("un", "m", "o")}
    (stored,) = cache.iterdir()
    assert load(tmp_path / "loc", "fr", cache) == first
    path.write_text(path.read_text(encoding="utf-8").replace('"A"', '"B"'), encoding="utf-8")
    assert load(tmp_path / "loc", "fr", cache).messages == {"a": "B"}
    assert not stored.exists() and len(list(cache.iterdir())) == 1  # the stale copy is gone
    (fresh,) = cache.iterdir()
    fresh.write_text("{not json", encoding="utf-8")
    assert load(tmp_path / "loc", "fr", cache).messages == {"a": "B"}
    assert load(tmp_path / "loc", "fr", None).messages == {"a": "B"}


@pytest.mark.parametrize(
    ("entries", "forms", "message"),
    [
        ('msgid "a"\nmsgstr ""\n', None, r"core.po:\d+: 'a' has no translation"),
        ('#, fuzzy\nmsgid "a"\nmsgstr "A"\n', None, "'a' is marked fuzzy"),
        ('msgid "a"\nmsgstr "A"\nmsgid "b"\n', None, r"core.po:\d+: not a valid .po file"),
        (FR_PLURAL.replace('msgstr[2] "o"\n', ""), None, r"needs 3 non-empty forms"),
        (FR_PLURAL.replace("n.other", "n.many"), None, r'msgid "<key>.one" with msgid_plural'),
        ('msgid "a"\nmsgstr "A"\n', "nplurals=2; plural=(n > 1);", "CLDR \\(Babel\\) gives"),
    ],
)
def test_a_bad_file_is_named_with_its_line(
    tmp_path: Path, entries: str, forms: str | None, message: str
) -> None:
    write_catalogue(tmp_path, "fr", entries, forms)
    with pytest.raises(CatalogueError, match=message):
        load(tmp_path, "fr", None)


def test_wrong_language_and_duplicates_are_refused(tmp_path: Path) -> None:
    path = write_catalogue(tmp_path, "fr", 'msgid "a"\nmsgstr "A"\n')
    path.write_text(path.read_text().replace("Language: fr", "Language: en"), encoding="utf-8")
    with pytest.raises(CatalogueError, match="the Language header says 'en'"):
        load(tmp_path, "fr", None)
    write_catalogue(tmp_path, "fr", 'msgid "a"\nmsgstr "A"\n')
    shutil.copy(path, path.with_name("web.po"))
    with pytest.raises(CatalogueError, match=re.escape("'a' is already defined in")):
        load(tmp_path, "fr", None)


def test_the_first_of_the_month_is_1er_in_french() -> None:
    import datetime as dt

    from pkobs.i18n import Locale

    assert Locale("fr").date(dt.date(2013, 7, 1)) == "1er juillet 2013"
    assert Locale("fr").date(dt.date(2013, 7, 11)) == "11 juillet 2013"
    assert Locale("en").date(dt.date(2013, 7, 1)) == "July 1, 2013"


# --- French elision: « d’avril », never « de avril » ---------------------------------------------

DE_VOWEL_MONTH = re.compile(r"\b[Dd]e\s+(?:avril|août|octobre)\b")


def test_french_elides_de_before_a_month_starting_with_a_vowel() -> None:
    import datetime as dt

    from pkobs.i18n import Locale, elided
    from pkobs.messages import Message, Month

    assert elided("de avril 2024 à avril 2025", "fr") == "d’avril 2024 à avril 2025"
    assert elided("De août 2010 à octobre 2014", "fr") == "D’août 2010 à octobre 2014"
    assert elided("l’effectif de\u00a0octobre 1994", "fr") == "l’effectif d’octobre 1994"
    for kept in ("de mai 2010", "à avril", "du 1er août", "Inde avril", "de avrils"):
        assert elided(kept, "fr") == kept
    assert elided("de avril", "en") == "de avril"  # English is never touched
    fr, en = Locale("fr"), Locale("en")
    april, may = dt.date(2024, 4, 30), dt.date(2025, 5, 31)
    # a template's « de {first} à {last} », filled with formatted months or Month values
    assert fr.t("report.months_range", first=fr.month(april), last=fr.month(may)) == (
        "d’avril 2024 à mai 2025"
    )
    assert fr.t("report.months_range", first=fr.month(may), last=fr.month(april)) == (
        "de mai 2025 à avril 2024"
    )
    assert en.t("report.months_range", first=en.month(april), last=en.month(may)) == (
        "April 2024 to May 2025"
    )
    # a plural message, and a nested Message (the no-data error's « à partir de {month} »)
    august = fr.month(dt.date(2010, 8, 31))
    assert fr.plural("report.archive.intro", 2, count="2", first=august, last=august) == (
        "2 bulletins, d’août 2010 à août 2010."
    )
    start = Message("web.no_data.from", {"month": Month(dt.date(2030, 4, 30))})
    assert fr.message(Message("web.no_data.after", {"start": start})) == "à partir d’avril 2030"
    assert en.message(Message("web.no_data.after", {"start": start})) == "from April 2030 on"


def test_render_elides_as_locale_message_does() -> None:
    """``render.results.render`` (the indicators' fast path) writes what ``Locale.message``
    writes, elision included."""
    import datetime as dt

    from pkobs.i18n import Locale
    from pkobs.messages import Message, Month
    from pkobs.render.results import render

    for month in (dt.date(2014, 10, 31), dt.date(2014, 11, 30)):
        message = Message("web.no_data.from", {"month": Month(month)})
        for lang in LANGUAGES:
            assert render(message, lang) == Locale(lang).message(message)
    assert render(Message("web.no_data.from", {"month": "octobre 2014"}), "fr") == (
        "d’octobre 2014"
    )


def test_no_french_message_writes_de_before_avril_août_octobre() -> None:
    """Every French message (each plural form), each placeholder filled with « avril 2024 »:
    the text pkobs writes elides « de » wherever the template puts a month after it."""
    from pkobs.i18n import elided, plural_form

    found = []
    for key, template in catalogue("fr").items():
        values = dict.fromkeys(placeholders(template), "avril 2024")
        if values and DE_VOWEL_MONTH.search(t(key, "fr", **values)):
            found.append(key)
    for key, forms in plural_catalogue("fr").items():
        for number in (1, 2):
            template = plural_form(forms, number, "fr")
            values = dict.fromkeys(placeholders(template), "avril 2024")
            if DE_VOWEL_MONTH.search(t_plural(key, number, "fr", **values)):
                found.append(key)
    assert found == []
    assert DE_VOWEL_MONTH.search("de avril") and not DE_VOWEL_MONTH.search(elided("de avril", "fr"))
