"""French and English sentences: rises, falls, no change, zero start, singular and plural."""

from __future__ import annotations

import datetime as dt

import pytest

from pkobs.i18n import Locale
from pkobs.indicators.sentences import alert_message, trend_message
from pkobs.settings import Language

A, B = dt.date(2013, 2, 28), dt.date(2014, 2, 28)


def trend_sentence(
    group: str,
    category: str,
    start: dt.date,
    end: dt.date,
    before: int,
    after: int,
    lang: Language,
) -> str:
    """The trend sentence as an edge renders it, with the reader's Locale."""
    return Locale(lang).message(trend_message(group, category, start, end, before, after))


def alert_sentence(
    name: str, scope: str, month: dt.date, previous: int, current: int, lang: Language
) -> str:
    """The alert sentence as an edge renders it, with the reader's Locale."""
    return Locale(lang).message(alert_message(name, scope, month, previous, current))


def personnel(count: int, lang: Language) -> str:
    return Locale(lang).count(count, "peacekeeper")


def test_issue_example_french() -> None:
    assert trend_sentence("oif", "police", A, B, 4812, 5207, "fr") == (
        "La participation des membres de l’OIF aux contingents de police a augmenté de "
        "8,2\u00a0% entre février 2013 et février 2014 (de 4\u202f812 à 5\u202f207 membres du "
        "personnel)."
    )


def test_issue_example_english() -> None:
    assert trend_sentence("oif", "police", A, B, 4812, 5207, "en") == (
        "Participation of OIF members in police contingents rose by 8.2% between February 2013 "
        "and February 2014 (from 4,812 to 5,207 peacekeepers)."
    )


@pytest.mark.parametrize(
    ("before", "after", "fr", "en"),
    [
        (200, 150, "a diminué de 25,0\u00a0%", "fell by 25.0%"),
        (
            7,
            7,
            "est restée stable entre février 2013 et février 2014 (7 membres du personnel)",
            "remained stable between February 2013 and February 2014 (7 peacekeepers)",
        ),
        (
            0,
            1,
            "est passée de 0 à 1 membre du personnel entre",
            "went from 0 to 1 peacekeeper between",
        ),
        (0, 0, "(0 membre du personnel)", "(0 peacekeepers)"),
        (
            1,
            0,
            "a diminué de 100,0\u00a0% entre février 2013 et février 2014 (de 1 à 0 membre du "
            "personnel)",
            "fell by 100.0% between February 2013 and February 2014 (from 1 to 0 peacekeepers)",
        ),
        (10000, 10001, "a augmenté de 0,01\u00a0%", "rose by 0.01%"),
    ],
)
def test_cases(before: int, after: int, fr: str, en: str) -> None:
    assert fr in trend_sentence("oif", "military", A, B, before, after, "fr")
    assert en in trend_sentence("oif", "military", A, B, before, after, "en")


def test_other_groups_and_plurals() -> None:
    assert trend_sentence("au", "all", A, B, 1, 2, "fr").startswith(
        "La participation des membres de l’Union africaine aux opérations de paix de l’ONU"
    )
    assert trend_sentence("eu", "all", A, B, 1, 2, "en").startswith(
        "Participation of the European Union members in UN peace operations"
    )
    assert [personnel(n, "fr") for n in (0, 1, 2)] == [
        "0 membre du personnel",
        "1 membre du personnel",
        "2 membres du personnel",
    ]
    assert [personnel(n, "en") for n in (0, 1, 2)] == [
        "0 peacekeepers",
        "1 peacekeeper",
        "2 peacekeepers",
    ]
    assert alert_sentence("Sénégal", "contributor", B, 100, 250, "fr") == (
        "Sénégal\u202f: le personnel fourni augmente de 150,0\u00a0% en février 2014 "
        "(de 100 à 250 membres du personnel)."
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_fast_renderer_writes_what_locale_writes(lang: Language) -> None:
    from pkobs.i18n import count_of, fmt_int
    from pkobs.indicators.sentences import percent
    from pkobs.render.results import _count, _number, render

    numbers = [*range(-1200, 1200, 7), 10**6, 12_345_678, -(10**9)]
    assert [_number(n, lang) for n in numbers] == [fmt_int(n, lang) for n in numbers]
    assert [_count(n, "peacekeeper", lang) for n in numbers] == [
        count_of(n, "peacekeeper", lang) for n in numbers
    ]
    locale = Locale(lang)
    messages = [
        trend_message("oif", "police", A, B, 4812, 5207),
        trend_message("au", "all", A, B, 0, 1),
        alert_message("Sénégal", "contributor", B, 100, 250),
        alert_message("UNIFIL", "mission", B, 1709, 848),
        percent(0.00005, 2),
        percent(0.2, 0),
    ]
    assert [render(m, lang) for m in messages] == [locale.message(m) for m in messages]


@pytest.mark.parametrize("value", [0.0, 0.0005, 0.00125, 0.082, 0.1234, 0.5, 0.99995, 1.0, 12.3456])
@pytest.mark.parametrize("digits", [0, 1, 2])
def test_percent_rounds_as_babel(value: float, digits: int) -> None:
    from pkobs.i18n import fmt_share
    from pkobs.indicators.sentences import percent

    for lang in ("fr", "en"):
        assert Locale(lang).message(percent(value, digits)) == fmt_share(value, lang, digits)
